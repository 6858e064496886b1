import { isBankDay } from '../../banking/bank-days';
import { addDays, daysBetween, isoWeek, type IsoDate } from '../../banking/dates';
import type { KnownFlow } from './known-flows';
import {
  detectRecurring,
  projectRecurring,
  type RecurringFlow,
  type RecurringObservation,
  type RecurringSeries,
} from './recurring';
import { roundMinor } from './rounding';
import { errorSpread, fitSeasonal, type BankDayValue } from './seasonal-model';

/**
 * The forecast of one scope (an account, a company or the koncern), in SEK, day by day after the
 * origin: known flows + recurring flows + the statistical model of the rest, and the spread of the
 * closing balance for the 80 % and 95 % bands.
 *
 * Intra-group transfers are forecast only where they recur (management fees); sweeps and funding are
 * liquidity management decided later, so a company's projected balance is what it would hold without
 * them (for the koncern they net to zero anyway). Future amounts in other currencies are valued at the
 * origin's reference rates: the forecast does not forecast exchange rates, but the band includes how
 * much revaluation moved the balance in the past.
 */

/** One calendar day of the scope's history, in SEK öre (floats: the model's input, never returned). */
export interface ScopeDay {
  date: IsoDate;
  /** Money in from outside the koncern. */
  inflow: number;
  /** Money out to outside the koncern (zero or negative). */
  outflow: number;
  intraNet: number;
  /** Closing balance at the day's reference rates. */
  closing: number;
}

export interface ScopeHistory {
  /** Every calendar day from the first of the history to its last, in order. */
  days: readonly ScopeDay[];
  /** The scope's accounts' transactions of the recurring categories (one row per account, category and day). */
  recurring: readonly RecurringObservation[];
  /** SEK per unit of `currency` on `date` as a float (1 for SEK): the history's recurring flows in SEK. */
  rateOn(currency: string, date: IsoDate): number;
}

export interface SourceFlows {
  inflow: bigint;
  outflow: bigint;
}

export interface ForecastDay {
  date: IsoDate;
  known: SourceFlows;
  recurring: SourceFlows;
  statistical: SourceFlows;
  /** Recurring intra-group transfers (management fees) in and out of the scope, net. */
  intraNet: bigint;
  closing: bigint;
  /** The spread (one standard deviation, öre) of `closing`. */
  spread: number;
}

export interface PricedKnownFlow extends KnownFlow {
  sekMinor: bigint;
}

export interface PricedRecurringFlow extends RecurringFlow {
  sekMinor: bigint;
}

export interface ScopeForecast {
  origin: IsoDate;
  /** Of the spread's estimate: the bands use Student's t with these degrees of freedom. */
  degreesOfFreedom: number;
  opening: bigint;
  days: ForecastDay[];
  known: PricedKnownFlow[];
  recurring: PricedRecurringFlow[];
}

export interface ForecastRequest {
  origin: IsoDate;
  /** Last day forecast, inclusive. */
  end: IsoDate;
  /** The scope's closing balance on the origin, SEK öre (exact, as the history reports it). */
  opening: bigint;
  known?: readonly KnownFlow[];
  /** A future amount in SEK öre, at the origin's reference rate (exact; the banking module's rule). */
  toSek(minor: bigint, currency: string): bigint;
  /** The spread of the closing balance `days` after the origin; default: from the in-sample errors. */
  spreadOf?: (days: number) => number;
  /** How many errors the spread was measured on, less one (default: many, the normal distribution). */
  degreesOfFreedom?: number;
}

/** Quantiles of the standard normal distribution for the two-sided 80 % and 95 % bands. */
export const Z_80 = 1.2815515655446004;
export const Z_95 = 1.959963984540054;

/** Two years of history at most are fitted: older years say little about next quarter. */
const FIT_HISTORY_DAYS = 731;

const zeroFlows = (): SourceFlows => ({ inflow: 0n, outflow: 0n });

function add(flows: SourceFlows, amount: bigint): void {
  if (amount >= 0n) flows.inflow += amount;
  else flows.outflow += amount;
}

type DayFlows = Map<IsoDate, { inflow: number; outflow: number }>;

const recurringInSek = new WeakMap<ScopeHistory, DayFlows>();

function addInSek(byDay: DayFlows, history: ScopeHistory, currency: string, date: IsoDate, minor: bigint) {
  const entry = byDay.get(date) ?? { inflow: 0, outflow: 0 };
  const sek = Number(minor) * history.rateOn(currency, date);
  if (sek >= 0) entry.inflow += sek;
  else entry.outflow += sek;
  byDay.set(date, entry);
}

/** The history's external flows of recurring categories per day in SEK (worked out once per history). */
function categorisedByDay(history: ScopeHistory): DayFlows {
  let byDay = recurringInSek.get(history);
  if (byDay) return byDay;
  byDay = new Map();
  for (const o of history.recurring) {
    if (o.intraGroup || o.category === null) continue;
    addInSek(byDay, history, o.currency, o.date, o.amountMinor);
  }
  recurringInSek.set(history, byDay);
  return byDay;
}

/**
 * The history's external recurring flows per day in SEK as seen at an origin: every payment of a
 * recurring category, and the payments of the counterparty series recognised there (a counterparty's
 * other payments stay with the statistical model).
 */
function recurringByDay(history: ScopeHistory, series: readonly RecurringSeries[]): DayFlows {
  const categorised = categorisedByDay(history);
  const byCounterparty = series.filter((s) => s.payments !== null && !s.intraGroup);
  if (byCounterparty.length === 0) return categorised;
  const byDay: DayFlows = new Map([...categorised].map(([d, f]) => [d, { ...f }]));
  for (const s of byCounterparty) {
    for (const [date, minor] of s.payments ?? []) addInSek(byDay, history, s.currency, date, minor);
  }
  return byDay;
}

export function dayIndex(history: ScopeHistory, date: IsoDate): number {
  const first = history.days[0];
  return first ? daysBetween(first.date, date) : -1;
}

export function forecastScope(history: ScopeHistory, request: ForecastRequest): ScopeForecast {
  const { origin, end } = request;
  const originIndex = dayIndex(history, origin);
  if (originIndex < 0 || originIndex >= history.days.length) {
    throw new RangeError(`origin ${origin} is outside the history`);
  }

  // 1. The residual history: external flows minus the recurring ones, bank days only.
  const series = detectRecurring(history.recurring, origin);
  const recurring = recurringByDay(history, series);
  const residualIn: BankDayValue[] = [];
  const residualOut: BankDayValue[] = [];
  const fxMoves: number[] = [];
  for (let i = Math.max(0, originIndex - FIT_HISTORY_DAYS); i <= originIndex; i++) {
    const day = history.days[i];
    if (!day) continue;
    const previous = history.days[i - 1];
    fxMoves.push(previous ? day.closing - previous.closing - day.inflow - day.outflow - day.intraNet : 0);
    if (!isBankDay(day.date)) continue;
    const r = recurring.get(day.date);
    residualIn.push({ date: day.date, value: day.inflow - (r?.inflow ?? 0) });
    residualOut.push({ date: day.date, value: day.outflow - (r?.outflow ?? 0) });
  }

  // 2. The model of the residual, and its in-sample errors (plus revaluation) per calendar day.
  const modelIn = fitSeasonal(residualIn);
  const modelOut = fitSeasonal(residualOut);
  const errorByDate = new Map<IsoDate, number>();
  modelIn.window.forEach((v, i) => errorByDate.set(v.date, v.value - (modelIn.fitted[i] ?? 0)));
  modelOut.window.forEach((v, i) =>
    errorByDate.set(v.date, (errorByDate.get(v.date) ?? 0) + v.value - (modelOut.fitted[i] ?? 0)),
  );
  const firstFitted = modelIn.window[0]?.date ?? origin;
  const errors: number[] = [];
  const fxStart = fxMoves.length - 1 - daysBetween(firstFitted, origin);
  for (let i = Math.max(0, fxStart), d = firstFitted; i < fxMoves.length; i++, d = addDays(d, 1)) {
    errors.push((errorByDate.get(d) ?? 0) + (fxMoves[i] ?? 0));
  }
  const spreadOf = request.spreadOf ?? errorSpread(errors);

  // 3. Recurring and known flows after the origin, in SEK at the origin's rates.
  const recurringFlows: PricedRecurringFlow[] = series
    .flatMap((s) => projectRecurring(s, origin, end))
    .map((f) => ({ ...f, sekMinor: request.toSek(f.amountMinor, f.currency) }));
  const knownFlows: PricedKnownFlow[] = (request.known ?? [])
    .filter((f) => f.date > origin && f.date <= end)
    .map((f) => ({ ...f, sekMinor: request.toSek(f.amountMinor, f.currency) }));

  // 4. Day by day.
  const days: ForecastDay[] = [];
  const indexOf = new Map<IsoDate, number>();
  const statistical: { inflow: number; outflow: number }[] = [];
  for (let date = addDays(origin, 1); date <= end; date = addDays(date, 1)) {
    indexOf.set(date, days.length);
    const bankDay = isBankDay(date);
    statistical.push({
      inflow: bankDay ? Math.max(0, modelIn.predict(date)) : 0,
      outflow: bankDay ? Math.min(0, modelOut.predict(date)) : 0,
    });
    days.push({
      date,
      known: zeroFlows(),
      recurring: zeroFlows(),
      statistical: zeroFlows(),
      intraNet: 0n,
      closing: 0n,
      spread: 0,
    });
  }
  for (const f of knownFlows) {
    const day = days[indexOf.get(f.date) ?? -1];
    if (day) add(day.known, f.sekMinor);
  }
  for (const f of recurringFlows) {
    const day = days[indexOf.get(f.date) ?? -1];
    if (!day) continue;
    if (f.intraGroup) day.intraNet += f.sekMinor;
    else add(day.recurring, f.sekMinor);
  }

  // The statistical part is what is expected beyond the known flows: per ISO week and direction,
  // what the model expects less what is already known, never below zero.
  const weekOf = (date: IsoDate) => {
    const { year, week } = isoWeek(date);
    return year * 100 + week;
  };
  const weeks = new Map<number, { model: SourceFlows & { inF: number; outF: number }; days: number[] }>();
  days.forEach((day, i) => {
    const key = weekOf(day.date);
    const entry = weeks.get(key) ?? { model: { inflow: 0n, outflow: 0n, inF: 0, outF: 0 }, days: [] };
    entry.model.inF += statistical[i]?.inflow ?? 0;
    entry.model.outF += statistical[i]?.outflow ?? 0;
    entry.model.inflow += day.known.inflow;
    entry.model.outflow += day.known.outflow;
    entry.days.push(i);
    weeks.set(key, entry);
  });
  for (const { model, days: members } of weeks.values()) {
    const inScale = model.inF > 0 ? Math.max(0, model.inF - Number(model.inflow)) / model.inF : 0;
    const outScale = model.outF < 0 ? Math.max(0, Number(model.outflow) - model.outF) / -model.outF : 0;
    for (const i of members) {
      const day = days[i];
      const s = statistical[i];
      if (!day || !s) continue;
      day.statistical.inflow = roundMinor(s.inflow * inScale);
      day.statistical.outflow = roundMinor(s.outflow * outScale);
    }
  }

  let closing = request.opening;
  for (const day of days) {
    closing +=
      day.known.inflow +
      day.known.outflow +
      day.recurring.inflow +
      day.recurring.outflow +
      day.statistical.inflow +
      day.statistical.outflow +
      day.intraNet;
    day.closing = closing;
    day.spread = spreadOf(daysBetween(origin, day.date));
  }
  return {
    origin,
    degreesOfFreedom: request.degreesOfFreedom ?? Number.POSITIVE_INFINITY,
    opening: request.opening,
    days,
    known: knownFlows,
    recurring: recurringFlows,
  };
}

/**
 * The quantile of Student's t with `df` degrees of freedom whose normal counterpart is `z`
 * (Abramowitz & Stegun 26.7.5, good to three decimals from 5 degrees of freedom): a spread measured on
 * a few dozen errors is itself uncertain, so the band widens a little.
 */
export function studentT(z: number, df: number): number {
  if (!Number.isFinite(df)) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2);
}

/** The band of `level` (0.8 or 0.95) around a day's closing balance, each end rounded once. */
export function band(
  day: Pick<ForecastDay, 'closing' | 'spread'>,
  level: 0.8 | 0.95,
  degreesOfFreedom = Number.POSITIVE_INFINITY,
): { low: bigint; high: bigint } {
  const half = studentT(level === 0.8 ? Z_80 : Z_95, degreesOfFreedom) * day.spread;
  const point = Number(day.closing);
  return { low: roundMinor(point - half), high: roundMinor(point + half) };
}
