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

/** One invoice, as a test builds it (the loader fills `InvoiceColumns` directly). */
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

/** The invoices in any order, one typed array per field (`InvoiceRow`'s fields), the first `count` used. */
export class InvoiceColumns {
  count = 0;
  readonly receivable: Uint8Array;
  readonly account: Int32Array;
  readonly currency: Int32Array;
  readonly name: Int32Array;
  /** By row: the open item's id, where one will be listed (`InvoiceRow.reference`). */
  readonly references = new Map<number, string>();
  readonly knownSince: Int32Array;
  readonly due: Int32Array;
  readonly paid: Int32Array;
  readonly amountMinor: BigInt64Array;
  /** `amountMinor` as doubles, for sums in SEK (exact below 2^53 öre). */
  readonly amount: Float64Array;
  readonly inPaymentBatch: Uint8Array;

  constructor(readonly capacity: number) {
    this.receivable = new Uint8Array(capacity);
    this.account = new Int32Array(capacity);
    this.currency = new Int32Array(capacity);
    this.name = new Int32Array(capacity);
    this.knownSince = new Int32Array(capacity);
    this.due = new Int32Array(capacity);
    this.paid = new Int32Array(capacity);
    this.amountMinor = new BigInt64Array(capacity);
    this.amount = new Float64Array(capacity);
    this.inPaymentBatch = new Uint8Array(capacity);
  }

  static of(rows: readonly InvoiceRow[]): InvoiceColumns {
    const columns = new InvoiceColumns(rows.length);
    for (const r of rows) columns.push(r);
    return columns;
  }

  push(r: InvoiceRow): void {
    const i = this.count++;
    this.receivable[i] = r.receivable ? 1 : 0;
    this.account[i] = r.account;
    this.currency[i] = r.currency;
    this.name[i] = r.name;
    if (r.reference !== null) this.references.set(i, r.reference);
    this.knownSince[i] = r.knownSince;
    this.due[i] = r.due;
    this.paid[i] = r.paid;
    this.amountMinor[i] = r.amountMinor;
    this.amount[i] = Number(r.amountMinor);
    this.inPaymentBatch[i] = r.inPaymentBatch ? 1 : 0;
  }
}

/** Each customer's delay in bank days (by index into `InvoiceHistory.customers`), as known on one day. */
interface CustomerDelays {
  byCustomer: Int32Array;
  /** 1 for the customers with a settled invoice by then (the others have the fallback). */
  known: Uint8Array;
  fallback: number;
}

/** A scope's view of the koncern's invoices: the rows of its accounts. */
export interface ScopeInvoices {
  history: InvoiceHistory;
  /** In the order the invoices became known. */
  rows: Int32Array;
  /** The settled ones, in the order they were paid. */
  settled: Int32Array;
  /** The open ones, in the order they became known. */
  open: Int32Array;
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
  /** By row: the open item's id, where one will be listed as a known flow. */
  readonly references: ReadonlyMap<number, string>;
  /** Epoch days; the rows are ordered by this. */
  readonly knownSince: Int32Array;
  readonly due: Int32Array;
  readonly paid: Int32Array;
  /** Exact, for the known flows listed. */
  readonly amountMinor: BigInt64Array;
  /** The same as doubles, for sums in SEK (exact below 2^53 öre). */
  readonly amount: Float64Array;
  readonly inPaymentBatch: Uint8Array;
  /** The longest any settled invoice was open, in days. */
  readonly longestOpenDays: number;
  readonly calendar: BankDayTable;
  /** The settled rows ordered by paid day, then due day, then row. */
  private readonly settledByPaid: Int32Array;
  /** Per customer: its settled receivables' rows ordered by paid day (ties by due day, then row). */
  private readonly settledByCustomer: Int32Array[];
  /** Per customer: each of those settled receivables' delay, in bank days after the due date. */
  private readonly delaysByCustomer: Int32Array[];
  private readonly delaysCache = new Map<number, CustomerDelays>();
  private allRows: Int32Array | undefined;

  static of(
    rows: readonly InvoiceRow[],
    accounts: readonly string[],
    currencies: readonly string[],
    names: readonly string[],
  ): InvoiceHistory {
    return new InvoiceHistory(InvoiceColumns.of(rows), accounts, currencies, names);
  }

  constructor(
    columns: InvoiceColumns,
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
    const n = columns.count;
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    const order = orderBy(columns.knownSince, all);
    this.count = n;
    this.receivable = pickBytes(columns.receivable, order);
    this.account = pickInts(columns.account, order);
    this.currency = pickInts(columns.currency, order);
    this.name = pickInts(columns.name, order);
    this.knownSince = pickInts(columns.knownSince, order);
    this.due = pickInts(columns.due, order);
    this.paid = pickInts(columns.paid, order);
    this.amountMinor = pickInt64s(columns.amountMinor, order);
    this.amount = pickDoubles(columns.amount, order);
    this.inPaymentBatch = pickBytes(columns.inPaymentBatch, order);
    this.customer = new Int32Array(n);
    // Where each of the columns' rows went, to carry the few rows' references over.
    const position = new Int32Array(n);
    let longest = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let settledCount = 0;
    for (let i = 0; i < n; i++) {
      position[order[i] ?? 0] = i;
      this.customer[i] = customerOfName[this.name[i] ?? 0] ?? 0;
      const knownSince = this.knownSince[i] ?? 0;
      const due = this.due[i] ?? 0;
      const paid = this.paid[i] ?? OPEN;
      if (paid !== OPEN) {
        settledCount++;
        if (paid - knownSince > longest) longest = paid - knownSince;
        if (paid < first) first = paid;
        if (paid > last) last = paid;
      }
      if (knownSince < first) first = knownSince;
      if (due < first) first = due;
      if (due > last) last = due;
    }
    const references = new Map<number, string>();
    for (const [row, reference] of columns.references) references.set(position[row] ?? 0, reference);
    this.references = references;
    this.longestOpenDays = longest;
    this.calendar =
      n === 0
        ? new BankDayTable(0, 0)
        : new BankDayTable(first - TABLE_MARGIN_DAYS, last + 2 * TABLE_MARGIN_DAYS + LEAD_WINDOW_DAYS);

    // Settled rows by paid day, ties by due day, then row: two stable counting sorts, least key first.
    const settled = new Int32Array(settledCount);
    for (let i = 0, k = 0; i < n; i++) if (this.paid[i] !== OPEN) settled[k++] = i;
    this.settledByPaid = orderBy(this.paid, orderBy(this.due, settled));
    // Per customer, its settled receivables in that order: a stable counting sort by customer.
    const starts = new Int32Array(this.customers.length + 1);
    for (const i of this.settledByPaid) {
      const c = (this.customer[i] ?? 0) + 1;
      if (this.receivable[i]) starts[c] = (starts[c] ?? 0) + 1;
    }
    for (let c = 1; c < starts.length; c++) starts[c] = (starts[c] ?? 0) + (starts[c - 1] ?? 0);
    const byCustomer = new Int32Array(starts[starts.length - 1] ?? 0);
    const delays = new Int32Array(byCustomer.length);
    const next = starts.slice(0, -1);
    for (const i of this.settledByPaid) {
      if (!this.receivable[i]) continue;
      const c = this.customer[i] ?? 0;
      const at = next[c] ?? 0;
      next[c] = at + 1;
      byCustomer[at] = i;
      delays[at] = this.calendar.between(this.calendar.onOrAfter(this.due[i] ?? 0), this.paid[i] ?? 0);
    }
    this.settledByCustomer = this.customers.map((_, c) => byCustomer.subarray(starts[c], starts[c + 1]));
    this.delaysByCustomer = this.customers.map((_, c) => delays.subarray(starts[c], starts[c + 1]));
  }

  /** The rows of these accounts (all when null), as a scope sees them. */
  scope(accounts: ReadonlySet<string> | null): ScopeInvoices {
    const wanted = new Uint8Array(this.accounts.length);
    this.accounts.forEach((a, i) => {
      wanted[i] = accounts === null || accounts.has(a) ? 1 : 0;
    });
    const inScope = (i: number) => wanted[this.account[i] ?? 0] === 1;
    const keep = (from: Int32Array, holds: (i: number) => boolean) => {
      const kept = new Int32Array(from.length);
      let k = 0;
      for (const i of from) if (holds(i)) kept[k++] = i;
      return kept.slice(0, k);
    };
    let rows = this.allRows;
    if (!rows) {
      rows = new Int32Array(this.count);
      for (let i = 0; i < this.count; i++) rows[i] = i;
      this.allRows = rows;
    }
    const everything = wanted.every((w) => w === 1);
    const scoped = everything ? rows : keep(rows, inScope);
    return {
      history: this,
      rows: scoped,
      settled: everything ? this.settledByPaid : keep(this.settledByPaid, inScope),
      open: keep(scoped, (i) => this.paid[i] === OPEN),
    };
  }

  /** Each customer's typical delay in bank days as known on `origin`: the median over its latest settled invoices. */
  paymentDelaysAt(origin: number): PaymentDelays {
    const delays = this.delaysAt(origin);
    const byCustomer = new Map<string, number>();
    this.customers.forEach((name, customer) => {
      if (delays.known[customer]) byCustomer.set(name, delays.byCustomer[customer] ?? 0);
    });
    return { byCustomer, fallback: delays.fallback };
  }

  private delaysAt(origin: number): CustomerDelays {
    const cached = this.delaysCache.get(origin);
    if (cached) return cached;
    const byCustomer = new Int32Array(this.customers.length);
    const known = new Uint8Array(this.customers.length);
    const all: number[] = [];
    const sample = new Int32Array(DELAY_SAMPLE);
    this.settledByCustomer.forEach((list, customer) => {
      const lo = countWhile(list.length, (i) => (this.paid[list[i] ?? 0] ?? 0) <= origin);
      if (lo === 0) return;
      const delays = this.delaysByCustomer[customer] ?? new Int32Array(0);
      const latest = delays.subarray(Math.max(0, lo - DELAY_SAMPLE), lo);
      sample.set(latest);
      const sorted = sample.subarray(0, latest.length).sort();
      const delay = sorted[(sorted.length - 1) >> 1] ?? 0;
      byCustomer[customer] = delay;
      known[customer] = 1;
      all.push(delay);
    });
    const fallback = all.length > 0 ? median(all) : 0;
    for (let c = 0; c < known.length; c++) if (!known[c]) byCustomer[c] = fallback;
    const delays = { byCustomer, known, fallback };
    this.delaysCache.set(origin, delays);
    return delays;
  }

  /** The epoch day an invoice open on `origin` is expected: a bank day after the origin. */
  private expectedDay(row: number, origin: number, delays: CustomerDelays): number {
    const due = this.due[row] ?? 0;
    const day = this.receivable[row]
      ? this.calendar.add(due, delays.byCustomer[this.customer[row] ?? 0] ?? delays.fallback)
      : this.calendar.onOrAfter(due);
    return day > origin ? day : this.calendar.onOrAfter(origin + 1);
  }

  /** Whether the invoice was open on `origin` and counted on: known, unpaid, and not long overdue. */
  private isOpenOn(row: number, origin: number): boolean {
    if ((this.knownSince[row] ?? 0) > origin || this.inPaymentBatch[row]) return false;
    const paid = this.paid[row] ?? OPEN;
    if (paid !== OPEN && paid <= origin) return false;
    // Long overdue receivables are doubtful; a payable stays owed however late.
    return !this.receivable[row] || origin - (this.due[row] ?? 0) <= DOUBTFUL_AFTER_DAYS;
  }

  /**
   * Calls `visit` with each row open on `origin` and counted on (`isOpenOn`), with the day it is
   * expected: those known in the longest time an invoice stayed open before it, and the items still
   * open today, which may be older.
   */
  forEachOpenOn(scope: ScopeInvoices, origin: number, visit: (row: number, expected: number) => void): void {
    const { rows, open } = scope;
    const delays = this.delaysAt(origin);
    const horizon = origin - this.longestOpenDays - 1;
    const end = countWhile(rows.length, (k) => (this.knownSince[rows[k] ?? 0] ?? 0) <= origin);
    const start = countWhile(rows.length, (k) => (this.knownSince[rows[k] ?? 0] ?? 0) <= horizon);
    for (let k = start; k < end; k++) {
      const row = rows[k] ?? 0;
      if (this.isOpenOn(row, origin)) visit(row, this.expectedDay(row, origin, delays));
    }
    for (let k = 0; k < open.length; k++) {
      const row = open[k] ?? 0;
      if ((this.knownSince[row] ?? 0) > horizon) break;
      if (this.isOpenOn(row, origin)) visit(row, this.expectedDay(row, origin, delays));
    }
  }

  /**
   * Adds each settled row paid in (from, to] to `inflow` (receivables) or `outflow` (payables) at its lead: the
   * days from when it became known to when it was then expected (with the delays learned by `to`), at most
   * `maxLead`; valued at `rates` (per currency). One tight loop: on a large koncern it visits a quarter of a
   * million rows for each of some fifty origins.
   */
  sumPaidByLead(
    scope: ScopeInvoices,
    from: number,
    to: number,
    rates: Float64Array,
    maxLead: number,
    inflow: Float64Array,
    outflow: Float64Array,
  ): void {
    const { settled } = scope;
    const { byCustomer, fallback } = this.delaysAt(to);
    const { paid, knownSince, due, receivable, customer, amount, currency, calendar } = this;
    for (
      let k = countWhile(settled.length, (p) => (paid[settled[p] ?? 0] ?? 0) <= from);
      k < settled.length;
      k++
    ) {
      const row = settled[k] ?? 0;
      if ((paid[row] ?? 0) > to) break;
      const known = knownSince[row] ?? 0;
      const isReceivable = receivable[row] === 1;
      let expected = isReceivable
        ? calendar.add(due[row] ?? 0, byCustomer[customer[row] ?? 0] ?? fallback)
        : calendar.onOrAfter(due[row] ?? 0);
      if (expected <= known) expected = calendar.onOrAfter(known + 1);
      const lead = Math.min(maxLead, expected - known);
      const sek = (amount[row] ?? 0) * (rates[currency[row] ?? 0] ?? Number.NaN);
      if (isReceivable) inflow[lead] = (inflow[lead] ?? 0) + sek;
      else outflow[lead] = (outflow[lead] ?? 0) + sek;
    }
  }
}

/** `column` in the order of `order` (each a typed array of its own kind: these run a million times a load). */
function pickInts(column: Int32Array, order: Int32Array): Int32Array {
  const picked = new Int32Array(order.length);
  for (let to = 0; to < order.length; to++) picked[to] = column[order[to] ?? 0] ?? 0;
  return picked;
}

function pickBytes(column: Uint8Array, order: Int32Array): Uint8Array {
  const picked = new Uint8Array(order.length);
  for (let to = 0; to < order.length; to++) picked[to] = column[order[to] ?? 0] ?? 0;
  return picked;
}

function pickDoubles(column: Float64Array, order: Int32Array): Float64Array {
  const picked = new Float64Array(order.length);
  for (let to = 0; to < order.length; to++) picked[to] = column[order[to] ?? 0] ?? 0;
  return picked;
}

/** As 32-bit halves: reading a BigInt64Array makes a BigInt of every value. */
function pickInt64s(column: BigInt64Array, order: Int32Array): BigInt64Array {
  const picked = new BigInt64Array(order.length);
  const from = new Int32Array(column.buffer, column.byteOffset, 2 * column.length);
  const to = new Int32Array(picked.buffer);
  for (let k = 0; k < order.length; k++) {
    const at = 2 * (order[k] ?? 0);
    to[2 * k] = from[at] ?? 0;
    to[2 * k + 1] = from[at + 1] ?? 0;
  }
  return picked;
}

/** `items` ordered by `keys[item]` (whole numbers spanning few values), ties kept in order: a counting sort. */
function orderBy(keys: Int32Array, items: Int32Array): Int32Array {
  const out = new Int32Array(items.length);
  if (items.length === 0) return out;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < items.length; k++) {
    const key = keys[items[k] ?? 0] ?? 0;
    if (key < first) first = key;
    if (key > last) last = key;
  }
  const starts = new Int32Array(last - first + 2);
  for (let k = 0; k < items.length; k++) {
    const d = (keys[items[k] ?? 0] ?? 0) - first + 1;
    starts[d] = (starts[d] ?? 0) + 1;
  }
  for (let d = 1; d < starts.length; d++) starts[d] = (starts[d] ?? 0) + (starts[d - 1] ?? 0);
  for (let k = 0; k < items.length; k++) {
    const item = items[k] ?? 0;
    const d = (keys[item] ?? 0) - first;
    const at = starts[d] ?? 0;
    out[at] = item;
    starts[d] = at + 1;
  }
  return out;
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
  const rates = history.currencies.map((c) => rateOn(c, originDate));
  history.forEachOpenOn(scope, origin, (row, expected) => {
    const offset = expected - origin - 1;
    if (offset >= days) return;
    const sek = (history.amount[row] ?? 0) * (rates[history.currency[row] ?? 0] ?? Number.NaN);
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
  const { history } = scope;
  const origin = toEpochDay(originDate);
  const from = origin - LEAD_WINDOW_DAYS;
  const inflow = new Float64Array(MAX_LEAD_DAYS + 2);
  const outflow = new Float64Array(MAX_LEAD_DAYS + 2);
  // Valued at the origin's rates: the shares are ratios, and a rate per payment day would cost a lookup each.
  const rates = Float64Array.from(history.currencies, (c) => rateOn(c, originDate));
  history.sumPaidByLead(scope, from, origin, rates, MAX_LEAD_DAYS, inflow, outflow);
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
  const flows: KnownFlow[] = [];
  history.forEachOpenOn(scope, origin, (row, expected) => {
    const amount = history.amountMinor[row] ?? 0n;
    const receivable = history.receivable[row] === 1;
    flows.push({
      source: receivable ? 'receivable' : 'payable',
      reference: history.references.get(row) ?? '',
      counterparty: history.names[history.name[row] ?? 0] ?? '',
      accountId: history.accounts[history.account[row] ?? 0] ?? '',
      currency: history.currencies[history.currency[row] ?? 0] ?? '',
      date: fromEpochDay(expected),
      scheduledDate: fromEpochDay(history.due[row] ?? 0),
      amountMinor: receivable ? amount : -amount,
    });
  });
  return flows;
}
