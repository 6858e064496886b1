import { bankDayOnOrAfter, bankDayOnOrBefore } from '../../banking/bank-days';
import { daysInMonth, isoDate, type IsoDate } from '../../banking/dates';

/**
 * The calendar rules a recurring flow can follow: each names the date it falls on in a given month.
 * Order matters: when two rules explain the history equally well, the earlier one wins, so the
 * Swedish statutory dates come first (a tax payment on the 12th is projected to the 17th in January
 * and August, as Skatteverket moves it).
 */
export interface CalendarRule {
  id: string;
  dateIn(year: number, month: number): IsoDate;
}

/** Rules are evaluated for every series at every backtest origin: each month's date is worked out once. */
function memoised(id: string, dateIn: (year: number, month: number) => IsoDate): CalendarRule {
  const dates = new Map<number, IsoDate>();
  return {
    id,
    dateIn(year, month) {
      const key = year * 12 + month;
      let date = dates.get(key);
      if (date === undefined) {
        date = dateIn(year, month);
        dates.set(key, date);
      }
      return date;
    },
  };
}

const namedRules: CalendarRule[] = [
  // Swedish salaries: the 25th, or the bank day before when the 25th is not one.
  memoised('salary_25th', (y, m) => bankDayOnOrBefore(isoDate(y, m, 25))),
  // Skatteverket: the 12th (the 17th in January and August), or the next bank day.
  memoised('skatteverket_12th', (y, m) => bankDayOnOrAfter(isoDate(y, m, m === 1 || m === 8 ? 17 : 12))),
  memoised('last_bank_day', (y, m) => bankDayOnOrBefore(isoDate(y, m, daysInMonth(y, m)))),
  memoised('first_bank_day', (y, m) => bankDayOnOrAfter(isoDate(y, m, 1))),
];

const dayOfMonthRules: CalendarRule[] = Array.from({ length: 28 }, (_, i) => i + 1).flatMap((day) => [
  memoised(`day_${day}_or_next_bank_day`, (y, m) => bankDayOnOrAfter(isoDate(y, m, day))),
  memoised(`day_${day}_or_previous_bank_day`, (y, m) => bankDayOnOrBefore(isoDate(y, m, day))),
]);

export const calendarRules: readonly CalendarRule[] = [...namedRules, ...dayOfMonthRules];

const bestRules = new Map<string, { rule: CalendarRule; share: number } | null>();
/** Distinct date sets seen are few (a series' dates move on by a month at a time); the cap bounds memory. */
const MAX_REMEMBERED = 50_000;

/** The rule that explains the most of `dates` (each a date in a distinct month), and the share it explains. */
export function bestRule(dates: readonly IsoDate[]): { rule: CalendarRule; share: number } | null {
  const key = dates.join(',');
  const remembered = bestRules.get(key);
  if (remembered !== undefined) return remembered;
  const found = searchRules(dates);
  if (bestRules.size >= MAX_REMEMBERED) bestRules.clear();
  bestRules.set(key, found);
  return found;
}

function searchRules(dates: readonly IsoDate[]): { rule: CalendarRule; share: number } | null {
  let best: { rule: CalendarRule; share: number } | null = null;
  for (const rule of calendarRules) {
    let hits = 0;
    for (const date of dates) {
      if (rule.dateIn(Number(date.slice(0, 4)), Number(date.slice(5, 7))) === date) hits += 1;
    }
    const share = dates.length === 0 ? 0 : hits / dates.length;
    if (!best || share > best.share) best = { rule, share };
  }
  return best;
}
