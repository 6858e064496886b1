import type { CashflowPeriod } from '../../../contract/reporting';
import { minorUnits, type WireAmount } from '../../lib/format';

/** One point of a chart: one period, or several consecutive periods summed when the range is long. */
export interface CashflowPoint {
  /** The first period's label (`2026-11-25`, `2026-W48`, `2026-11`): the point's key and axis label. */
  period: string;
  start: string;
  end: string;
  /** How many of the API's periods this point sums. */
  periods: number;
  inflow: bigint;
  outflow: bigint;
  net: bigint;
  intraGroupNet: bigint;
  /** The closing balance of the last period in the point. */
  closing: bigint;
}

/**
 * Recharts slows down past a few thousand shapes, and a year of days is already more bars than pixels:
 * beyond this many periods the chart sums consecutive periods (the table keeps every one).
 */
export const MAX_CHART_POINTS = 366;

const exact = (money: WireAmount): bigint => minorUnits(money) ?? 0n;

/** The periods as chart points, exact in öre; at most `maxPoints`, summing runs of equal length. */
export function cashflowSeries(
  periods: readonly CashflowPeriod[],
  maxPoints = MAX_CHART_POINTS,
): CashflowPoint[] {
  const size = Math.max(1, Math.ceil(periods.length / maxPoints));
  const points: CashflowPoint[] = [];
  for (let index = 0; index < periods.length; index += size) {
    const run = periods.slice(index, index + size);
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last) continue;
    const sum = (pick: (period: CashflowPeriod) => WireAmount) =>
      run.reduce((total, period) => total + exact(pick(period)), 0n);
    points.push({
      period: first.period,
      start: first.start,
      end: last.end,
      periods: run.length,
      inflow: sum((period) => period.inflow),
      outflow: sum((period) => period.outflow),
      net: sum((period) => period.net),
      intraGroupNet: sum((period) => period.intra_group.net),
      closing: exact(last.closing_balance),
    });
  }
  return points;
}

/**
 * Öre as a number of kronor, for chart geometry only: a bar's height is a pixel count, so the float
 * cannot hurt a figure; tooltips and text alternatives format the exact bigint.
 */
export function chartValue(minor: bigint): number {
  return Number(minor) / 100;
}

export interface BalanceRange {
  first: CashflowPoint;
  last: CashflowPoint;
  min: bigint;
  max: bigint;
}

/** The closing balances' first, last, lowest and highest: a chart's text alternative in one sentence. */
export function balanceRange(points: readonly CashflowPoint[]): BalanceRange | null {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  let min = first.closing;
  let max = first.closing;
  for (const point of points) {
    if (point.closing < min) min = point.closing;
    if (point.closing > max) max = point.closing;
  }
  return { first, last, min, max };
}
