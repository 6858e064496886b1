import type { IsoDate } from '../../banking/dates';
import { bestRule, type CalendarRule } from './calendar-rules';
import { roundMinor } from './rounding';

/**
 * Recurring flows: salaries, employer tax and VAT to Skatteverket, rent, loan interest, fees and
 * management fees, recognised by their transaction category and projected by the calendar rule
 * that explains their history. A series is one account, category, direction and intra-group flag,
 * paid once a month (or once a quarter) on one date.
 */

/** Categories whose flows recur on calendar dates; everything else is left to the statistical model. */
export const RECURRING_CATEGORIES = [
  'salary',
  'employer_tax',
  'vat',
  'tax',
  'rent',
  'loan_interest',
  'bank_fee',
  'card_fee',
  'interest',
  'management_fee',
] as const;

export interface RecurringObservation {
  accountId: string;
  currency: string;
  category: string;
  intraGroup: boolean;
  date: IsoDate;
  /** Signed minor units of the account's currency; one day's sum of the category. */
  amountMinor: bigint;
}

export interface RecurringSeries {
  accountId: string;
  currency: string;
  category: string;
  intraGroup: boolean;
  rule: CalendarRule;
  everyMonths: 1 | 3;
  /** The amount paid in each month (year × 12 + month − 1) on or before the origin. */
  byMonth: Map<number, bigint>;
}

export interface RecurringFlow {
  date: IsoDate;
  accountId: string;
  currency: string;
  category: string;
  intraGroup: boolean;
  rule: string;
  /** Signed minor units of the account's currency. */
  amountMinor: bigint;
}

/** A series needs this many payments in the last twelve months to count as recurring. */
const MIN_OCCURRENCES = 3;
/** The share of those payments its calendar rule must explain. */
const MIN_RULE_SHARE = 0.75;

export const monthIndexOf = (date: IsoDate): number =>
  Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

function frequencyOf(months: readonly number[], originMonth: number): 1 | 3 | null {
  const gaps = months.slice(1).map((m, i) => m - (months[i] ?? m));
  const last = months[months.length - 1] ?? -Infinity;
  if (gaps.length > 0 && gaps.every((gap) => gap === 3)) return originMonth - last < 4 ? 3 : null;
  const first = months[0] ?? originMonth;
  const expected = originMonth - first + 1;
  // Monthly: paid in most months since it started, and last month or this month too.
  if (months.length >= 0.75 * expected && originMonth - last <= 1) return 1;
  return null;
}

const groupCache = new WeakMap<readonly RecurringObservation[], RecurringObservation[][]>();

/** The observations per account, category, intra-group flag and direction (grouped once per history). */
function groupsOf(observations: readonly RecurringObservation[]): RecurringObservation[][] {
  const cached = groupCache.get(observations);
  if (cached) return cached;
  const groups = new Map<string, RecurringObservation[]>();
  for (const o of observations) {
    if (o.amountMinor === 0n) continue;
    const key = `${o.accountId}|${o.category}|${o.intraGroup}|${o.amountMinor > 0n ? 'in' : 'out'}`;
    const list = groups.get(key) ?? [];
    list.push(o);
    groups.set(key, list);
  }
  const result = [...groups.values()];
  groupCache.set(observations, result);
  return result;
}

/** The recurring series visible in the history up to and including `origin`. */
export function detectRecurring(
  observations: readonly RecurringObservation[],
  origin: IsoDate,
): RecurringSeries[] {
  const originMonth = monthIndexOf(origin);
  const series: RecurringSeries[] = [];
  for (const list of groupsOf(observations)) {
    const first = list[0];
    if (!first) continue;
    const byMonth = new Map<number, bigint>();
    const datesByMonth = new Map<number, Set<IsoDate>>();
    for (const o of list) {
      if (o.date > origin) continue;
      const month = monthIndexOf(o.date);
      byMonth.set(month, (byMonth.get(month) ?? 0n) + o.amountMinor);
      const dates = datesByMonth.get(month) ?? new Set<IsoDate>();
      dates.add(o.date);
      datesByMonth.set(month, dates);
    }
    const recentMonths = [...byMonth.keys()].filter((m) => m > originMonth - 12).sort((a, b) => a - b);
    if (recentMonths.length < MIN_OCCURRENCES) continue;
    const everyMonths = frequencyOf(recentMonths, originMonth);
    if (everyMonths === null) continue;
    const singleDates = recentMonths.flatMap((m) => {
      const dates = datesByMonth.get(m);
      return dates && dates.size === 1 ? [...dates] : [];
    });
    if (singleDates.length < MIN_OCCURRENCES || singleDates.length < 0.75 * recentMonths.length) continue;
    const best = bestRule(singleDates);
    if (!best || best.share < MIN_RULE_SHARE) continue;
    series.push({
      accountId: first.accountId,
      currency: first.currency,
      category: first.category,
      intraGroup: first.intraGroup,
      rule: best.rule,
      everyMonths,
      byMonth,
    });
  }
  return series.sort((a, b) =>
    a.accountId === b.accountId ? (a.category < b.category ? -1 : 1) : a.accountId < b.accountId ? -1 : 1,
  );
}

const mean = (values: readonly bigint[]): number =>
  values.reduce((acc, v) => acc + Number(v), 0) / Math.max(1, values.length);

/**
 * The amount expected in `month`: the mean of the latest payments (three for a monthly series, one for
 * a quarterly), times how the same month compared with the same latest months a year earlier when
 * that year is known (so June's holiday pay and December's bonuses come back), rounded once.
 */
export function expectedAmount(series: RecurringSeries, month: number): bigint {
  const paid = [...series.byMonth.keys()].filter((m) => m < month).sort((a, b) => a - b);
  const latest = paid.slice(series.everyMonths === 1 ? -3 : -1);
  const base = mean(latest.map((m) => series.byMonth.get(m) ?? 0n));
  const sameMonthLastYear = series.byMonth.get(month - 12);
  const earlier = latest.map((m) => series.byMonth.get(m - 12));
  let ratio = 1;
  if (sameMonthLastYear !== undefined && earlier.every((v) => v !== undefined)) {
    const reference = mean(earlier.filter((v): v is bigint => v !== undefined));
    const candidate = Number(sameMonthLastYear) / reference;
    if (Number.isFinite(candidate) && candidate > 0.25 && candidate < 4) ratio = candidate;
  }
  return roundMinor(base * ratio);
}

/** The payments of `series` expected in (origin, end]. */
export function projectRecurring(series: RecurringSeries, origin: IsoDate, end: IsoDate): RecurringFlow[] {
  const flows: RecurringFlow[] = [];
  const lastPaid = Math.max(...series.byMonth.keys());
  for (let month = monthIndexOf(origin); month <= monthIndexOf(end); month++) {
    if (series.byMonth.has(month)) continue;
    if ((month - lastPaid) % series.everyMonths !== 0) continue;
    const date = series.rule.dateIn(Math.floor(month / 12), (month % 12) + 1);
    if (date <= origin || date > end) continue;
    flows.push({
      date,
      accountId: series.accountId,
      currency: series.currency,
      category: series.category,
      intraGroup: series.intraGroup,
      rule: series.rule.id,
      amountMinor: expectedAmount(series, month),
    });
  }
  return flows;
}
