import type { IsoDate } from '../../banking/dates';

/** How often a recurring series is paid, and how much evidence it takes to call payments a series. */

/** A series needs this many payments in the last twelve months to count as recurring. */
export const MIN_OCCURRENCES = 3;
/** The share of those payments its calendar rule must explain. */
export const MIN_RULE_SHARE = 0.75;

/** A month as one number (year × 12 + month − 1), so months subtract. */
export const monthIndexOf = (date: IsoDate): number =>
  Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * Monthly or quarterly, from the (ascending) months paid in the last twelve before `originMonth`; null
 * when neither, or when the series has stopped.
 */
export function frequencyOf(months: readonly number[], originMonth: number): 1 | 3 | null {
  const gaps = months.slice(1).map((m, i) => m - (months[i] ?? m));
  const last = months[months.length - 1] ?? -Infinity;
  if (gaps.length > 0 && gaps.every((gap) => gap === 3)) return originMonth - last < 4 ? 3 : null;
  const first = months[0] ?? originMonth;
  const expected = originMonth - first + 1;
  // Monthly: paid in most months since it started, and last month or this month too.
  if (months.length >= 0.75 * expected && originMonth - last <= 1) return 1;
  return null;
}
