import { bankDayOnOrAfter } from '../../banking/bank-days';
import { addDays, daysBetween, type IsoDate } from '../../banking/dates';

/**
 * Known flows: money already decided. Approved and scheduled payment batches leave on their
 * execution dates; open receivables arrive on their due date moved by the customer's learned payment
 * delay; open payables leave on their due date; each on that day or the next bank day, and never
 * before tomorrow (what is overdue is expected on the next bank day after the forecast's origin).
 */

export type KnownFlowSource = 'payment_batch' | 'receivable' | 'payable';

export interface KnownFlow {
  source: KnownFlowSource;
  /** The batch or open item. */
  reference: string;
  counterparty: string;
  accountId: string;
  currency: string;
  /** When it is expected: a bank day after the origin. */
  date: IsoDate;
  /** The date it was asked for (execution or due date), before any move. */
  scheduledDate: IsoDate;
  /** Signed minor units of `currency`: negative leaves the koncern. */
  amountMinor: bigint;
}

export interface SettledReceivable {
  counterparty: string;
  dueDate: IsoDate;
  paidDate: IsoDate;
}

export interface PaymentDelays {
  /** Days late (negative: early) per customer, keyed by `customerKey`. */
  byCustomer: Map<string, number>;
  /** For customers without a settled invoice: the median over all customers, or 0. */
  fallback: number;
}

export const customerKey = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ');

/** The median in whole days; for an even count the lower middle, so the answer is always a day count seen. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1] ?? 0;
}

/** Each customer's typical delay: the median of (paid − due) in calendar days over its settled invoices. */
export function learnPaymentDelays(settled: readonly SettledReceivable[]): PaymentDelays {
  const delays = new Map<string, number[]>();
  for (const s of settled) {
    const key = customerKey(s.counterparty);
    const list = delays.get(key) ?? [];
    list.push(daysBetween(s.dueDate, s.paidDate));
    delays.set(key, list);
  }
  const byCustomer = new Map<string, number>();
  for (const [key, list] of delays) byCustomer.set(key, median(list));
  return { byCustomer, fallback: byCustomer.size > 0 ? median([...byCustomer.values()]) : 0 };
}

/** The expected day: `date` or the next bank day, but no earlier than the first bank day after `origin`. */
export function expectedBankDay(date: IsoDate, origin: IsoDate): IsoDate {
  const tomorrow = addDays(origin, 1);
  return bankDayOnOrAfter(date < tomorrow ? tomorrow : date);
}

export function expectedReceiptDate(
  dueDate: IsoDate,
  counterparty: string,
  delays: PaymentDelays,
  origin: IsoDate,
): IsoDate {
  const delay = delays.byCustomer.get(customerKey(counterparty)) ?? delays.fallback;
  return expectedBankDay(addDays(dueDate, delay), origin);
}
