import { describe, expect, it } from 'vitest';
import type { CashflowPeriod } from '../../../contract/reporting';
import { balanceRange, cashflowSeries, MAX_CHART_POINTS } from './cashflow-series';

const sek = (amount: string) => ({ amount, currency: 'SEK' });

function day(index: number, inflow: string, outflow: string, closing: string): CashflowPeriod {
  const date = new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10);
  return {
    period: date,
    start: date,
    end: date,
    opening_balance: sek('0.00'),
    inflow: sek(inflow),
    outflow: sek(outflow),
    net: sek('0.00'),
    intra_group: { inflow: sek('0.00'), outflow: sek('0.00'), net: sek('0.10') },
    fx_revaluation: sek('0.00'),
    closing_balance: sek(closing),
    transaction_count: 1,
    fx_rates: [],
  };
}

describe('cashflowSeries', () => {
  it('gives one point per period while the range is short', () => {
    const points = cashflowSeries([day(0, '1.00', '-2.00', '10.00'), day(1, '3.00', '-4.00', '9.00')]);
    expect(points.map((point) => [point.period, point.inflow, point.outflow, point.closing])).toEqual([
      ['2026-01-01', 100n, -200n, 1000n],
      ['2026-01-02', 300n, -400n, 900n],
    ]);
  });

  it('sums runs of periods exactly, in öre, when there are more than the chart can draw well', () => {
    const periods = Array.from({ length: 1000 }, (_, index) =>
      day(index, '0.10', '-0.20', `${90071992547409 + index}.93`),
    );
    const points = cashflowSeries(periods);
    expect(points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(points).toHaveLength(334);
    const first = points[0];
    expect(first?.periods).toBe(3);
    // 3 × 0.10 is 0.30 exactly (a float sum would give 0.30000000000000004).
    expect(first?.inflow).toBe(30n);
    expect(first?.intraGroupNet).toBe(30n);
    expect(first?.end).toBe('2026-01-03');
    // The closing balance is the run's last, beyond a float's exact range.
    expect(first?.closing).toBe(9007199254741193n);
    expect(points.at(-1)?.periods).toBe(1);
    expect(points.reduce((total, point) => total + point.outflow, 0n)).toBe(-20_000n);
  });

  it('finds the first, last, lowest and highest closing balance', () => {
    const range = balanceRange(
      cashflowSeries([day(0, '0', '0', '5.00'), day(1, '0', '0', '-1.00'), day(2, '0', '0', '3.00')]),
    );
    expect(range && [range.first.closing, range.last.closing, range.min, range.max]).toEqual([
      500n,
      300n,
      -100n,
      500n,
    ]);
    expect(balanceRange([])).toBeNull();
  });
});
