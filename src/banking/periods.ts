/**
 * Reporting periods over business dates: a day, an ISO 8601 week (Monday to Sunday, labelled with its
 * week-based year, so 2026-12-28..2027-01-03 is 2026-W53), or a calendar month. Pure date arithmetic
 * on "YYYY-MM-DD" strings; no clock, no time zone.
 */
import {
  addDays,
  dateParts,
  daysBetween,
  daysInMonth,
  isoDate,
  isoWeek,
  isoWeekday,
  type IsoDate,
} from './dates';

export const reportingIntervals = ['day', 'week', 'month'] as const;
export type ReportingInterval = (typeof reportingIntervals)[number];

export interface ReportingPeriod {
  /** `2026-12-28` (day), `2026-W53` (week) or `2026-12` (month). */
  label: string;
  /** First day of the period inside the requested range (the range's `from` for a partial first period). */
  start: IsoDate;
  /** Last day of the period inside the requested range (the range's `to` for a partial last period). */
  end: IsoDate;
}

/** The label of the period containing `day`. */
export function periodLabel(day: IsoDate, interval: ReportingInterval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return day.slice(0, 7);
  const { year, week } = isoWeek(day);
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** The last calendar day of the period that contains `day`. */
export function periodEnd(day: IsoDate, interval: ReportingInterval): IsoDate {
  if (interval === 'day') return day;
  if (interval === 'week') return addDays(day, 7 - isoWeekday(day));
  const { year, month } = dateParts(day);
  return isoDate(year, month, daysInMonth(year, month));
}

/** How many periods the inclusive range from..to touches (0 when from > to). */
export function periodCount(from: IsoDate, to: IsoDate, interval: ReportingInterval): number {
  if (from > to) return 0;
  if (interval === 'day') return daysBetween(from, to) + 1;
  if (interval === 'week') {
    const mondayFrom = addDays(from, 1 - isoWeekday(from));
    const mondayTo = addDays(to, 1 - isoWeekday(to));
    return daysBetween(mondayFrom, mondayTo) / 7 + 1;
  }
  const a = dateParts(from);
  const b = dateParts(to);
  return b.year * 12 + b.month - (a.year * 12 + a.month) + 1;
}

/** The periods of from..to in order, the first and last clipped to the range. */
export function reportingPeriods(from: IsoDate, to: IsoDate, interval: ReportingInterval): ReportingPeriod[] {
  const periods: ReportingPeriod[] = [];
  let start = from;
  while (start <= to) {
    const fullEnd = periodEnd(start, interval);
    const end = fullEnd < to ? fullEnd : to;
    periods.push({ label: periodLabel(start, interval), start, end });
    start = addDays(end, 1);
  }
  return periods;
}
