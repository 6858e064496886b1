import { describe, expect, it } from 'vitest';
import { bankDayOnOrAfter, isBankDay } from '../../banking/bank-days';
import { addDays, isoDate, isoWeekday, type IsoDate } from '../../banking/dates';
import { forecastScope } from './engine';
import { monthIndexOf } from './recurrence';
import type { RecurringObservation } from './recurring';
import { constructHistory, monthlyPayments } from './test-histories';

/*
 * A company whose VAT, paid on the 12th (or the next bank day), is 20 % of the month before's net
 * receipts less supplier payments, which vary from month to month; and a rent that does not follow them.
 */
const FROM = '2024-10-01' as IsoDate;
const vatDay = (y: number, m: number) => bankDayOnOrAfter(isoDate(y, m, 12));
const rentDay = (y: number, m: number) => bankDayOnOrAfter(isoDate(y, m, 1));
// Receipts swing with the month (a busy spring, a quiet summer) and the weekday.
const residual = (date: IsoDate) => {
  const month = Number(date.slice(5, 7));
  return {
    inflow: (100_000_00 + 2_000_00 * ((month * 7) % 11)) * (1 + isoWeekday(date) / 10),
    outflow: -60_000_00,
  };
};

function netOfMonth(month: number): number {
  let net = 0;
  for (let d = FROM; monthIndexOf(d) <= month; d = addDays(d, 1)) {
    if (monthIndexOf(d) === month && isBankDay(d)) net += residual(d).inflow + residual(d).outflow;
  }
  return net;
}

function world(to: IsoDate) {
  const vat: RecurringObservation[] = monthlyPayments(FROM, to, 'vat', vatDay, (y, m) =>
    BigInt(-Math.round(0.2 * netOfMonth(y * 12 + m - 2))),
  ).filter((o) => monthIndexOf(o.date) > monthIndexOf(FROM));
  const rent = monthlyPayments(FROM, to, 'rent', rentDay, () => -45_000_00n);
  return constructHistory({ from: FROM, to, opening: 50_000_000_00, residual, recurring: [...vat, ...rent] });
}

const toSek = (minor: bigint) => minor;

describe('payments that follow last month’s turnover', () => {
  it('knows the VAT of a month that has ended, and keeps a rent at its own amount', () => {
    const origin = '2026-11-08' as IsoDate;
    const forecast = forecastScope(world(origin), { origin, end: addDays(origin, 30), opening: 0n, toSek });
    const vat = forecast.recurring.find((f) => f.category === 'vat');
    expect(vat?.date).toBe('2026-11-12');
    expect(vat?.amountMinor).toBe(
      BigInt(-Math.round(0.2 * netOfMonth(monthIndexOf('2026-10-01' as IsoDate)))),
    );
    expect(forecast.recurring.find((f) => f.category === 'rent')?.amountMinor).toBe(-45_000_00n);
  });

  it('expects the VAT of a month under way from what it has brought so far and its remaining bank days', () => {
    const origin = '2026-11-15' as IsoDate;
    const forecast = forecastScope(world(origin), { origin, end: addDays(origin, 91), opening: 0n, toSek });
    const [december, january] = forecast.recurring.filter((f) => f.category === 'vat');
    // The bank days left continue November at its own rate so far, pulled toward the recent months'
    // rate: close to the truth, though not to the öre.
    const truth = -0.2 * netOfMonth(monthIndexOf('2026-11-01' as IsoDate));
    expect(december?.date).toBe('2026-12-14');
    expect(Math.abs(Number(december?.amountMinor) - truth) / Math.abs(truth)).toBeLessThan(0.05);
    // January's VAT follows a December not yet begun: the series' own rule.
    expect(january?.date).toBe('2027-01-12');
    expect(january?.amountMinor).toBeLessThan(0n);
  });
});
