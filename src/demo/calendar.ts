import {
  bankDayOnOrAfter as onOrAfter,
  bankDayOnOrBefore as onOrBefore,
  isBankDay,
} from '../banking/bank-days';
import {
  addDays,
  dateParts,
  daysInMonth,
  isoDate,
  isoWeekday,
  parseIsoDate,
  type IsoDate,
} from '../banking/dates';
import type { DemoPeriod } from './model';

/** A 'YYYY-MM-DD' string checked into the banking module's IsoDate; throws on a bad date. */
export function unwrapDate(date: string): IsoDate {
  const parsed = parseIsoDate(date);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}

/**
 * The Swedish banking calendar as the generator needs it, on top of the banking module's
 * `isBankDay` (weekends and Swedish bank holidays: midsommarafton, julafton, nyårsafton, …).
 */

export { isBankDay };

export function bankDayOnOrBefore(date: string): string {
  return onOrBefore(unwrapDate(date));
}

export function bankDayOnOrAfter(date: string): string {
  return onOrAfter(unwrapDate(date));
}

/** Every bank day in [from, to], in order. */
export function bankDaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = unwrapDate(to);
  for (let d = unwrapDate(from); d <= end; d = addDays(d, 1)) {
    if (isBankDay(d)) out.push(d);
  }
  return out;
}

/** The same day `months` months later (negative: earlier), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = dateParts(unwrapDate(date));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12); // index >= 0 for every year the generator uses
  const m = index - y * 12 + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function monthKey(date: string): string {
  return date.slice(0, 7);
}

export function lastBankDayOfMonth(year: number, month: number): string {
  return bankDayOnOrBefore(isoDate(year, month, daysInMonth(year, month)));
}

export function firstBankDayOfMonth(year: number, month: number): string {
  return bankDayOnOrAfter(isoDate(year, month, 1));
}

/** Swedish salaries: the 25th, or the last bank day before it when the 25th is not a bank day. */
export function salaryDay(year: number, month: number): string {
  return bankDayOnOrBefore(isoDate(year, month, 25));
}

/**
 * Skatteverket's due date for employer contributions, withheld tax and (monthly) VAT: the 12th,
 * but the 17th in January and August; moved to the next bank day when it is not one.
 */
export function skatteverketDueDay(year: number, month: number): string {
  return bankDayOnOrAfter(isoDate(year, month, month === 1 || month === 8 ? 17 : 12));
}

/** Rent is due in advance: on the last bank day before the month it pays for. */
export function rentDayFor(year: number, month: number): string {
  return bankDayOnOrBefore(addDays(isoDate(year, month, 1), -1));
}

export function weekday(date: string): number {
  return isoWeekday(unwrapDate(date));
}

/**
 * The generator's period: 24 months of history ending at `today`. `firstDay` is the first bank day
 * after the same date 24 months earlier; `lastDay` is `today` when it is a bank day, else the bank
 * day before; `openingDate` (the opening balances' date) is the bank day before `firstDay`.
 */
export function periodFor(today: string): DemoPeriod {
  const t = unwrapDate(today);
  const firstDay = bankDayOnOrAfter(addDays(unwrapDate(addMonths(t, -24)), 1));
  return {
    openingDate: bankDayOnOrBefore(addDays(unwrapDate(firstDay), -1)),
    firstDay,
    lastDay: bankDayOnOrBefore(t),
    today: t,
  };
}
