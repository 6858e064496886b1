import type { IsoDate } from '../../banking/dates';
import { bestRule, type CalendarRule } from './calendar-rules';
import { detectCounterpartySeries } from './counterparty-series';
import { MIN_OCCURRENCES, MIN_RULE_SHARE, frequencyOf, monthIndexOf } from './recurrence';
import { chooseAmountRule, expectedAmountBy, type AmountRule } from './recurring-amounts';

/**
 * Recurring flows: salaries, employer tax and VAT to Skatteverket, rent, loan interest, fees and
 * management fees, recognised by their transaction category and projected by the calendar rule
 * that explains their history. A series is one account, category, direction and intra-group flag,
 * paid once a month (or once a quarter) on one date. Transactions without a category (bank files carry
 * none) form series by counterparty instead (counterparty-series.ts).
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
  /** One of the recurring categories; null for a transaction without a category. */
  category: string | null;
  /** The counterparty's key (counterparties.ts), null when the bank named none. */
  party: string | null;
  /** The counterparty as the bank reported it, for people to read. */
  counterparty: string | null;
  intraGroup: boolean;
  date: IsoDate;
  /** Signed minor units of the account's currency; one day's sum of the category. */
  amountMinor: bigint;
}

export interface RecurringSeries {
  accountId: string;
  currency: string;
  /** Null for a series recognised by counterparty. */
  category: string | null;
  counterparty: string | null;
  intraGroup: boolean;
  rule: CalendarRule;
  everyMonths: 1 | 3;
  /** The amount paid in each month (year × 12 + month − 1) on or before the origin. */
  byMonth: Map<number, bigint>;
  /** How the amount of a coming month is worked out from `byMonth`. */
  amountRule: AmountRule;
  /**
   * A counterparty series' own payments (day → amount) up to the origin: the counterparty's other
   * payments are not recurring. Null for a category series, all of whose payments are.
   */
  payments: ReadonlyMap<IsoDate, bigint> | null;
}

export interface RecurringFlow {
  date: IsoDate;
  accountId: string;
  currency: string;
  category: string | null;
  counterparty: string | null;
  intraGroup: boolean;
  rule: string;
  /** Signed minor units of the account's currency. */
  amountMinor: bigint;
}

const groupCache = new WeakMap<readonly RecurringObservation[], RecurringObservation[][]>();

/**
 * The observations per account, category (else counterparty), intra-group flag and direction (grouped
 * once per history).
 */
function groupsOf(observations: readonly RecurringObservation[]): RecurringObservation[][] {
  const cached = groupCache.get(observations);
  if (cached) return cached;
  const groups = new Map<string, RecurringObservation[]>();
  for (const o of observations) {
    if (o.amountMinor === 0n || (o.category === null && o.party === null)) continue;
    const kind = o.category === null ? `party:${o.party}` : `category:${o.category}`;
    const key = `${o.accountId}|${kind}|${o.intraGroup}|${o.amountMinor > 0n ? 'in' : 'out'}`;
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
    if (first.category === null) {
      series.push(...detectCounterpartySeries(list, origin));
      continue;
    }
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
      counterparty: null,
      intraGroup: first.intraGroup,
      rule: best.rule,
      everyMonths,
      byMonth,
      amountRule: chooseAmountRule({ everyMonths, byMonth }, originMonth),
      payments: null,
    });
  }
  const label = (s: RecurringSeries) =>
    `${s.accountId}|${s.category ?? ''}|${s.counterparty ?? ''}|${s.rule.id}`;
  return series.sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
}

/** The amount expected in `month` by the series' amount rule, rounded once. */
export function expectedAmount(series: RecurringSeries, month: number): bigint {
  return expectedAmountBy(series, series.amountRule, month);
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
      counterparty: series.counterparty,
      intraGroup: series.intraGroup,
      rule: series.rule.id,
      amountMinor: expectedAmount(series, month),
    });
  }
  return flows;
}
