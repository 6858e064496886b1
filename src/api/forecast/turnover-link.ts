import { isBankDay } from '../../banking/bank-days';
import { addDays, type IsoDate } from '../../banking/dates';
import type { ScopeHistory } from './engine';
import { monthIndexOf } from './recurrence';
import type { RecurringSeries } from './recurring';

/*
 * Payments that follow last month's turnover: VAT (output VAT on last month's sales less input VAT on its
 * purchases) and, abroad, the tax payments that include it. Their amount is not a level but a share of the
 * paying company's net receipts and payments of the month before; a treasurer forecasts next month's VAT
 * from this month's invoicing, and so does the forecast where the history shows the link. Nothing here
 * knows VAT rates: the share is fitted on the series' own past.
 *
 * A payment whose month before has passed is then known. One whose month before is under way is the
 * share of what that month has brought so far plus its remaining bank days at its own daily rate so far,
 * pulled toward the recent months' rate while few of its days have passed.
 * Later payments keep the series' own amount rule: the company's turnover that far ahead is not known.
 */

/** Months of history the share is fitted on. */
const FIT_MONTHS = 12;
/** At least this many months with a payment and a whole month of turnover before it. */
const MIN_FIT_MONTHS = 9;
/**
 * The fit must leave at most this share of the amounts' own spread (root mean square around their mean)
 * unexplained: a rent or a salary does not follow turnover, and a share fitted to one would only add noise.
 */
const MAX_UNEXPLAINED = 0.5;
/** Whole months whose daily rate continues a month under way. */
const RATE_MONTHS = 3;
/** How many bank days of the month under way weigh as much as the recent months' rate. */
const RATE_PRIOR_DAYS = 5;

/** Per month (monthIndexOf): net external flow in SEK öre, and the bank days it covers. */
type MonthlyNet = Map<number, { net: number; bankDays: number }>;

export interface TurnoverLink {
  /** The amount (series currency, minor units, signed) of the payment in `month`; null: use the series' rule. */
  amountIn(month: number): bigint | null;
}

/**
 * The company's net receipts and payments per month up to the origin, less what its recurring series
 * and categorised recurring flows paid: the turnover its VAT follows.
 */
const netCache = new WeakMap<ScopeHistory, Map<string, MonthlyNet | null>>();

function companyNet(
  history: ScopeHistory,
  companyId: string,
  series: readonly RecurringSeries[],
  origin: IsoDate,
): MonthlyNet | null {
  let cache = netCache.get(history);
  if (!cache) {
    cache = new Map();
    netCache.set(history, cache);
  }
  const key = `${companyId}|${origin}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const net = workOutCompanyNet(history, companyId, series, origin);
  cache.set(key, net);
  return net;
}

function workOutCompanyNet(
  history: ScopeHistory,
  companyId: string,
  series: readonly RecurringSeries[],
  origin: IsoDate,
): MonthlyNet | null {
  const companies = history.companies;
  const external = companies?.external.get(companyId);
  const first = history.days[0]?.date;
  if (!companies || !external || first === undefined) return null;
  const own = (accountId: string) => companies.companyOf.get(accountId) === companyId;
  const recurring = new Map<IsoDate, number>();
  const subtract = (date: IsoDate, currency: string, minor: bigint) =>
    recurring.set(date, (recurring.get(date) ?? 0) + Number(minor) * history.rateOn(currency, date));
  for (const o of history.recurring) {
    if (o.category !== null && !o.intraGroup && o.date <= origin && own(o.accountId)) {
      subtract(o.date, o.currency, o.amountMinor);
    }
  }
  for (const s of series) {
    if (s.payments === null || s.intraGroup || !own(s.accountId)) continue;
    for (const [date, minor] of s.payments) subtract(date, s.currency, minor);
  }
  const net: MonthlyNet = new Map();
  const start = addDays(origin, -31 * (FIT_MONTHS + 3));
  for (let i = 0; i < history.days.length; i++) {
    const date = history.days[i]?.date;
    if (date === undefined || date > origin) break;
    if (date < start || !isBankDay(date)) continue;
    const month = monthIndexOf(date);
    const entry = net.get(month) ?? { net: 0, bankDays: 0 };
    entry.net += (external[i] ?? 0) - (recurring.get(date) ?? 0);
    entry.bankDays += 1;
    net.set(month, entry);
  }
  return net;
}

/** Bank days of `month` after `origin`. */
function bankDaysLeft(month: number, origin: IsoDate): number {
  let count = 0;
  for (let date = addDays(origin, 1); monthIndexOf(date) === month; date = addDays(date, 1)) {
    if (isBankDay(date)) count += 1;
  }
  return count;
}

/** The series' link to its company's turnover, if its history shows one; else null. */
export function turnoverLink(
  history: ScopeHistory,
  s: RecurringSeries,
  series: readonly RecurringSeries[],
  origin: IsoDate,
): TurnoverLink | null {
  if (s.everyMonths !== 1 || s.intraGroup) return null;
  const companyId = history.companies?.companyOf.get(s.accountId);
  if (companyId === undefined) return null;
  const net = companyNet(history, companyId, series, origin);
  if (!net) return null;
  const originMonth = monthIndexOf(origin);
  // A month is whole when the one before it is in the history too (the first may have begun part-way).
  const whole = (month: number) => month < originMonth && net.has(month) && net.has(month - 1);
  const pairs: { amount: number; net: number }[] = [];
  for (let month = originMonth - FIT_MONTHS; month <= originMonth; month++) {
    const amount = s.byMonth.get(month);
    const before = net.get(month - 1);
    if (amount === undefined || before === undefined || !whole(month - 1)) continue;
    pairs.push({ amount: Number(amount), net: before.net });
  }
  if (pairs.length < MIN_FIT_MONTHS) return null;
  let cross = 0;
  let square = 0;
  let sum = 0;
  for (const p of pairs) {
    cross += p.amount * p.net;
    square += p.net * p.net;
    sum += p.amount;
  }
  if (square === 0) return null;
  const share = cross / square;
  const mean = sum / pairs.length;
  let unexplained = 0;
  let spread = 0;
  for (const p of pairs) {
    unexplained += (p.amount - share * p.net) ** 2;
    spread += (p.amount - mean) ** 2;
  }
  if (spread === 0 || unexplained > MAX_UNEXPLAINED ** 2 * spread) return null;

  let rateNet = 0;
  let rateDays = 0;
  for (let month = originMonth - RATE_MONTHS; month < originMonth; month++) {
    const m = net.get(month);
    if (m && whole(month)) {
      rateNet += m.net;
      rateDays += m.bankDays;
    }
  }
  const dailyRate = rateDays > 0 ? rateNet / rateDays : null;
  return {
    amountIn(month) {
      const before = month - 1;
      const so = net.get(before);
      if (before < originMonth) return so && whole(before) ? BigInt(Math.round(share * so.net)) : null;
      if (before === originMonth && dailyRate !== null) {
        // The month's own rate so far, pulled toward the recent months' by RATE_PRIOR_DAYS of their weight.
        const daysSoFar = so?.bankDays ?? 0;
        const rate = ((so?.net ?? 0) + RATE_PRIOR_DAYS * dailyRate) / (daysSoFar + RATE_PRIOR_DAYS);
        const expected = (so?.net ?? 0) + rate * bankDaysLeft(before, origin);
        return BigInt(Math.round(share * expected));
      }
      return null;
    },
  };
}
