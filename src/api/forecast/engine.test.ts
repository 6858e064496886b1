import { describe, expect, it } from 'vitest';
import { bankDayOnOrBefore, isBankDay } from '../../banking/bank-days';
import { addDays, isoDate, isoWeek, isoWeekday, type IsoDate } from '../../banking/dates';
import { backtest } from './backtest';
import { calibratedSpread, forecastWithBands, knownOnPastOrigin } from './calibration';
import { knownInvoiceFlows } from './invoice-history';
import { band, forecastScope, studentT, Z_80 } from './engine';
import type { KnownFlow } from './known-flows';
import { constructHistory, invoiceHistory, monthlyPayments, type TestInvoice } from './test-histories';

/*
 * A SEK scope with a known answer: receipts by weekday (Monday 100,000.00 … Friday 180,000.00, none
 * on days banks are closed), supplier payments of 50,000.00 every bank day, and salaries of
 * 300,000.00 on the 25th or the bank day before, over two years up to 2026-11-25.
 */
const RECEIPTS = [0, 100_000_00, 120_000_00, 140_000_00, 160_000_00, 180_000_00];
const SUPPLIERS = -50_000_00;
const SALARY = -300_000_00n;
const ORIGIN = '2026-11-25' as IsoDate;
const FROM = '2024-11-01' as IsoDate;
const salaryDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, 25));
const residual = (date: IsoDate) => ({ inflow: RECEIPTS[isoWeekday(date)] ?? 0, outflow: SUPPLIERS });

function history(to: IsoDate = ORIGIN) {
  return constructHistory({
    from: FROM,
    to,
    opening: 10_000_000_00,
    residual,
    recurring: monthlyPayments(FROM, to, 'salary', salaryDay, () => SALARY),
  });
}

/** What the constructed world does from the day after `origin` to `date`, in öre. */
function truth(origin: IsoDate, date: IsoDate): bigint {
  let total = 0n;
  for (let d = addDays(origin, 1); d <= date; d = addDays(d, 1)) {
    if (!isBankDay(d)) continue;
    total += BigInt(residual(d).inflow + residual(d).outflow);
    if (d === salaryDay(Number(d.slice(0, 4)), Number(d.slice(5, 7)))) total += SALARY;
  }
  return total;
}

const toSek = (minor: bigint) => minor;

describe('the forecast engine on a constructed history', () => {
  it('forecasts a pure weekly pattern plus a monthly salary exactly, day by day', () => {
    const opening = 12_345_678_90n;
    // 13 weeks: to 2027-02-24, the day before February's salary.
    const end = addDays(ORIGIN, 91);
    const forecast = forecastWithBands(history(), { origin: ORIGIN, end, opening, toSek });
    expect(forecast.days).toHaveLength(91);
    for (const day of forecast.days) {
      expect(day.closing, day.date).toBe(opening + truth(ORIGIN, day.date));
      // A world without noise: the bands close on the point.
      expect(band(day, 0.8, forecast.degreesOfFreedom)).toEqual({ low: day.closing, high: day.closing });
    }
    expect(forecast.recurring.map((r) => [r.date, r.rule, r.amountMinor])).toEqual([
      ['2026-12-23', 'salary_25th', SALARY],
      ['2027-01-25', 'salary_25th', SALARY],
    ]);
    const saturday = forecast.days.find((d) => isoWeekday(d.date) === 6);
    expect(saturday?.statistical).toEqual({ inflow: 0n, outflow: 0n });
  });

  it('adds to the known flows only what the model expects beyond them, per week', () => {
    const tuesday = '2026-12-08' as IsoDate;
    const known: KnownFlow[] = [
      // A receivable smaller than the week's expected receipts, a payable larger than its supplier payments.
      {
        source: 'receivable',
        reference: 'oi_1',
        counterparty: 'Kund AB',
        accountId: 'acct_test',
        currency: 'SEK',
        date: tuesday,
        scheduledDate: tuesday,
        amountMinor: 150_000_00n,
      },
      {
        source: 'payable',
        reference: 'oi_2',
        counterparty: 'Leverantör AB',
        accountId: 'acct_test',
        currency: 'SEK',
        date: tuesday,
        scheduledDate: tuesday,
        amountMinor: -400_000_00n,
      },
    ];
    const end = addDays(ORIGIN, 28);
    const withKnown = forecastScope(history(), { origin: ORIGIN, end, opening: 0n, known, toSek });
    const week = (d: IsoDate) => isoWeek(d).week;
    const inWeek = withKnown.days.filter((d) => week(d.date) === week(tuesday));
    const sum = (pick: (d: (typeof inWeek)[number]) => bigint) => inWeek.reduce((a, d) => a + pick(d), 0n);
    // Week 50 of 2026 has five bank days: receipts 700,000.00, supplier payments −250,000.00.
    expect(sum((d) => d.known.inflow + d.statistical.inflow)).toBe(700_000_00n);
    expect(sum((d) => d.known.outflow)).toBe(-400_000_00n);
    expect(sum((d) => d.statistical.outflow)).toBe(0n);
    // Other weeks are untouched.
    const before = withKnown.days.filter((d) => week(d.date) === week(tuesday) - 1);
    expect(before.reduce((a, d) => a + d.statistical.inflow, 0n)).toBe(700_000_00n);
  });

  it('backtests to no error while the seasonal-naive baseline misses the moved salary days', async () => {
    const result = await backtest(history(), ORIGIN);
    expect(result.origins).toBeGreaterThanOrEqual(38);
    expect(result.mape).toBeLessThan(1e-12);
    expect(result.coverage_80).toBe(1);
    expect(result.coverage_95).toBe(1);
    expect(result.baseline_mape).toBeGreaterThan(0.001);
  });

  it("widens the band by Student's t for a spread measured on few errors", () => {
    expect(studentT(Z_80, Number.POSITIVE_INFINITY)).toBe(Z_80);
    // t(0.90; 10) = 1.372, t(0.975; 10) = 2.228 (tables).
    expect(studentT(Z_80, 10)).toBeCloseTo(1.372, 3);
    expect(studentT(1.959963984540054, 10)).toBeCloseTo(2.228, 2);
    expect(band({ closing: 1000n, spread: 100 }, 0.8)).toEqual({ low: 872n, high: 1128n });
  });

  it('calibrates the bands on earlier origins so that about 80 % of heavy-tailed weeks fall inside', async () => {
    // Receipts of 100,000.00 a bank day, one in twenty days five times that (a large customer), drawn by a
    // fixed Lehmer generator (MINSTD); supplier payments as above; salaries on the 25th.
    let state = 12_345;
    const next = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const draws = new Map<IsoDate, number>();
    const noisy = (date: IsoDate) => {
      let receipt = draws.get(date);
      if (receipt === undefined) {
        receipt = 100_000_00 * (0.4 + 1.2 * next()) * (next() < 0.05 ? 5 : 1);
        draws.set(date, receipt);
      }
      return { inflow: Math.round(receipt), outflow: SUPPLIERS };
    };
    const from = '2024-06-01' as IsoDate;
    const noisyHistory = constructHistory({
      from,
      to: ORIGIN,
      opening: 100_000_000_00,
      residual: noisy,
      recurring: monthlyPayments(from, ORIGIN, 'salary', salaryDay, () => SALARY),
    });
    const result = await backtest(noisyHistory, ORIGIN);
    expect(result.origins).toBeGreaterThanOrEqual(38);
    expect(result.coverage_80).toBeGreaterThanOrEqual(0.72);
    expect(result.coverage_80).toBeLessThanOrEqual(0.9);
    expect(result.coverage_95).toBeGreaterThan(result.coverage_80);
  });

  it('judges the near weeks on the latest origins whose near weeks have passed', () => {
    // The same receipts, except that in the last ten weeks they swing four times as much: a miss one week
    // ahead is known a week later, so next week's band must already show it; one 13 weeks ahead is not.
    const history = (turbulentFrom: IsoDate | null) => {
      let state = 4_242;
      const next = () => {
        state = (state * 48_271) % 2_147_483_647;
        return state / 2_147_483_647;
      };
      const from = '2024-06-01' as IsoDate;
      return constructHistory({
        from,
        to: ORIGIN,
        opening: 100_000_000_00,
        residual: (date) => {
          const swing = turbulentFrom !== null && date >= turbulentFrom ? 4 : 1;
          return {
            inflow: Math.round(100_000_00 * (1 + swing * 0.6 * (2 * next() - 1))),
            outflow: SUPPLIERS,
          };
        },
        recurring: monthlyPayments(from, ORIGIN, 'salary', salaryDay, () => SALARY),
      });
    };
    const calm = calibratedSpread(history(null), ORIGIN);
    const turbulent = calibratedSpread(history(addDays(ORIGIN, -70)), ORIGIN);
    if (!calm || !turbulent) throw new Error('no calibration');
    expect(turbulent.spreadOf(7)).toBeGreaterThan(2 * calm.spreadOf(7));
  });

  it('with the invoices behind the receipts, counts on the open ones and the model only for the rest', async () => {
    // Noisy receipts, each paid on its due date 30 days after its invoice was issued; supplier payments and
    // salaries as above, not invoiced.
    let state = 777;
    const next = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const from = '2024-06-01' as IsoDate;
    const receipts = new Map<IsoDate, number>();
    for (let date = from; date <= addDays(ORIGIN, 120); date = addDays(date, 1)) {
      if (isBankDay(date))
        receipts.set(date, Math.round(100_000_00 * (0.4 + 1.2 * next()) * (next() < 0.05 ? 5 : 1)));
    }
    const invoices: TestInvoice[] = [...receipts].map(([paid, minor], i) => ({
      id: `oi_${i}`,
      kind: 'receivable',
      accountId: 'acct_test',
      currency: 'SEK',
      counterparty: `Kund ${i % 7} AB`,
      knownSince: addDays(paid, -30),
      dueDate: paid,
      paidOn: paid <= ORIGIN ? paid : null,
      amountMinor: BigInt(minor),
    }));
    const spec = {
      from,
      to: ORIGIN,
      opening: 100_000_000_00,
      residual: (date: IsoDate) => ({ inflow: receipts.get(date) ?? 0, outflow: SUPPLIERS }),
      recurring: monthlyPayments(from, ORIGIN, 'salary', salaryDay, () => SALARY),
    };
    const withInvoices = constructHistory({ ...spec, invoices: invoiceHistory(invoices) });
    const without = constructHistory(spec);

    // Today: the receipts of the next 30 days are all invoiced, so the model adds nothing to them; after
    // that nothing is invoiced yet and the model expects the usual receipts.
    const known = knownInvoiceFlows(invoiceHistory(invoices), ORIGIN);
    expect(known.reduce((acc, f) => acc + f.amountMinor, 0n)).toBe(
      invoices
        .filter((i) => i.knownSince <= ORIGIN && i.paidOn === null)
        .reduce((acc, i) => acc + i.amountMinor, 0n),
    );
    const forecast = forecastScope(withInvoices, {
      origin: ORIGIN,
      end: addDays(ORIGIN, 91),
      opening: 0n,
      known,
      toSek,
    });
    const statisticalIn = (fromDay: number, toDay: number) =>
      forecast.days.slice(fromDay - 1, toDay).reduce((acc, d) => acc + d.statistical.inflow, 0n);
    expect(statisticalIn(1, 21)).toBe(0n);
    expect(statisticalIn(43, 91)).toBeGreaterThan(0n);
    expect(forecast.days.slice(0, 30).reduce((acc, d) => acc + d.known.inflow, 0n)).toBe(
      [...receipts]
        .filter(([d]) => d > ORIGIN && d <= addDays(ORIGIN, 30))
        .reduce((acc, [, m]) => acc + BigInt(m), 0n),
    );
    // A past origin's known flows, as the backtest and the bands use them, are the same money per day.
    const daily = knownOnPastOrigin(withInvoices, ORIGIN);
    forecast.days.forEach((day, i) =>
      expect(Math.round(daily?.inflow[i] ?? 0)).toBe(Number(day.known.inflow)),
    );

    // Backtested with what each origin knew, the weekly balance is far closer than without the invoices,
    // and the bands, calibrated the same way, stay honest.
    const informed = await backtest(withInvoices, ORIGIN);
    const blind = await backtest(without, ORIGIN);
    expect(informed.origins).toBe(blind.origins);
    expect(informed.mape).toBeLessThan(0.7 * blind.mape);
    expect(informed.by_horizon[0]?.mape ?? 1).toBeLessThan(1e-9);
    expect(informed.coverage_80).toBeGreaterThanOrEqual(0.72);
    expect(informed.coverage_80).toBeLessThanOrEqual(0.92);
  });
});
