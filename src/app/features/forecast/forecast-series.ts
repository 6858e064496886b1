import { addDays, parseIsoDate } from '../../../banking/dates';
import { periodLabel } from '../../../banking/periods';
import type { CashflowForecast, LiquidityWarnings } from '../../../contract/forecast';
import { minorUnits, type WireAmount } from '../../lib/format';

/** One forecast period as the chart and the table use it, exact in öre. */
export interface ForecastPoint {
  /**
   * The chart's category: the first forecast period can carry the same label as the last history
   * period (today's week or month continues after today), so forecast points get their own keys.
   */
  key: string;
  period: string;
  start: string;
  end: string;
  inflow: bigint;
  outflow: bigint;
  net: bigint;
  closing: bigint;
  band80: { low: bigint; high: bigint };
  band95: { low: bigint; high: bigint };
  /** Some company (or the koncern) is projected to end an ISO week of this period below its buffer. */
  belowBuffer: boolean;
  /** The projection's lowest end-of-day balance when its day falls in this period, else null. */
  lowest: bigint | null;
}

const KEY_PREFIX = 'forecast:';

export const forecastKey = (period: string): string => `${KEY_PREFIX}${period}`;

/** The period label behind a chart category, forecast or history. */
export const periodOfKey = (key: string): string =>
  key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : key;

const exact = (money: WireAmount): bigint => minorUnits(money) ?? 0n;

/** Every ISO week (`2026-W05`) in which a company or the koncern ends below its buffer or zero. */
export function weeksBelowBuffer(warnings: LiquidityWarnings | undefined): ReadonlySet<string> {
  if (!warnings) return new Set();
  const scopes = [...(warnings.koncern ? [warnings.koncern] : []), ...warnings.companies];
  return new Set(scopes.flatMap((scope) => scope.weeks_below));
}

function touchesWeek(start: string, end: string, weeks: ReadonlySet<string>): boolean {
  const first = parseIsoDate(start);
  const last = parseIsoDate(end);
  if (!first.ok || !last.ok || weeks.size === 0) return false;
  for (let day = first.value; day <= last.value; day = addDays(day, 7)) {
    if (weeks.has(periodLabel(day, 'week'))) return true;
  }
  return weeks.has(periodLabel(last.value, 'week'));
}

export function forecastSeries(
  forecast: CashflowForecast,
  weeksBelow: ReadonlySet<string> = new Set(),
): ForecastPoint[] {
  const { lowest } = forecast;
  return forecast.periods.map((period) => ({
    key: forecastKey(period.period),
    period: period.period,
    start: period.start,
    end: period.end,
    inflow: exact(period.inflow),
    outflow: exact(period.outflow),
    net: exact(period.net),
    closing: exact(period.closing_balance),
    band80: { low: exact(period.band_80.low), high: exact(period.band_80.high) },
    band95: { low: exact(period.band_95.low), high: exact(period.band_95.high) },
    belowBuffer: touchesWeek(period.start, period.end, weeksBelow),
    lowest: lowest && period.start <= lowest.date && lowest.date <= period.end ? exact(lowest.balance) : null,
  }));
}
