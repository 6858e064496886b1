import type { IsoDate } from '../../banking/dates';
import { bestRule } from './calendar-rules';
import { MIN_OCCURRENCES, MIN_RULE_SHARE, frequencyOf, monthIndexOf } from './recurrence';
import type { RecurringObservation, RecurringSeries } from './recurring';
import { chooseAmountRule } from './recurring-amounts';

/**
 * Recurring series of one counterparty on one account and direction, for transactions without a
 * category. Most counterparties are not recurring: a supplier paid in every payment run, a customer
 * paying invoices whenever it likes. A counterparty's payments of the last twelve months form a series
 * when one calendar rule explains most of them (so a supplier paid on Tuesdays, Thursdays and the last
 * bank day is not mistaken for a last-bank-day series) and their amounts are alike (a tax payment on the
 * 12th follows turnover and need not be). A counterparty can be paid on two rules (a bank's monthly
 * fee and its quarterly loan interest): the payments the first rule leaves are searched again.
 *
 * A month without a payment on the rule whose one payment to the counterparty is close to the usual
 * amount was the same payment made on another day (a late rent): it counts for the month's amount.
 */

/** Rules searched for per counterparty: a second one takes what the first leaves (at most a quarter). */
const MAX_SERIES_PER_COUNTERPARTY = 2;
/** Of a series' payments, this share must be within this fraction of their median amount. */
const ALIKE_SHARE = 0.75;
const ALIKE_TOLERANCE = 0.5;
/** A payment off the rule, in a month without one on it, within this fraction of the median joins the month. */
const MOVED_TOLERANCE = 0.25;
/** The statutory tax dates: the amount follows last month's turnover and payroll. */
const AMOUNT_FOLLOWS_TURNOVER = new Set(['skatteverket_12th']);

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const within = (amount: bigint, centre: number, tolerance: number): boolean =>
  Math.abs(Number(amount) - centre) <= tolerance * Math.abs(centre);

/** The series in `observations` (one account, counterparty, direction and intra-group flag) up to `origin`. */
export function detectCounterpartySeries(
  observations: readonly RecurringObservation[],
  origin: IsoDate,
): RecurringSeries[] {
  const first = observations[0];
  if (!first) return [];
  const originMonth = monthIndexOf(origin);
  const isRecent = (date: IsoDate) => monthIndexOf(date) > originMonth - 12;
  const byDate = new Map<IsoDate, bigint>();
  for (const o of observations) {
    if (o.date <= origin) byDate.set(o.date, (byDate.get(o.date) ?? 0n) + o.amountMinor);
  }
  const free = new Set([...byDate.keys()].sort());
  const counterparty = mostCommonName(observations);

  const series: RecurringSeries[] = [];
  for (let pass = 0; pass < MAX_SERIES_PER_COUNTERPARTY; pass++) {
    const recent = [...free].filter(isRecent);
    if (recent.length < MIN_OCCURRENCES) break;
    const best = bestRule(recent);
    if (!best || best.share < MIN_RULE_SHARE) break;
    const rule = best.rule;
    const onRule = [...free].filter((d) => rule.dateIn(Number(d.slice(0, 4)), Number(d.slice(5, 7))) === d);
    const recentAmounts = onRule.filter(isRecent).map((d) => byDate.get(d) ?? 0n);
    if (recentAmounts.length < MIN_OCCURRENCES) break;
    const centre = median(recentAmounts.map(Number));
    const alike = recentAmounts.filter((a) => within(a, centre, ALIKE_TOLERANCE)).length;
    if (!AMOUNT_FOLLOWS_TURNOVER.has(rule.id) && alike < ALIKE_SHARE * recentAmounts.length) break;

    const payments = new Map(onRule.map((d) => [d, byDate.get(d) ?? 0n]));
    const hitMonths = [...new Set(onRule.map(monthIndexOf))].sort((a, b) => a - b);
    const everyMonths = frequencyOf(
      hitMonths.filter((m) => m > originMonth - 12),
      originMonth,
    );
    if (everyMonths === null) break;
    addMovedPayments(payments, free, byDate, hitMonths, everyMonths, centre);

    const byMonth = new Map<number, bigint>();
    for (const [date, amount] of payments) {
      const month = monthIndexOf(date);
      byMonth.set(month, (byMonth.get(month) ?? 0n) + amount);
    }
    for (const date of payments.keys()) free.delete(date);
    series.push({
      accountId: first.accountId,
      currency: first.currency,
      category: null,
      counterparty,
      intraGroup: first.intraGroup,
      rule,
      everyMonths,
      byMonth,
      amountRule: chooseAmountRule({ everyMonths, byMonth }, originMonth),
      payments,
    });
  }
  return series;
}

/** Due months between the series' first and last payment on its rule that lack one: a lone payment near the usual amount. */
function addMovedPayments(
  payments: Map<IsoDate, bigint>,
  free: ReadonlySet<IsoDate>,
  byDate: ReadonlyMap<IsoDate, bigint>,
  hitMonths: readonly number[],
  everyMonths: 1 | 3,
  centre: number,
): void {
  const firstMonth = hitMonths[0];
  const lastMonth = hitMonths[hitMonths.length - 1];
  if (firstMonth === undefined || lastMonth === undefined) return;
  const hits = new Set(hitMonths);
  const offRule = new Map<number, IsoDate[]>();
  for (const date of free) {
    if (payments.has(date)) continue;
    const month = monthIndexOf(date);
    offRule.set(month, [...(offRule.get(month) ?? []), date]);
  }
  for (let month = firstMonth; month <= lastMonth + everyMonths; month += everyMonths) {
    if (hits.has(month)) continue;
    const [only, ...more] = offRule.get(month) ?? [];
    if (only === undefined || more.length > 0) continue;
    const amount = byDate.get(only) ?? 0n;
    if (within(amount, centre, MOVED_TOLERANCE)) payments.set(only, amount);
  }
}

function mostCommonName(observations: readonly RecurringObservation[]): string | null {
  const counts = new Map<string, number>();
  for (const o of observations) {
    if (o.counterparty !== null) counts.set(o.counterparty, (counts.get(o.counterparty) ?? 0) + 1);
  }
  let best: { name: string; count: number } | null = null;
  for (const [name, count] of counts) {
    if (!best || count > best.count || (count === best.count && name < best.name)) best = { name, count };
  }
  return best?.name ?? null;
}
