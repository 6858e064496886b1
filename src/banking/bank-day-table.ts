import { addBankDays, bankDayOnOrAfter, bankDaysBetween, isBankDay } from './bank-days';
import { fromEpochDay, toEpochDay } from './dates';

/**
 * Swedish bank days over a range of epoch days, looked up instead of worked out: for code that moves
 * hundreds of thousands of dates by bank days (the forecast's invoice history), where the calendar
 * functions' string dates and holiday rules would dominate. Outside the range the answers are worked out
 * as `bank-days.ts` does, only slower.
 */
export class BankDayTable {
  private readonly first: number;
  /** For each day of the range and the day after it: how many bank days of the range come before it. */
  private readonly before: Int32Array;
  /** The bank days of the range, as epoch days, in order. */
  private readonly bankDays: Int32Array;

  constructor(firstEpochDay: number, lastEpochDay: number) {
    this.first = firstEpochDay;
    const length = Math.max(0, lastEpochDay - firstEpochDay + 1);
    this.before = new Int32Array(length + 1);
    const bank: number[] = [];
    for (let i = 0; i < length; i++) {
      this.before[i] = bank.length;
      if (isBankDay(fromEpochDay(firstEpochDay + i))) bank.push(firstEpochDay + i);
    }
    this.before[length] = bank.length;
    this.bankDays = Int32Array.from(bank);
  }

  /** The offset of `day` in the range, or -1 outside it. */
  private offset(day: number): number {
    const i = day - this.first;
    return i >= 0 && i < this.before.length - 1 ? i : -1;
  }

  onOrAfter(day: number): number {
    const i = this.offset(day);
    const found = i < 0 ? undefined : this.bankDays[this.before[i] ?? 0];
    return found ?? toEpochDay(bankDayOnOrAfter(fromEpochDay(day)));
  }

  /** `n` bank days after (n < 0: before) the bank day on or after `day`, as `addBankDays` moves. */
  add(day: number, n: number): number {
    const i = this.offset(day);
    const found = i < 0 ? undefined : this.bankDays[(this.before[i] ?? 0) + n];
    return found ?? toEpochDay(addBankDays(bankDayOnOrAfter(fromEpochDay(day)), n));
  }

  /** Bank days in (from, to] (negative when `to` is before `from`), as `bankDaysBetween` counts them. */
  between(from: number, to: number): number {
    const i = this.offset(from);
    const j = this.offset(to);
    if (i < 0 || j < 0) return bankDaysBetween(fromEpochDay(from), fromEpochDay(to));
    return (this.before[j + 1] ?? 0) - (this.before[i + 1] ?? 0);
  }
}
