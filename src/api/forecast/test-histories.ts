import { isBankDay } from '../../banking/bank-days';
import { addDays, type IsoDate } from '../../banking/dates';
import type { ScopeDay, ScopeHistory } from './engine';
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
  return { days, recurring: spec.recurring ?? [], rateOn: () => 1 };
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
