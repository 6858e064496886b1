import { describe, expect, it } from 'vitest';
import type { CashflowForecast } from '../../../contract/forecast';
import { forecastKey, forecastSeries, periodOfKey, weeksBelowBuffer } from './forecast-series';
import { forecastFixture, noWarningsFixture, sek, warningsFixture } from './test-fixtures';

describe('forecastSeries', () => {
  it('gives each forecast period its own chart key, exact figures in öre and its bands', () => {
    const [first, second] = forecastSeries(forecastFixture);
    expect(first?.key).toBe('forecast:2026-W50');
    expect(periodOfKey(first?.key ?? '')).toBe('2026-W50');
    expect(periodOfKey('2026-W50')).toBe('2026-W50');
    expect(forecastKey('2026-12')).not.toBe('2026-12');
    expect(second?.closing).toBe(60_000_000n);
    expect(second?.band95).toEqual({ low: 65_000_000n, high: 95_000_010n });
  });

  it('puts the lowest projected day in the period that holds it, with its own balance', () => {
    const points = forecastSeries(forecastFixture);
    expect(points.map((point) => point.lowest)).toEqual([null, 59_000_055n]);
    expect(forecastSeries({ ...forecastFixture, lowest: null }).every((p) => p.lowest === null)).toBe(true);
  });

  it('marks the periods that overlap an ISO week ending below a buffer', () => {
    const weeks = weeksBelowBuffer(warningsFixture);
    expect([...weeks]).toEqual(['2026-W51']);
    expect(forecastSeries(forecastFixture, weeks).map((point) => point.belowBuffer)).toEqual([false, true]);
    expect(weeksBelowBuffer(noWarningsFixture).size).toBe(0);
    expect(weeksBelowBuffer(undefined).size).toBe(0);
  });

  it('marks a month when any of its weeks, even one that starts in the month before, is below', () => {
    const base = forecastFixture.periods[0];
    if (!base) throw new Error('fixture');
    const months: CashflowForecast = {
      ...forecastFixture,
      periods: [
        { ...base, period: '2026-12', start: '2026-12-10', end: '2026-12-31' },
        { ...base, period: '2027-01', start: '2027-01-01', end: '2027-01-31' },
        { ...base, period: '2027-02', start: '2027-02-01', end: '2027-02-24' },
      ],
      lowest: { date: '2027-02-24', balance: sek('1.00') },
    };
    // 2026-W53 runs from Monday 28 December to Sunday 3 January: both months touch it.
    const points = forecastSeries(months, new Set(['2026-W53']));
    expect(points.map((point) => point.belowBuffer)).toEqual([true, true, false]);
    expect(points.map((point) => point.lowest)).toEqual([null, null, 100n]);
  });
});
