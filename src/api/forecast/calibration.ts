import { addDays, isoWeekday, type IsoDate } from '../../banking/dates';
import {
  dayIndex,
  forecastScope,
  type ForecastRequest,
  type ScopeForecast,
  type ScopeHistory,
} from './engine';
import { roundMinor } from './rounding';

/**
 * Honest bands: the spread of the closing balance k days ahead is measured on the model's own
 * forecasts from earlier origins (every Sunday whose 13 weeks had passed by the origin, the latest
 * 26 of them), each made with only the history before it, as the root mean square of how far they
 * missed the actual weekly closing balance (the bands then use Student's t with samples − 1 degrees of
 * freedom, for the uncertainty of that estimate). That includes what in-sample errors cannot see: the
 * error of the fitted level and seasonal factors, of the recurring amounts, and revaluation. With
 * fewer than 8 such origins (a short history) the in-sample spread of the engine is used instead.
 */

export const CALIBRATION_WEEKS = 13;
const CALIBRATION_ORIGINS = 39;
const MIN_CALIBRATION_ORIGINS = 8;
/** An earlier origin needs this much history before it to say anything about the model. */
const MIN_HISTORY_DAYS = 182;

const errorCache = new WeakMap<ScopeHistory, Map<IsoDate, number[] | null>>();

/** actual − forecast weekly closing balance (öre) for weeks 1..13 after `origin`, or null where not observable. */
function weeklyErrors(history: ScopeHistory, origin: IsoDate): number[] | null {
  let cache = errorCache.get(history);
  if (!cache) {
    cache = new Map();
    errorCache.set(history, cache);
  }
  const cached = cache.get(origin);
  if (cached !== undefined) return cached;
  const start = dayIndex(history, origin);
  const closingAt = (date: IsoDate) => history.days[dayIndex(history, date)]?.closing;
  const opening = closingAt(origin);
  const end = addDays(origin, 7 * CALIBRATION_WEEKS);
  let errors: number[] | null = null;
  if (start >= MIN_HISTORY_DAYS && opening !== undefined && closingAt(end) !== undefined) {
    const forecast = forecastScope(history, {
      origin,
      end,
      opening: roundMinor(opening),
      toSek: (minor, currency) => roundMinor(Number(minor) * history.rateOn(currency, origin)),
      spreadOf: () => 0,
    });
    errors = [];
    for (let week = 1; week <= CALIBRATION_WEEKS; week++) {
      const date = addDays(origin, 7 * week);
      const predicted = forecast.days[7 * week - 1];
      errors.push((closingAt(date) ?? 0) - Number(predicted?.closing ?? 0n));
    }
  }
  cache.set(origin, errors);
  return errors;
}

/** The spread of the closing balance `days` after `origin`, from earlier origins' errors; null when too few. */
export function calibratedSpread(
  history: ScopeHistory,
  origin: IsoDate,
): { spreadOf: (days: number) => number; samples: number } | null {
  const latest = addDays(origin, -7 * CALIBRATION_WEEKS);
  const lastSunday = addDays(latest, -(isoWeekday(latest) % 7));
  const samples: number[][] = [];
  for (let i = 0, o = lastSunday; i < CALIBRATION_ORIGINS; i++, o = addDays(o, -7)) {
    const errors = weeklyErrors(history, o);
    if (errors) samples.push(errors);
  }
  if (samples.length < MIN_CALIBRATION_ORIGINS) return null;
  const rms = [0];
  for (let week = 1; week <= CALIBRATION_WEEKS; week++) {
    const squares = samples.reduce((acc, e) => acc + (e[week - 1] ?? 0) ** 2, 0);
    rms.push(Math.sqrt(squares / samples.length));
  }
  const last = rms[CALIBRATION_WEEKS] ?? 0;
  const spreadOf = (days: number): number => {
    if (days <= 0) return 0;
    const horizon = 7 * CALIBRATION_WEEKS;
    if (days >= horizon) return last * Math.sqrt(days / horizon);
    const week = Math.floor(days / 7);
    const below = rms[week] ?? 0;
    const above = rms[week + 1] ?? last;
    return below + ((above - below) * (days - 7 * week)) / 7;
  };
  return { spreadOf, samples: samples.length };
}

/** The forecast with bands calibrated on earlier origins where the history allows it. */
export function forecastWithBands(history: ScopeHistory, request: ForecastRequest): ScopeForecast {
  const calibrated = calibratedSpread(history, request.origin);
  if (!calibrated) return forecastScope(history, request);
  return forecastScope(history, {
    ...request,
    spreadOf: calibrated.spreadOf,
    degreesOfFreedom: calibrated.samples - 1,
  });
}
