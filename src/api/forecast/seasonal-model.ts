import { bankDayOnOrBefore } from '../../banking/bank-days';
import { dateParts, daysInMonth, isoDate, isoWeekday, type IsoDate } from '../../banking/dates';

/**
 * The statistical model of the residual (what the known and recurring flows do not explain: customer
 * receipts, supplier payments, everything irregular), one direction at a time, per bank day:
 *
 *   value(d) = month(d) × (level + weekday(d) + part-of-month(d))
 *
 * - yearly seasonality as a factor per calendar month (the Swedish July dip and December peak),
 *   estimated from every year of history as that month's mean over the mean of the months, and only
 *   once a year of history exists;
 * - weekly seasonality (Monday–Friday) and the pattern within the month (the first days, the middle,
 *   the days around salary day, the end of the month, the last bank day), estimated on the last year
 *   with the yearly factors taken out, by backfitting (alternating conditional means);
 * - no value on days that are not bank days (no bank books anything then).
 *
 * No library fits this exactly (Prophet-like additive models are not available in JavaScript in a
 * well-kept package), and the estimators are means, so it is written here; it is deterministic.
 */

export interface BankDayValue {
  date: IsoDate;
  value: number;
}

export interface SeasonalModel {
  predict(date: IsoDate): number;
  /** The in-sample fit on the last year, aligned with `window`. */
  window: readonly BankDayValue[];
  fitted: readonly number[];
  monthFactors: readonly number[];
}

/** Bank days in the fitting window of the weekly and monthly pattern: about a year. */
export const FIT_WINDOW_BANK_DAYS = 250;
/** Bank days of history before the yearly factors are estimated (else they are 1). */
const YEARLY_MIN_BANK_DAYS = 240;
const BACKFIT_ITERATIONS = 8;
const SEASON_ROUNDS = 4;

const monthParts = new Map<IsoDate, number>();

/** Part of the month: 1–5, 6–12, 13–19, 20–24, 25 onwards, and the month's last bank day apart. */
export function monthPart(date: IsoDate): number {
  let part = monthParts.get(date);
  if (part === undefined) {
    part = computeMonthPart(date);
    // Every forecast asks about the same few thousand dates; the cap only guards a very long-running process.
    if (monthParts.size > 100_000) monthParts.clear();
    monthParts.set(date, part);
  }
  return part;
}

function computeMonthPart(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  if (bankDayOnOrBefore(isoDate(year, month, daysInMonth(year, month))) === date) return 5;
  if (day <= 5) return 0;
  if (day <= 12) return 1;
  if (day <= 19) return 2;
  if (day <= 24) return 3;
  return 4;
}

interface Additive {
  level: number;
  weekday: number[];
  part: number[];
}

const additiveAt = (fit: Additive, date: IsoDate): number =>
  fit.level + (fit.weekday[isoWeekday(date) - 1] ?? 0) + (fit.part[monthPart(date)] ?? 0);

/** level + weekday + part-of-month fitted to `values` divided by their month's factor, by backfitting. */
function fitAdditive(
  values: readonly BankDayValue[],
  factorOf: (date: IsoDate) => number,
  weekdays: readonly number[] = values.map((v) => isoWeekday(v.date) - 1),
  parts: readonly number[] = values.map((v) => monthPart(v.date)),
): Additive {
  const adjusted = values.map((v) => v.value / factorOf(v.date));
  const level = adjusted.reduce((a, b) => a + b, 0) / Math.max(1, adjusted.length);
  const weekday = new Array<number>(7).fill(0);
  const part = new Array<number>(6).fill(0);
  const refit = (
    effect: number[],
    groups: readonly number[],
    other: number[],
    otherGroups: readonly number[],
  ) => {
    const sums = new Array<number>(effect.length).fill(0);
    const counts = new Array<number>(effect.length).fill(0);
    adjusted.forEach((value, i) => {
      const g = groups[i] ?? 0;
      sums[g] = (sums[g] ?? 0) + value - level - (other[otherGroups[i] ?? 0] ?? 0);
      counts[g] = (counts[g] ?? 0) + 1;
    });
    for (let g = 0; g < effect.length; g++) {
      effect[g] = (counts[g] ?? 0) > 0 ? (sums[g] ?? 0) / (counts[g] ?? 1) : 0;
    }
  };
  for (let iteration = 0; iteration < BACKFIT_ITERATIONS; iteration++) {
    refit(weekday, weekdays, part, parts);
    refit(part, parts, weekday, weekdays);
  }
  return { level, weekday, part };
}

/**
 * Each calendar month's factor: what its bank days brought over what the weekly and monthly pattern
 * alone expects of them (so a month with five Fridays is not mistaken for a busy month), relative to
 * the mean over the months.
 */
function monthFactorsOf(values: readonly BankDayValue[]): number[] {
  let factors = new Array<number>(12).fill(1);
  if (values.length < YEARLY_MIN_BANK_DAYS) return factors;
  const weekdays = values.map((v) => isoWeekday(v.date) - 1);
  const parts = values.map((v) => monthPart(v.date));
  // The pattern and the factors explain each other: alternate until both settle.
  for (let round = 0; round < SEASON_ROUNDS; round++) {
    const current = factors;
    const pattern = fitAdditive(
      values,
      (date) => current[Number(date.slice(5, 7)) - 1] ?? 1,
      weekdays,
      parts,
    );
    const actual = new Array<number>(12).fill(0);
    const expected = new Array<number>(12).fill(0);
    const counts = new Array<number>(12).fill(0);
    for (const { date, value } of values) {
      const m = Number(date.slice(5, 7)) - 1;
      actual[m] = (actual[m] ?? 0) + value;
      expected[m] = (expected[m] ?? 0) + additiveAt(pattern, date);
      counts[m] = (counts[m] ?? 0) + 1;
    }
    const raw = actual.map((a, m) =>
      (counts[m] ?? 0) >= 10 && (expected[m] ?? 0) !== 0 ? a / (expected[m] ?? 1) : Number.NaN,
    );
    const known = raw.filter((r) => Number.isFinite(r));
    const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
    if (mean <= 0 || !Number.isFinite(mean)) return new Array<number>(12).fill(1);
    factors = raw.map((r) => {
      const factor = Number.isFinite(r) ? r / mean : 1;
      return factor > 0.2 && factor < 5 ? factor : 1;
    });
  }
  return shrinkTowardOne(values, factors);
}

/**
 * A month's factor from one or two years of daily flows is noisy (a few large receipts move a month
 * by several per cent), and a noisy factor errs in every forecast of that month. Each factor is pulled
 * toward 1 by how noisy it is against how much the months really differ (empirical Bayes): its noise
 * variance is what the month's daily errors add up to, relative to what the month was expected to bring;
 * the months' true spread is what their factors spread beyond that noise. A noiseless history keeps its
 * factors as they are.
 */
function shrinkTowardOne(values: readonly BankDayValue[], factors: readonly number[]): number[] {
  const pattern = fitAdditive(values, (date) => factors[Number(date.slice(5, 7)) - 1] ?? 1);
  const squaredErrors = new Array<number>(12).fill(0);
  const expected = new Array<number>(12).fill(0);
  for (const { date, value } of values) {
    const m = Number(date.slice(5, 7)) - 1;
    const base = additiveAt(pattern, date);
    squaredErrors[m] = (squaredErrors[m] ?? 0) + (value - (factors[m] ?? 1) * base) ** 2;
    expected[m] = (expected[m] ?? 0) + base;
  }
  const noise = expected.map((e, m) => (e !== 0 ? (squaredErrors[m] ?? 0) / e ** 2 : 0));
  const spread = factors.reduce((acc, f) => acc + (f - 1) ** 2, 0) / factors.length;
  const meanNoise = noise.reduce((a, b) => a + b, 0) / noise.length;
  const trueSpread = Math.max(0, spread - meanNoise);
  return factors.map((f, m) => {
    const v = noise[m] ?? 0;
    const weight = trueSpread + v > 0 ? trueSpread / (trueSpread + v) : 1;
    return 1 + weight * (f - 1);
  });
}

export function fitSeasonal(values: readonly BankDayValue[]): SeasonalModel {
  const monthFactors = monthFactorsOf(values);
  const factorOf = (date: IsoDate) => monthFactors[Number(date.slice(5, 7)) - 1] ?? 1;
  const window = values.slice(-FIT_WINDOW_BANK_DAYS);
  const fit = fitAdditive(window, factorOf);
  const predict = (date: IsoDate): number => factorOf(date) * additiveAt(fit, date);
  return { predict, window, fitted: window.map((v) => predict(v.date)), monthFactors };
}

/**
 * How far a sum of `k` consecutive daily errors spreads: the root mean square of every k-day window
 * sum of the in-sample errors (so that the errors' autocorrelation is kept), extended beyond a third of
 * the history as a random walk (× √k), and widened by √(1 + k/n) for the uncertainty of the fitted
 * level itself.
 */
export function errorSpread(errors: readonly number[]): (k: number) => number {
  const n = errors.length;
  const prefix = [0];
  for (const e of errors) prefix.push((prefix[prefix.length - 1] ?? 0) + e);
  const longest = Math.max(1, Math.floor(n / 3));
  const cache = new Map<number, number>();
  const windowRms = (k: number): number => {
    const cached = cache.get(k);
    if (cached !== undefined) return cached;
    let sum = 0;
    let count = 0;
    for (let i = 0; i + k <= n; i++) {
      const s = (prefix[i + k] ?? 0) - (prefix[i] ?? 0);
      sum += s * s;
      count += 1;
    }
    const rms = count > 0 ? Math.sqrt(sum / count) : 0;
    cache.set(k, rms);
    return rms;
  };
  return (k: number) => {
    if (k <= 0 || n === 0) return 0;
    const base = k <= longest ? windowRms(k) : windowRms(longest) * Math.sqrt(k / longest);
    return base * Math.sqrt(1 + k / n);
  };
}
