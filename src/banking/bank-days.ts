/**
 * Swedish bank days. A bank day is a weekday that is not a Swedish public
 * holiday and not one of the days the banks treat as holidays (Midsummer Eve,
 * Christmas Eve, New Year's Eve). Midsummer Day, All Saints' Day and Whit
 * Sunday always fall on a Saturday or Sunday, so the weekend rule covers them.
 * Easter is computed with the Anonymous Gregorian (Meeus/Jones/Butcher) algorithm.
 */
import { addDays, dateParts, isoDate, isoWeekday, type IsoDate } from './dates';

export interface Holiday {
  readonly date: IsoDate;
  /** Swedish name. */
  readonly name: string;
  /** English name. */
  readonly nameEn: string;
  /** True for public holidays (helgdagar), false for the bank-closed eves. */
  readonly publicHoliday: boolean;
}

/** Easter Sunday of a Gregorian year (Anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** The day of the week between `from` and `from + 6` of June with ISO weekday `weekday`. */
function weekdayInJune(year: number, from: number, weekday: number): IsoDate {
  const start = isoDate(year, 6, from);
  return addDays(start, (weekday - isoWeekday(start) + 7) % 7);
}

/**
 * Swedish public holidays and bank-closed eves of `year`, in date order.
 * Includes the ones that always fall on a weekend (Påskdagen, Pingstdagen,
 * Midsommardagen, Alla helgons dag) so the list is the full calendar.
 */
export function swedishHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const h = (date: IsoDate, name: string, nameEn: string, publicHoliday = true): Holiday => ({
    date,
    name,
    nameEn,
    publicHoliday,
  });
  const midsummerEve = weekdayInJune(year, 19, 5); // Friday 19–25 June
  const allSaints = addDays(isoDate(year, 10, 31), (6 - isoWeekday(isoDate(year, 10, 31)) + 7) % 7); // Saturday 31 Oct – 6 Nov
  const list: Holiday[] = [
    h(isoDate(year, 1, 1), 'Nyårsdagen', "New Year's Day"),
    h(isoDate(year, 1, 6), 'Trettondedag jul', 'Epiphany'),
    h(addDays(easter, -2), 'Långfredagen', 'Good Friday'),
    h(easter, 'Påskdagen', 'Easter Sunday'),
    h(addDays(easter, 1), 'Annandag påsk', 'Easter Monday'),
    h(isoDate(year, 5, 1), 'Första maj', 'May Day'),
    h(addDays(easter, 39), 'Kristi himmelsfärdsdag', 'Ascension Day'),
    h(addDays(easter, 49), 'Pingstdagen', 'Whit Sunday'),
    h(isoDate(year, 6, 6), 'Sveriges nationaldag', 'National Day of Sweden'),
    h(midsummerEve, 'Midsommarafton', 'Midsummer Eve', false),
    h(addDays(midsummerEve, 1), 'Midsommardagen', 'Midsummer Day'),
    h(allSaints, 'Alla helgons dag', "All Saints' Day"),
    h(isoDate(year, 12, 24), 'Julafton', 'Christmas Eve', false),
    h(isoDate(year, 12, 25), 'Juldagen', 'Christmas Day'),
    h(isoDate(year, 12, 26), 'Annandag jul', 'Boxing Day'),
    h(isoDate(year, 12, 31), 'Nyårsafton', "New Year's Eve", false),
  ];
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

const closedDaysCache = new Map<number, ReadonlySet<string>>();

function closedDays(year: number): ReadonlySet<string> {
  let set = closedDaysCache.get(year);
  if (!set) {
    set = new Set(swedishHolidays(year).map((x) => x.date));
    closedDaysCache.set(year, set);
  }
  return set;
}

/** The holiday on `d`, if any. */
export function holidayOn(d: IsoDate): Holiday | undefined {
  return swedishHolidays(dateParts(d).year).find((x) => x.date === d);
}

export function isBankDay(d: IsoDate): boolean {
  if (isoWeekday(d) >= 6) return false;
  return !closedDays(dateParts(d).year).has(d);
}

/** `d` itself if it is a bank day, else the first bank day after it. */
export function bankDayOnOrAfter(d: IsoDate): IsoDate {
  let day = d;
  while (!isBankDay(day)) day = addDays(day, 1);
  return day;
}

/** `d` itself if it is a bank day, else the last bank day before it. */
export function bankDayOnOrBefore(d: IsoDate): IsoDate {
  let day = d;
  while (!isBankDay(day)) day = addDays(day, -1);
  return day;
}

/** The first bank day strictly after `d`. */
export function nextBankDay(d: IsoDate): IsoDate {
  return bankDayOnOrAfter(addDays(d, 1));
}

/** The last bank day strictly before `d`. */
export function previousBankDay(d: IsoDate): IsoDate {
  return bankDayOnOrBefore(addDays(d, -1));
}

/**
 * Moves `n` bank days from `d`: n > 0 forward, n < 0 backward. For n = 0 the
 * answer is `d` if it is a bank day, else the next bank day. The result is
 * always a bank day. Throws RangeError if n is not an integer.
 */
export function addBankDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError('addBankDays needs a whole number of days');
  if (n === 0) return bankDayOnOrAfter(d);
  let day = d;
  const step = n > 0 ? nextBankDay : previousBankDay;
  for (let i = Math.abs(n); i > 0; i--) day = step(day);
  return day;
}

/** Bank days in (from, to]: the number of bank days you step over going from `from` to `to`. */
export function bankDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -bankDaysBetween(to, from);
  let count = 0;
  for (let day = from; day < to;) {
    day = addDays(day, 1);
    if (isBankDay(day)) count++;
  }
  return count;
}
