import { isBankDay } from '../../banking/bank-days';
import { addDays, daysBetween, isoWeek, type IsoDate } from '../../banking/dates';
import { knownAhead, knownAheadAt, type ScopeInvoices } from './invoice-history';
import type { KnownFlow } from './known-flows';
import {
  detectRecurring,
  projectRecurring,
  type RecurringFlow,
  type RecurringObservation,
  type RecurringSeries,
} from './recurring';
import { monthIndexOf } from './recurrence';
import { roundMinor } from './rounding';
import { turnoverLink } from './turnover-link';
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

/**
 * Everything a forecast reads. Forecasts from past origins are kept by a fingerprint of all of it (fingerprint.ts):
 * what is added here must be added to the fingerprint, or a kept forecast could outlive a change to it.
 */
export interface ScopeHistory {
  /** Every calendar day from the first of the history to its last, in order. */
  days: readonly ScopeDay[];
  /** The scope's accounts' transactions of the recurring categories (one row per account, category and day). */
  recurring: readonly RecurringObservation[];
  /** SEK per unit of `currency` on `date` as a float (1 for SEK): the history's recurring flows in SEK. */
  rateOn(currency: string, date: IsoDate): number;
  /** The scope's receivables and payables through time; absent or empty when none were ever recorded. */
  invoices?: ScopeInvoices;
  /** Per company: its external flows (in + out, SEK) on each of `days`, and which company holds each account. */
  companies?: {
    companyOf: ReadonlyMap<string, string>;
    external: ReadonlyMap<string, Float64Array>;
  };
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
  /**
   * Known flows as SEK per day after the origin (index 0 is the day after), for past origins, where only
   * their sums matter and a list of every open invoice would be built 39 times over.
   */
  knownDaily?: { inflow: Float64Array; outflow: Float64Array };
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

const emptyWeek = () => ({ inflow: 0n, outflow: 0n, inF: 0, outF: 0, inUnknown: 0, outUnknown: 0 });

interface UnknownShare {
  /** The share of the model's expectation `lead` days after the origin that no open item covers yet. */
  inflow(lead: number): number;
  outflow(lead: number): number;
}

/**
 * Per direction, 1 − (settled invoices' amounts known at least `lead` days before they were paid) /
 * (the residual flows), both over the half year before the origin. With no invoice history: 1.
 */
function unknownShares(
  history: ScopeHistory,
  origin: IsoDate,
  residualIn: readonly BankDayValue[],
  residualOut: readonly BankDayValue[],
): UnknownShare {
  const none: UnknownShare = { inflow: () => 1, outflow: () => 1 };
  if (!history.invoices || history.invoices.rows.length === 0) return none;
  const ahead = knownAheadAt(history.invoices, origin, (currency, date) => history.rateOn(currency, date));
  const total = (values: readonly BankDayValue[]) => {
    let sum = 0;
    for (let i = values.length - 1; i >= 0; i--) {
      const v = values[i];
      if (!v || v.date <= ahead.from) break;
      sum += Math.abs(v.value);
    }
    return sum;
  };
  const totalIn = total(residualIn);
  const totalOut = total(residualOut);
  const share = (sums: Float64Array, sum: number) => (lead: number) =>
    sum > 0 ? 1 - Math.min(1, knownAhead(sums, lead) / sum) : 1;
  return { inflow: share(ahead.inflow, totalIn), outflow: share(ahead.outflow, totalOut) };
}

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

  // 3. Recurring and known flows after the origin, in SEK at the origin's rates. A series that follows its
  // company's turnover (VAT) takes its amount from the month before where that month is known.
  const recurringFlows: PricedRecurringFlow[] = series.flatMap((s) => {
    const link = turnoverLink(history, s, series, origin);
    return projectRecurring(s, origin, end).map((flow) => {
      const amountMinor = link?.amountIn(monthIndexOf(flow.date)) ?? flow.amountMinor;
      return { ...flow, amountMinor, sekMinor: request.toSek(amountMinor, flow.currency) };
    });
  });
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
  if (request.knownDaily) {
    const { inflow, outflow } = request.knownDaily;
    days.forEach((day, i) => {
      day.known.inflow += roundMinor(inflow[i] ?? 0);
      day.known.outflow += roundMinor(outflow[i] ?? 0);
    });
  }
  // The statistical part is what is expected beyond the known flows, per ISO week and direction: the
  // model's expectation for the part of each day's flows that is usually not known that far ahead (the
  // settled invoices tell how much was known how many days before), and never more than the model's
  // expectation less what is already known. Without invoice history, only the second holds.
  const unknownShare = unknownShares(history, origin, residualIn, residualOut);
  const weekOf = (date: IsoDate) => {
    const { year, week } = isoWeek(date);
    return year * 100 + week;
  };
  const weeks = new Map<number, { model: ReturnType<typeof emptyWeek>; days: number[] }>();
  days.forEach((day, i) => {
    const key = weekOf(day.date);
    const entry = weeks.get(key) ?? { model: emptyWeek(), days: [] };
    const s = statistical[i] ?? { inflow: 0, outflow: 0 };
    const lead = i + 1;
    entry.model.inF += s.inflow;
    entry.model.outF += s.outflow;
    entry.model.inUnknown += s.inflow * unknownShare.inflow(lead);
    entry.model.outUnknown += s.outflow * unknownShare.outflow(lead);
    entry.model.inflow += day.known.inflow;
    entry.model.outflow += day.known.outflow;
    entry.days.push(i);
    weeks.set(key, entry);
  });
  for (const { model, days: members } of weeks.values()) {
    const inTarget = Math.min(model.inUnknown, Math.max(0, model.inF - Number(model.inflow)));
    const outTarget = Math.max(model.outUnknown, Math.min(0, model.outF - Number(model.outflow)));
    const inScale = model.inF > 0 ? inTarget / model.inF : 0;
    const outScale = model.outF < 0 ? outTarget / model.outF : 0;
    for (const i of members) {
      const day = days[i];
      const s = statistical[i];
      if (!day || !s) continue;
      day.statistical.inflow = roundMinor(s.inflow * inScale);
      day.statistical.outflow = roundMinor(s.outflow * outScale);
    }
  }

  for (const f of recurringFlows) {
    const day = days[indexOf.get(f.date) ?? -1];
    if (!day) continue;
    if (f.intraGroup) day.intraNet += f.sekMinor;
    else add(day.recurring, f.sekMinor);
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
