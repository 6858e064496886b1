import { addDays, isoWeekday, type IsoDate } from '../../banking/dates';
import { forecastWithBands, keptWhileUnread, nextTurn, pastOriginRequest, prepareBands } from './calibration';
import { band, dayIndex, type ScopeHistory } from './engine';

/**
 * The backtest: from rolling origins (every Sunday of the last twelve months whose 13 following weeks
 * have happened), forecast 13 weeks with only the history up to the origin, and compare each week's
 * closing balance with what happened. The seasonal-naive baseline is computed the same way: each
 * week's balance moves as it moved in the same week a year (52 weeks) earlier.
 * Each origin knows what was known that day: the receivables and payables issued by then and not yet
 * paid (the invoice history keeps when each was issued and paid). Payment batches approved by then are
 * left out: their history is not kept that way, and their lines settle payables the history does hold.
 */

export interface HorizonAccuracy {
  week: number;
  mape: number;
  baseline_mape: number;
  coverage_80: number;
  coverage_95: number;
}

export interface Accuracy {
  horizon_weeks: number;
  origins: number;
  first_origin: IsoDate | null;
  last_origin: IsoDate | null;
  /** Mean absolute percentage error of the weekly closing balance over every origin and week 1..13. */
  mape: number;
  baseline_mape: number;
  /** Share of actual weekly closing balances inside the 80 % (95 %) band. */
  coverage_80: number;
  coverage_95: number;
  by_horizon: HorizonAccuracy[];
}

export const HORIZON_WEEKS = 13;
const YEAR_DAYS = 364;

interface Tally {
  error: number;
  baselineError: number;
  in80: number;
  in95: number;
  count: number;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

interface WeekForecast {
  closing: number;
  low80: number;
  high80: number;
  low95: number;
  high95: number;
}

/** The forecast from a past origin with its bands, week by week (null for a week it has no day for). */
function forecastWeeks(
  history: ScopeHistory,
  origin: IsoDate,
  opening: number,
  horizonWeeks: number,
): (WeekForecast | null)[] {
  const forecast = forecastWithBands(history, pastOriginRequest(history, origin, opening, horizonWeeks));
  return Array.from({ length: horizonWeeks }, (_, i) => {
    const date = addDays(origin, 7 * (i + 1));
    const day = forecast.days.find((d) => d.date === date);
    if (!day) return null;
    const b80 = band(day, 0.8, forecast.degreesOfFreedom);
    const b95 = band(day, 0.95, forecast.degreesOfFreedom);
    return {
      closing: Number(day.closing),
      low80: Number(b80.low),
      high80: Number(b80.high),
      low95: Number(b95.low),
      high95: Number(b95.high),
    };
  });
}

/** Hands the event loop back between origins (`prepareBands`): it takes seconds on a large koncern. */
export async function backtest(
  history: ScopeHistory,
  today: IsoDate,
  horizonWeeks = HORIZON_WEEKS,
): Promise<Accuracy> {
  const closingOn = (date: IsoDate): number | undefined => history.days[dayIndex(history, date)]?.closing;
  const lastDay = history.days[history.days.length - 1]?.date;
  const tallies: Tally[] = Array.from({ length: horizonWeeks }, () => ({
    error: 0,
    baselineError: 0,
    in80: 0,
    in95: 0,
    count: 0,
  }));
  const origins: IsoDate[] = [];
  const earliest = addDays(today, -YEAR_DAYS);
  let origin = addDays(earliest, (7 - isoWeekday(earliest)) % 7);
  for (; lastDay !== undefined && addDays(origin, 7 * horizonWeeks) <= lastDay; origin = addDays(origin, 7)) {
    const opening = closingOn(origin);
    const yearBefore = closingOn(addDays(origin, -YEAR_DAYS));
    if (opening === undefined || yearBefore === undefined) continue;
    await prepareBands(history, origin);
    await nextTurn();
    const weeks = keptWhileUnread(history, origin, horizonWeeks, 'backtest', () =>
      forecastWeeks(history, origin, opening, horizonWeeks),
    );
    origins.push(origin);
    weeks.forEach((forecast, i) => {
      const date = addDays(origin, 7 * (i + 1));
      const actual = closingOn(date);
      const lastYear = closingOn(addDays(date, -YEAR_DAYS));
      const tally = tallies[i];
      if (actual === undefined || !forecast || lastYear === undefined || !tally || actual === 0) return;
      const baseline = opening + lastYear - yearBefore;
      tally.error += Math.abs(forecast.closing - actual) / Math.abs(actual);
      tally.baselineError += Math.abs(baseline - actual) / Math.abs(actual);
      if (actual >= forecast.low80 && actual <= forecast.high80) tally.in80 += 1;
      if (actual >= forecast.low95 && actual <= forecast.high95) tally.in95 += 1;
      tally.count += 1;
    });
  }
  const total = tallies.reduce(
    (acc, t) => ({
      error: acc.error + t.error,
      baselineError: acc.baselineError + t.baselineError,
      in80: acc.in80 + t.in80,
      in95: acc.in95 + t.in95,
      count: acc.count + t.count,
    }),
    { error: 0, baselineError: 0, in80: 0, in95: 0, count: 0 },
  );
  return {
    horizon_weeks: horizonWeeks,
    origins: origins.length,
    first_origin: origins[0] ?? null,
    last_origin: origins[origins.length - 1] ?? null,
    mape: ratio(total.error, total.count),
    baseline_mape: ratio(total.baselineError, total.count),
    coverage_80: ratio(total.in80, total.count),
    coverage_95: ratio(total.in95, total.count),
    by_horizon: tallies.map((t, i) => ({
      week: i + 1,
      mape: ratio(t.error, t.count),
      baseline_mape: ratio(t.baselineError, t.count),
      coverage_80: ratio(t.in80, t.count),
      coverage_95: ratio(t.in95, t.count),
    })),
  };
}
