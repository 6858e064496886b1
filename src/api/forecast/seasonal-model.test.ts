import { describe, expect, it } from 'vitest';
import { isBankDay } from '../../banking/bank-days';
import { addDays, isoWeekday, type IsoDate } from '../../banking/dates';
import { errorSpread, fitSeasonal, monthPart, type BankDayValue } from './seasonal-model';

function bankDays(from: string, to: string, value: (date: IsoDate) => number): BankDayValue[] {
  const out: BankDayValue[] = [];
  for (let d = from as IsoDate; d <= to; d = addDays(d, 1))
    if (isBankDay(d)) out.push({ date: d, value: value(d) });
  return out;
}

describe('the statistical model of the residual', () => {
  it('learns a pure weekly pattern exactly and forecasts it', () => {
    const byWeekday = [0, 100_00, 250_00, 50_00, 400_00, 120_00];
    const model = fitSeasonal(bankDays('2025-06-01', '2026-11-25', (d) => byWeekday[isoWeekday(d)] ?? 0));
    for (let d = '2026-11-26' as IsoDate; d <= '2027-02-26'; d = addDays(d, 1)) {
      if (!isBankDay(d)) continue;
      expect(model.predict(d)).toBeCloseTo(byWeekday[isoWeekday(d)] ?? 0, 6);
    }
  });

  it('learns the July dip and the December peak from the years behind it', () => {
    // 1000 a bank day, half in July, one and a half in December.
    const season = (d: IsoDate) => (d.slice(5, 7) === '07' ? 0.5 : d.slice(5, 7) === '12' ? 1.5 : 1);
    const values = bankDays('2024-11-01', '2026-11-25', (d) => 1000 * season(d));
    const model = fitSeasonal(values);
    const july = model.monthFactors[6] ?? 0;
    const december = model.monthFactors[11] ?? 0;
    const other = model.monthFactors[2] ?? 0;
    expect(july / other).toBeCloseTo(0.5, 5);
    expect(december / other).toBeCloseTo(1.5, 5);
    expect(model.predict('2027-07-06' as IsoDate)).toBeCloseTo(500, 3);
    expect(model.predict('2026-12-08' as IsoDate)).toBeCloseTo(1500, 3);
    expect(model.predict('2027-03-09' as IsoDate)).toBeCloseTo(1000, 3);
  });

  it('without a year of history it does not guess a yearly pattern', () => {
    const model = fitSeasonal(bankDays('2026-06-01', '2026-11-25', () => 10));
    expect(model.monthFactors).toEqual(new Array(12).fill(1));
  });

  it('tells the parts of the month apart, the last bank day on its own', () => {
    expect(
      ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-26', '2026-11-30'].map((d) =>
        monthPart(d as IsoDate),
      ),
    ).toEqual([0, 1, 2, 3, 4, 5]);
    // 2026-10-31 is a Saturday: Friday the 30th is the last bank day.
    expect(monthPart('2026-10-30' as IsoDate)).toBe(5);
  });

  it('spreads a sum of k daily errors as their k-day window sums do', () => {
    // Alternating +1, −1: every even window sums to 0, every odd one to ±1.
    const errors = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const spread = errorSpread(errors);
    expect(spread(2)).toBe(0);
    expect(spread(3)).toBeCloseTo(Math.sqrt(1 + 3 / 300), 9);
    // Independent ±1 would spread as √k; beyond a third of the history it grows as a random walk.
    const walk = errorSpread(Array.from({ length: 30 }, () => 1));
    expect(walk(10)).toBeCloseTo(10 * Math.sqrt(1 + 10 / 30), 9);
    expect(walk(40)).toBeCloseTo(10 * Math.sqrt(40 / 10) * Math.sqrt(1 + 40 / 30), 9);
  });
});

describe('yearly factors from a noisy year', () => {
  it('pulls the months toward one when they differ only by noise', () => {
    // 1000 a bank day in every month, ± up to 600 by a fixed Lehmer generator: no month is really busier.
    let state = 4_242;
    const noise = () => {
      state = (state * 48_271) % 2_147_483_647;
      return (state / 2_147_483_647 - 0.5) * 1200;
    };
    const values = bankDays('2025-06-01', '2026-11-25', () => 1000 + noise());
    const byMonth = new Map<string, number[]>();
    for (const v of values)
      byMonth.set(v.date.slice(5, 7), [...(byMonth.get(v.date.slice(5, 7)) ?? []), v.value]);
    const monthMeans = [...byMonth.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length / 1000);
    const rawSpread = Math.max(...monthMeans.map((m) => Math.abs(m - 1)));
    const model = fitSeasonal(values);
    const fittedSpread = Math.max(...model.monthFactors.map((f) => Math.abs(f - 1)));
    expect(rawSpread).toBeGreaterThan(0.03);
    expect(fittedSpread).toBeLessThan(rawSpread / 2);
  });
});
