/**
 * Business dates as "YYYY-MM-DD" strings. All arithmetic is done on the UTC
 * calendar (Date.UTC / getUTC*), so results never depend on the local time zone.
 */
import { fail, ok, type Parsed } from './result';

declare const isoDateBrand: unique symbol;
/** A real calendar date written "YYYY-MM-DD" (years 0001–9999). */
export type IsoDate = string & { readonly [isoDateBrand]: true };

const DAY_MS = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day is a real date in years 1–9999. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function parseIsoDate(input: string): Parsed<IsoDate> {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(input);
  if (!match) return fail(`date "${input}" is not in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidDate(year, month, day)) return fail(`date ${input} does not exist`);
  return ok(input as IsoDate);
}

/** Builds an IsoDate from parts; throws RangeError if it is not a real date. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  if (!isValidDate(year, month, day)) {
    throw new RangeError(`${year}-${month}-${day} is not a date`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate;
}

export function dateParts(d: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) };
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(d: IsoDate): number {
  const { year, month, day } = dateParts(d);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years < 100 literal
  return Math.round(date.getTime() / DAY_MS);
}

export function fromEpochDay(epochDay: number): IsoDate {
  const date = new Date(epochDay * DAY_MS);
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(d: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(d) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(d) + 3) % 7) + 7) % 7) + 1;
}

/** ISO 8601 week number and week-based year (2026-01-01 → { year: 2026, week: 1 }). */
export function isoWeek(d: IsoDate): { year: number; week: number } {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(d, 4 - isoWeekday(d));
  const year = dateParts(thursday).year;
  const week = Math.floor(daysBetween(isoDate(year, 1, 1), thursday) / 7) + 1;
  return { year, week };
}

/**
 * Today's business date in Europe/Stockholm. The only clock read in the banking
 * module; functions that need "today" take it as an optional argument.
 */
export function todayInStockholm(now: Date = new Date()): IsoDate {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: 'year' | 'month' | 'day') =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return isoDate(get('year'), get('month'), get('day'));
}
