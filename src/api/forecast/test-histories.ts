import { bankDayOnOrBefore, isBankDay } from '../../banking/bank-days';
import { addDays, isoDate, toEpochDay, type IsoDate } from '../../banking/dates';
import type { ScopeDay, ScopeHistory } from './engine';
import { InvoiceHistory, type ScopeInvoices } from './invoice-history';
import type { RecurringObservation } from './recurring';

/**
 * Constructed histories with known answers for the forecast's unit tests: a SEK scope whose daily
 * external flows are given by a function of the date, plus recurring payments, with the closing
 * balance the running sum of both (no other currency, so no revaluation).
 */
export interface ConstructedHistory {
  from: IsoDate;
  to: IsoDate;
  opening: number;
  /** The residual (non-recurring) flow of a bank day, öre: positive in, negative out. */
  residual: (date: IsoDate) => { inflow: number; outflow: number };
  recurring?: readonly RecurringObservation[];
  invoices?: ScopeInvoices;
}

/** An invoice as a test states it; `InvoiceHistory` holds them as columns. */
export interface TestInvoice {
  id: string;
  kind: 'receivable' | 'payable';
  accountId?: string;
  currency?: string;
  counterparty: string;
  knownSince: IsoDate;
  dueDate: IsoDate;
  paidOn: IsoDate | null;
  amountMinor: bigint;
  inPaymentBatch?: boolean;
}

/** The invoices as the forecast reads them, all in one scope. */
export function invoiceHistory(invoices: readonly TestInvoice[]): ScopeInvoices {
  const accounts = [...new Set(invoices.map((i) => i.accountId ?? 'acct_test'))];
  const currencies = [...new Set(invoices.map((i) => i.currency ?? 'SEK'))];
  const names = [...new Set(invoices.map((i) => i.counterparty))];
  const history = InvoiceHistory.of(
    invoices.map((i) => ({
      receivable: i.kind === 'receivable',
      account: accounts.indexOf(i.accountId ?? 'acct_test'),
      currency: currencies.indexOf(i.currency ?? 'SEK'),
      name: names.indexOf(i.counterparty),
      reference: i.id,
      knownSince: toEpochDay(i.knownSince),
      due: toEpochDay(i.dueDate),
      paid: i.paidOn === null ? -1 : toEpochDay(i.paidOn),
      amountMinor: i.amountMinor,
      inPaymentBatch: i.inPaymentBatch ?? false,
    })),
    accounts,
    currencies,
    names,
  );
  return history.scope(null);
}

export function constructHistory(spec: ConstructedHistory): ScopeHistory {
  const recurringByDay = new Map<IsoDate, number>();
  for (const r of spec.recurring ?? []) {
    recurringByDay.set(r.date, (recurringByDay.get(r.date) ?? 0) + Number(r.amountMinor));
  }
  const days: ScopeDay[] = [];
  let closing = spec.opening;
  for (let date = spec.from; date <= spec.to; date = addDays(date, 1)) {
    const residual = isBankDay(date) ? spec.residual(date) : { inflow: 0, outflow: 0 };
    const recurring = recurringByDay.get(date) ?? 0;
    const inflow = residual.inflow + Math.max(0, recurring);
    const outflow = residual.outflow + Math.min(0, recurring);
    closing += inflow + outflow;
    days.push({ date, inflow, outflow, intraNet: 0, closing });
  }
  return {
    days,
    recurring: spec.recurring ?? [],
    rateOn: () => 1,
    invoices: spec.invoices,
    companies: {
      companyOf: new Map([['acct_test', 'co_test']]),
      external: new Map([['co_test', Float64Array.from(days, (d) => d.inflow + d.outflow)]]),
    },
  };
}

/** A monthly payment on `dateIn(year, month)` for every month of from..to (SEK, one account). */
export function monthlyPayments(
  from: IsoDate,
  to: IsoDate,
  category: string,
  dateIn: (year: number, month: number) => IsoDate,
  amount: (year: number, month: number) => bigint,
): RecurringObservation[] {
  const out: RecurringObservation[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (let m = 1; m <= 12; m++) {
      const date = dateIn(y, m);
      if (date < from || date > to) continue;
      out.push({
        accountId: 'acct_test',
        currency: 'SEK',
        category,
        party: null,
        counterparty: null,
        intraGroup: false,
        date,
        amountMinor: amount(y, m),
      });
    }
  }
  return out;
}

/**
 * A world of noisy daily customer receipts, each settling an invoice, beside fixed daily payments and a monthly
 * salary: the bands of its history need every one of their earlier forecasts.
 */
export const RECEIPT_WORLD_TODAY = '2026-11-25' as IsoDate;
const RECEIPT_WORLD_FROM = '2024-06-01' as IsoDate;
const salaryDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, 25));

export interface ReceiptWorld {
  receipts: Map<IsoDate, number>;
  /** Days each customer's invoices were paid after their due date, by the paid day. */
  lateness: (paid: IsoDate) => number;
}

export function receiptWorld(): ReceiptWorld {
  let state = 4242;
  const next = () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
  const receipts = new Map<IsoDate, number>();
  for (let date = RECEIPT_WORLD_FROM; date <= RECEIPT_WORLD_TODAY; date = addDays(date, 1)) {
    if (isBankDay(date)) receipts.set(date, Math.round(100_000_00 * (0.4 + 1.2 * next())));
  }
  return { receipts, lateness: () => 0 };
}

/** The world as a scope's history; `accountId` tells apart histories the kept forecasts must not be shared by. */
export function receiptWorldHistory(
  { receipts, lateness }: ReceiptWorld,
  accountId = 'acct_test',
): ScopeHistory {
  const invoices: TestInvoice[] = [...receipts].map(([paid, minor], i) => ({
    id: `oi_${i}`,
    kind: 'receivable',
    accountId: 'acct_test',
    counterparty: `Kund ${i % 5} AB`,
    knownSince: addDays(paid, -30 - lateness(paid)),
    dueDate: addDays(paid, -lateness(paid)),
    paidOn: paid,
    amountMinor: BigInt(minor),
  }));
  const history = constructHistory({
    from: RECEIPT_WORLD_FROM,
    to: RECEIPT_WORLD_TODAY,
    opening: 100_000_000_00,
    residual: (date) => ({ inflow: receipts.get(date) ?? 0, outflow: -50_000_00 }),
    recurring: monthlyPayments(
      RECEIPT_WORLD_FROM,
      RECEIPT_WORLD_TODAY,
      'salary',
      salaryDay,
      () => -300_000_00n,
    ),
    invoices: invoiceHistory(invoices),
  });
  const external = history.companies?.external ?? new Map<string, Float64Array>();
  return { ...history, companies: { companyOf: new Map([[accountId, 'co_test']]), external } };
}

let unsharedScopes = 0;
/** The same history under a scope nothing was ever kept for. */
export function unsharedScope(history: ScopeHistory): ScopeHistory {
  unsharedScopes += 1;
  return {
    ...history,
    companies: {
      companyOf: new Map([[`acct_fresh_${unsharedScopes}`, 'co_test']]),
      external: history.companies?.external ?? new Map<string, Float64Array>(),
    },
  };
}
