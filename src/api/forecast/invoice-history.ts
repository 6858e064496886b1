import { BankDayTable } from '../../banking/bank-day-table';
import { fromEpochDay, toEpochDay, type IsoDate } from '../../banking/dates';
import { customerKey, type KnownFlow, type PaymentDelays } from './known-flows';

/*
 * The koncern's invoices through time: when each became known (issued), fell due and was paid. From them
 * the forecast knows, on any past day, which receivables and payables were open then (so the backtest and
 * the bands are judged with what was known at each origin), how late each customer paid until then, and
 * how much of a day's receipts or payments is usually known how far ahead.
 *
 * A large koncern has a million invoices in two years and the bands look at 39 earlier origins, so the
 * history is held in columns of epoch days and numbers, ordered by the day each invoice became known,
 * and bank days are looked up in a table.
 */

/** Delays are learned from each customer's latest settled invoices: recent behaviour, bounded work per day. */
const DELAY_SAMPLE = 24;
/** A receivable overdue longer than this is doubtful: it is not counted on to arrive tomorrow. */
const DOUBTFUL_AFTER_DAYS = 90;
/** Leads beyond this many days are counted as this many: the forecast looks 13 weeks ahead. */
const MAX_LEAD_DAYS = 120;
/** How far back a day's share of known flows is measured. */
const LEAD_WINDOW_DAYS = 182;
/** Bank days are looked up this far past the last due date (delays, a 13-week horizon). */
const TABLE_MARGIN_DAYS = 200;
const OPEN = -1;

/** One invoice, as the loader hands it over (the columns are built from these). */
export interface InvoiceRow {
  receivable: boolean;
  /** Index into `InvoiceHistory.accounts`. */
  account: number;
  /** Index into `InvoiceHistory.currencies`. */
  currency: number;
  /** Index into `InvoiceHistory.names` (the counterparty as the item names it). */
  name: number;
  /** The open item's id, for the known flows it becomes; null where none will be listed (settled ones). */
  reference: string | null;
  knownSince: number;
  due: number;
  /** Epoch day it was settled, or -1 while open. */
  paid: number;
  /** Unsigned minor units: the full amount, or what is still open of an open item. */
  amountMinor: bigint;
  /** Paid through one of our approved payment batches: the batch is the known flow, not the item. */
  inPaymentBatch: boolean;
}

export class InvoiceHistory {
  readonly count: number;
  readonly receivable: Uint8Array;
  readonly account: Int32Array;
  readonly currency: Int32Array;
  readonly name: Int32Array;
  /** Per row: index into `customers`, the normalised names (`customerKey`). */
  readonly customer: Int32Array;
  readonly customers: readonly string[];
  readonly references: readonly (string | null)[];
  /** Epoch days; the rows are ordered by this. */
  readonly knownSince: Int32Array;
  readonly due: Int32Array;
  readonly paid: Int32Array;
  readonly amountMinor: BigInt64Array;
  readonly inPaymentBatch: Uint8Array;
  /** The longest any settled invoice was open, in days. */
  readonly longestOpenDays: number;
  readonly calendar: BankDayTable;
  /** Per customer: its settled receivables' rows ordered by paid day (ties by due day, then row). */
  private readonly settledByCustomer: Int32Array[];
  /** Per customer: each of those settled receivables' delay, in bank days after the due date. */
  private readonly delaysByCustomer: Int32Array[];
  private readonly delaysCache = new Map<number, PaymentDelays>();

  constructor(
    rows: readonly InvoiceRow[],
    readonly accounts: readonly string[],
    readonly currencies: readonly string[],
    readonly names: readonly string[],
  ) {
    const customerIndex = new Map<string, number>();
    const customerOfName = Int32Array.from(names, (name) => {
      const key = customerKey(name);
      let index = customerIndex.get(key);
      if (index === undefined) {
        index = customerIndex.size;
        customerIndex.set(key, index);
      }
      return index;
    });
    this.customers = [...customerIndex.keys()];
    const references: (string | null)[] = [];
    const order = orderByKnownSince(rows);
    const n = rows.length;
    this.count = n;
    this.receivable = new Uint8Array(n);
    this.account = new Int32Array(n);
    this.currency = new Int32Array(n);
    this.name = new Int32Array(n);
    this.customer = new Int32Array(n);
    this.knownSince = new Int32Array(n);
    this.due = new Int32Array(n);
    this.paid = new Int32Array(n);
    this.amountMinor = new BigInt64Array(n);
    this.inPaymentBatch = new Uint8Array(n);
    let longest = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    order.forEach((from, to) => {
      const r = rows[from] as InvoiceRow;
      this.receivable[to] = r.receivable ? 1 : 0;
      this.account[to] = r.account;
      this.currency[to] = r.currency;
      this.name[to] = r.name;
      this.customer[to] = customerOfName[r.name] ?? 0;
      references.push(r.reference);
      this.knownSince[to] = r.knownSince;
      this.due[to] = r.due;
      this.paid[to] = r.paid;
      this.amountMinor[to] = r.amountMinor;
      this.inPaymentBatch[to] = r.inPaymentBatch ? 1 : 0;
      if (r.paid !== OPEN) longest = Math.max(longest, r.paid - r.knownSince);
      first = Math.min(first, r.knownSince, r.due, r.paid === OPEN ? r.due : r.paid);
      last = Math.max(last, r.due, r.paid);
    });
    this.references = references;
    this.longestOpenDays = longest;
    this.calendar =
      n === 0
        ? new BankDayTable(0, 0)
        : new BankDayTable(first - TABLE_MARGIN_DAYS, last + 2 * TABLE_MARGIN_DAYS + LEAD_WINDOW_DAYS);

    const settled: number[][] = this.customers.map(() => []);
    for (let i = 0; i < n; i++) {
      if (this.receivable[i] && this.paid[i] !== OPEN) settled[this.customer[i] ?? 0]?.push(i);
    }
    this.settledByCustomer = settled.map((list) =>
      Int32Array.from(
        list.sort(
          (a, b) =>
            (this.paid[a] ?? 0) - (this.paid[b] ?? 0) || (this.due[a] ?? 0) - (this.due[b] ?? 0) || a - b,
        ),
      ),
    );
    this.delaysByCustomer = this.settledByCustomer.map((list) =>
      Int32Array.from(list, (i) =>
        this.calendar.between(this.calendar.onOrAfter(this.due[i] ?? 0), this.paid[i] ?? 0),
      ),
    );
  }

  /** The rows of these accounts (all when null), in knownSince order. */
  rowsOf(accounts: ReadonlySet<string> | null): Int32Array {
    if (accounts === null) return Int32Array.from({ length: this.count }, (_, i) => i);
    const wanted = new Set(this.accounts.flatMap((a, i) => (accounts.has(a) ? [i] : [])));
    const rows: number[] = [];
    for (let i = 0; i < this.count; i++) if (wanted.has(this.account[i] ?? -1)) rows.push(i);
    return Int32Array.from(rows);
  }

  /** Each customer's typical delay in bank days as known on `origin`: the median over its latest settled invoices. */
  paymentDelaysAt(origin: number): PaymentDelays {
    const cached = this.delaysCache.get(origin);
    if (cached) return cached;
    const byCustomer = new Map<string, number>();
    this.settledByCustomer.forEach((list, customer) => {
      const lo = countWhile(list.length, (i) => (this.paid[list[i] ?? 0] ?? 0) <= origin);
      if (lo === 0) return;
      const delays = this.delaysByCustomer[customer] ?? new Int32Array(0);
      byCustomer.set(
        this.customers[customer] ?? '',
        median(Array.from(delays.subarray(Math.max(0, lo - DELAY_SAMPLE), lo))),
      );
    });
    const delays = { byCustomer, fallback: byCustomer.size > 0 ? median([...byCustomer.values()]) : 0 };
    this.delaysCache.set(origin, delays);
    return delays;
  }

  /** The epoch day an invoice open on `origin` is expected: a bank day after the origin. */
  expectedDay(row: number, origin: number, delays: PaymentDelays): number {
    const due = this.due[row] ?? 0;
    const day = this.receivable[row]
      ? this.calendar.add(
          due,
          delays.byCustomer.get(this.customers[this.customer[row] ?? 0] ?? '') ?? delays.fallback,
        )
      : this.calendar.onOrAfter(due);
    return day > origin ? day : this.calendar.onOrAfter(origin + 1);
  }

  /** Whether the invoice was open on `origin` and counted on: known, unpaid, and not long overdue. */
  isOpenOn(row: number, origin: number): boolean {
    if ((this.knownSince[row] ?? 0) > origin || this.inPaymentBatch[row]) return false;
    const paid = this.paid[row] ?? OPEN;
    if (paid !== OPEN && paid <= origin) return false;
    // Long overdue receivables are doubtful; a payable stays owed however late.
    return !this.receivable[row] || origin - (this.due[row] ?? 0) <= DOUBTFUL_AFTER_DAYS;
  }
}

/** The rows' positions ordered by the day each became known (a counting sort: a million rows, few days). */
function orderByKnownSince(rows: readonly InvoiceRow[]): Int32Array {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    first = Math.min(first, r.knownSince);
    last = Math.max(last, r.knownSince);
  }
  const order = new Int32Array(rows.length);
  if (rows.length === 0) return order;
  const starts = new Int32Array(last - first + 2);
  for (const r of rows) starts[r.knownSince - first + 1] = (starts[r.knownSince - first + 1] ?? 0) + 1;
  for (let d = 1; d < starts.length; d++) starts[d] = (starts[d] ?? 0) + (starts[d - 1] ?? 0);
  rows.forEach((r, i) => {
    const d = r.knownSince - first;
    order[starts[d] ?? 0] = i;
    starts[d] = (starts[d] ?? 0) + 1;
  });
  return order;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[(values.length - 1) >> 1] ?? 0;
}

/** How many of the first positions of a list of `length` hold, `holds` being true up to some position only. */
function countWhile(length: number, holds: (position: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position in `rows` whose invoice became known after `day`. */
function knownAfter(history: InvoiceHistory, rows: Int32Array, day: number): number {
  return countWhile(rows.length, (k) => (history.knownSince[rows[k] ?? 0] ?? 0) <= day);
}

/**
 * Calls `visit` with each row open on `origin` and counted on (`isOpenOn`): those known in the longest
 * time an invoice stayed open before it, and the items still open today, which may be older.
 */
function forEachOpenOn(scope: ScopeInvoices, origin: number, visit: (row: number) => void): void {
  const { history, rows } = scope;
  const end = knownAfter(history, rows, origin);
  const start = knownAfter(history, rows, origin - history.longestOpenDays - 1);
  for (let k = start; k < end; k++) {
    const row = rows[k] ?? 0;
    if (history.isOpenOn(row, origin)) visit(row);
  }
  for (let k = 0; k < start; k++) {
    const row = rows[k] ?? 0;
    if (history.paid[row] === OPEN && history.isOpenOn(row, origin)) visit(row);
  }
}

/** A scope's view of the koncern's invoices: the rows of its accounts. */
export interface ScopeInvoices {
  history: InvoiceHistory;
  rows: Int32Array;
}

/**
 * What was known on `origin` (a past day), as SEK per day after it: the receivables and payables open
 * that day, each on its expected day, valued at the origin's rates. Index 0 is the day after the origin.
 */
export function knownDailyAt(
  scope: ScopeInvoices,
  originDate: IsoDate,
  days: number,
  rateOn: (currency: string, date: IsoDate) => number,
): { inflow: Float64Array; outflow: Float64Array } {
  const { history } = scope;
  const origin = toEpochDay(originDate);
  const inflow = new Float64Array(days);
  const outflow = new Float64Array(days);
  const delays = history.paymentDelaysAt(origin);
  const rates = history.currencies.map((c) => rateOn(c, originDate));
  forEachOpenOn(scope, origin, (row) => {
    const offset = history.expectedDay(row, origin, delays) - origin - 1;
    if (offset >= days) return;
    const sek = Number(history.amountMinor[row] ?? 0n) * (rates[history.currency[row] ?? 0] ?? Number.NaN);
    if (history.receivable[row]) inflow[offset] = (inflow[offset] ?? 0) + sek;
    else outflow[offset] = (outflow[offset] ?? 0) - sek;
  });
  return { inflow, outflow };
}

/**
 * Of the money that arrived (left) on a day, how much an origin `lead` days before would have counted on
 * for that day: per direction, the settled invoices' amounts by lead over the window before `origin`, in
 * SEK, summed from each lead up. The lead runs from the day an invoice became known to the day it would be
 * expected (as the known flows are placed, with the delays learned by `origin`), not to the day it was
 * paid: measured to the paid day, its share at the edge of what is known came out too high. Divided by
 * the window's flows by the caller, it is the share of a future day's flows that the open items cover.
 */
export function knownAheadAt(
  scope: ScopeInvoices,
  originDate: IsoDate,
  rateOn: (currency: string, date: IsoDate) => number,
): { from: IsoDate; inflow: Float64Array; outflow: Float64Array } {
  const { history, rows } = scope;
  const origin = toEpochDay(originDate);
  const from = origin - LEAD_WINDOW_DAYS;
  const inflow = new Float64Array(MAX_LEAD_DAYS + 2);
  const outflow = new Float64Array(MAX_LEAD_DAYS + 2);
  const delays = history.paymentDelaysAt(origin);
  // Valued at the origin's rates: the shares are ratios, and a rate per payment day would cost a lookup each.
  const rates = history.currencies.map((c) => rateOn(c, originDate));
  const end = knownAfter(history, rows, origin);
  const start = knownAfter(history, rows, from - history.longestOpenDays - 1);
  for (let k = start; k < end; k++) {
    const row = rows[k] ?? 0;
    const paid = history.paid[row] ?? OPEN;
    if (paid === OPEN || paid <= from || paid > origin) continue;
    const knownSince = history.knownSince[row] ?? 0;
    const lead = Math.min(
      MAX_LEAD_DAYS,
      Math.max(0, history.expectedDay(row, knownSince, delays) - knownSince),
    );
    const sek = Number(history.amountMinor[row] ?? 0n) * (rates[history.currency[row] ?? 0] ?? Number.NaN);
    const target = history.receivable[row] ? inflow : outflow;
    target[lead] = (target[lead] ?? 0) + sek;
  }
  for (let lead = MAX_LEAD_DAYS; lead >= 0; lead--) {
    inflow[lead] = (inflow[lead] ?? 0) + (inflow[lead + 1] ?? 0);
    outflow[lead] = (outflow[lead] ?? 0) + (outflow[lead + 1] ?? 0);
  }
  return { from: fromEpochDay(from), inflow, outflow };
}

/** `knownAheadAt`'s sums for `lead` days (leads past the longest counted are the longest's). */
export function knownAhead(sums: Float64Array, lead: number): number {
  return sums[Math.min(Math.max(0, lead), MAX_LEAD_DAYS)] ?? 0;
}

/**
 * The receivables and payables open on `originDate` as known flows (the forecast from today): receivables
 * the customer's learned bank days after their due date, payables on their due date, each on a bank day
 * after the origin.
 */
export function knownInvoiceFlows(scope: ScopeInvoices, originDate: IsoDate): KnownFlow[] {
  const origin = toEpochDay(originDate);
  const { history } = scope;
  const delays = history.paymentDelaysAt(origin);
  const flows: KnownFlow[] = [];
  forEachOpenOn(scope, origin, (row) => {
    const amount = history.amountMinor[row] ?? 0n;
    const receivable = history.receivable[row] === 1;
    flows.push({
      source: receivable ? 'receivable' : 'payable',
      reference: history.references[row] ?? '',
      counterparty: history.names[history.name[row] ?? 0] ?? '',
      accountId: history.accounts[history.account[row] ?? 0] ?? '',
      currency: history.currencies[history.currency[row] ?? 0] ?? '',
      date: fromEpochDay(history.expectedDay(row, origin, delays)),
      scheduledDate: fromEpochDay(history.due[row] ?? 0),
      amountMinor: receivable ? amount : -amount,
    });
  });
  return flows;
}
