import { addDays, isoWeekday, type IsoDate } from '../../banking/dates';
import {
  dayIndex,
  forecastScope,
  Z_80,
  type ForecastRequest,
  type ScopeForecast,
  type ScopeHistory,
} from './engine';
import { noteEarlierResult, storedEarlierResult } from './earlier-forecast-store';
import { fingerprintOf, scopeFingerprint } from './fingerprint';
import { knownDailyAt } from './invoice-history';
import { roundMinor } from './rounding';

/**
 * Honest bands: how far the closing balance k weeks ahead strays is measured on the model's own forecasts
 * from earlier origins, each made with only the history before it: for week k, the latest 39 Sundays whose
 * k-th week had passed by the origin. A miss one week ahead is known a week later, one 13 weeks ahead only
 * 13 weeks later; judging every week on origins 13 weeks old judged the near weeks on an older model than
 * need be (on the demo koncern, 89 % of weeks then fell inside the 80 % band). That includes what in-sample
 * errors cannot see: the error of the fitted level and seasonal factors, of the recurring amounts, and
 * revaluation.
 *
 * - Errors are taken relative to the balance at their origin and applied to today's, so a koncern whose
 *   balance has grown is not judged by its smaller past.
 * - The 80 % band of week k is the weighted 80 % quantile of those errors' sizes (the 95 % band is that
 *   widened as a normal distribution would widen it). A quantile, not a root mean square: the errors are
 *   heavy-tailed, and a few large misses widened a root-mean-square band until 90–95 % of weeks fell in.
 * - An origin's weight halves every 6 weeks back: the later origins had more history before them, as
 *   today has, and their model is the nearer one to today's.
 * - Origins with less than a year of history before them forecast without yearly factors and miss by
 *   more than the model does now; they are used only where too few origins with a year exist.
 *
 * With fewer than 8 origins (a short history) the in-sample spread of the engine is used instead.
 */

export const CALIBRATION_WEEKS = 13;
const CALIBRATION_ORIGINS = 39;
const MIN_CALIBRATION_ORIGINS = 8;
/** An earlier origin needs this much history before it to say anything about the model. */
const MIN_HISTORY_DAYS = 182;
/** History before an origin for the yearly factors to be fitted there. */
const YEAR_OF_HISTORY_DAYS = 364;
/** Weeks back over which an earlier origin's weight halves. */
const HALF_LIFE_WEEKS = 6;
const BAND_LEVEL = 0.8;

/**
 * What was known on a past origin, per day of the 13 weeks after it: the receivables and payables open
 * that day (payment batches approved by then are not kept that way).
 */
export function knownOnPastOrigin(history: ScopeHistory, origin: IsoDate): ForecastRequest['knownDaily'] {
  return history.invoices
    ? knownDailyAt(history.invoices, origin, 7 * CALIBRATION_WEEKS, (currency, date) =>
        history.rateOn(currency, date),
      )
    : undefined;
}

/**
 * The forecast from a past origin as the backtest and the bands make it: `weeks` weeks, knowing what was open
 * that day, future amounts at that day's rates.
 */
export function pastOriginRequest(
  history: ScopeHistory,
  origin: IsoDate,
  opening: number,
  weeks: number,
): ForecastRequest {
  return {
    origin,
    end: addDays(origin, 7 * weeks),
    opening: roundMinor(opening),
    knownDaily: knownOnPastOrigin(history, origin),
    toSek: (minor, currency) => roundMinor(Number(minor) * history.rateOn(currency, origin)),
  };
}

const errorCache = new WeakMap<ScopeHistory, Map<IsoDate, number[] | null>>();

/**
 * What was worked out from an earlier origin on earlier loads of the same history, kept by what it read
 * (fingerprint.ts): after new transactions only the origins whose weeks reach them are worked out again.
 * Oldest forgotten first. What the process has not worked out itself may be stored by another
 * (earlier-forecast-store.ts).
 */
const keptByRead = new Map<string, unknown>();
const MAX_KEPT = 50_000;

/** Forgets everything kept by what it read: the process then works as one just started (the bench's cold runs). */
export function forgetEarlierForecasts(): void {
  keptByRead.clear();
}

/**
 * `work`'s result for the forecast from `origin` and the `weeks` weeks of actuals after it, kept (as `kind`)
 * while nothing it could read of the history changes.
 */
export function keptWhileUnread<T>(
  history: ScopeHistory,
  origin: IsoDate,
  weeks: number,
  kind: string,
  work: () => T,
): T {
  const lastRead = Math.min(
    history.days.length - 1,
    dayIndex(history, origin) + 7 * Math.max(weeks, CALIBRATION_WEEKS),
  );
  // What is worked out, for which scope, history and origin; with the fingerprint of what it read, the key.
  const slot = [
    kind,
    weeks,
    scopeFingerprint(history),
    history.days[0]?.date,
    origin,
    lastRead,
    history.invoices ? 'invoices' : 'none',
  ].join('|');
  const fingerprint = fingerprintOf(history).upTo(lastRead);
  const key = `${slot}|${fingerprint}`;
  if (keptByRead.has(key)) return keptByRead.get(key) as T;
  const stored = storedEarlierResult(history, slot, fingerprint);
  const value = stored === undefined ? work() : (stored as T);
  if (stored === undefined) noteEarlierResult(history, slot, fingerprint, value);
  keptByRead.set(key, value);
  if (keptByRead.size > MAX_KEPT) {
    const oldest = keptByRead.keys().next();
    if (!oldest.done) keptByRead.delete(oldest.value);
  }
  return value;
}

/**
 * actual − forecast weekly closing balance (öre) for weeks 1..13 after `origin` (NaN for a week not yet
 * in the history), or null where not even the first week is.
 */
function weeklyErrors(history: ScopeHistory, origin: IsoDate): number[] | null {
  let cache = errorCache.get(history);
  if (!cache) {
    cache = new Map();
    errorCache.set(history, cache);
  }
  const cached = cache.get(origin);
  if (cached !== undefined) return cached;
  const errors = keptWhileUnread(history, origin, CALIBRATION_WEEKS, 'errors', () => {
    const start = dayIndex(history, origin);
    const closingAt = (date: IsoDate) => history.days[dayIndex(history, date)]?.closing;
    const opening = closingAt(origin);
    if (start < MIN_HISTORY_DAYS || opening === undefined || closingAt(addDays(origin, 7)) === undefined) {
      return null;
    }
    const forecast = forecastScope(history, {
      ...pastOriginRequest(history, origin, opening, CALIBRATION_WEEKS),
      spreadOf: () => 0,
    });
    const misses: number[] = [];
    for (let week = 1; week <= CALIBRATION_WEEKS; week++) {
      const actual = closingAt(addDays(origin, 7 * week));
      const predicted = forecast.days[7 * week - 1];
      misses.push(actual === undefined ? Number.NaN : actual - Number(predicted?.closing ?? 0n));
    }
    return misses;
  });
  cache.set(origin, errors);
  return errors;
}

interface CalibrationSample {
  /** Days of history before the earlier origin. */
  historyDays: number;
  /** Weeks from the latest earlier origin back to this one. */
  weeksBack: number;
  /** |actual − forecast| of the week, relative to the balance at the earlier origin. */
  size: number;
}

/**
 * The weighted 80 % quantile of the relative misses `week` weeks ahead, from the latest earlier origins
 * whose week had passed by `origin`; null when too few.
 */
function weekQuantile(history: ScopeHistory, origin: IsoDate, week: number): number | null {
  const latest = addDays(origin, -7 * week);
  const lastSunday = addDays(latest, -(isoWeekday(latest) % 7));
  const all: CalibrationSample[] = [];
  for (let i = 0, o = lastSunday; i < CALIBRATION_ORIGINS; i++, o = addDays(o, -7)) {
    const miss = weeklyErrors(history, o)?.[week - 1];
    const opening = Math.abs(history.days[dayIndex(history, o)]?.closing ?? 0);
    if (miss !== undefined && Number.isFinite(miss) && opening > 0) {
      all.push({ historyDays: dayIndex(history, o), weeksBack: i, size: Math.abs(miss) / opening });
    }
  }
  const withYear = all.filter((s) => s.historyDays >= YEAR_OF_HISTORY_DAYS);
  const samples = withYear.length >= MIN_CALIBRATION_ORIGINS ? withYear : all;
  if (samples.length < MIN_CALIBRATION_ORIGINS) return null;
  return weightedQuantile(
    samples.map((s) => s.size),
    samples.map((s) => 0.5 ** (s.weeksBack / HALF_LIFE_WEEKS)),
    BAND_LEVEL,
  );
}

/** Lets the process's other requests run: a large koncern's bands take seconds of work. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Works out the earlier forecasts the bands at `origin` are calibrated on (kept for `calibratedSpread`),
 * handing the event loop back after each: done in one go, they held up every other request of the process
 * for seconds on a large koncern.
 */
export async function prepareBands(history: ScopeHistory, origin: IsoDate): Promise<void> {
  const latest = addDays(origin, -7);
  const sunday = addDays(latest, -(isoWeekday(latest) % 7));
  // Week 1's latest origins through week 13's earliest: 12 + 39 Sundays.
  for (let i = 0, o = sunday; i < CALIBRATION_WEEKS - 1 + CALIBRATION_ORIGINS; i++, o = addDays(o, -7)) {
    if (errorCache.get(history)?.has(o)) continue;
    weeklyErrors(history, o);
    await nextTurn();
  }
}

/** The spread of the closing balance `days` after `origin`, from earlier origins' errors; null when too few. */
export function calibratedSpread(
  history: ScopeHistory,
  origin: IsoDate,
): { spreadOf: (days: number) => number } | null {
  const level = Math.abs(history.days[dayIndex(history, origin)]?.closing ?? 0);
  if (level === 0) return null;
  const byWeek = [0];
  for (let week = 1; week <= CALIBRATION_WEEKS; week++) {
    const quantile = weekQuantile(history, origin, week);
    if (quantile === null) return null;
    byWeek.push((level * quantile) / Z_80);
  }
  const last = byWeek[CALIBRATION_WEEKS] ?? 0;
  const spreadOf = (days: number): number => {
    if (days <= 0) return 0;
    const horizon = 7 * CALIBRATION_WEEKS;
    if (days >= horizon) return last * Math.sqrt(days / horizon);
    const week = Math.floor(days / 7);
    const below = byWeek[week] ?? 0;
    const above = byWeek[week + 1] ?? last;
    return below + ((above - below) * (days - 7 * week)) / 7;
  };
  return { spreadOf };
}

/** The smallest of `values` with at least `share` of the total weight at or below it. */
function weightedQuantile(values: readonly number[], weights: readonly number[], share: number): number {
  const order = values
    .map((value, i) => ({ value, weight: weights[i] ?? 0 }))
    .sort((a, b) => a.value - b.value);
  const total = order.reduce((acc, o) => acc + o.weight, 0);
  let cumulative = 0;
  for (const o of order) {
    cumulative += o.weight;
    if (cumulative >= share * total) return o.value;
  }
  return order[order.length - 1]?.value ?? 0;
}

/** The forecast with bands calibrated on earlier origins where the history allows it. */
export function forecastWithBands(history: ScopeHistory, request: ForecastRequest): ScopeForecast {
  const calibrated = calibratedSpread(history, request.origin);
  if (!calibrated) return forecastScope(history, request);
  // The quantile is already the band: no Student's t widening for an estimated variance.
  return forecastScope(history, { ...request, spreadOf: calibrated.spreadOf });
}
