/**
 * Swedish bank account numbers (clearing number + account number), validated
 * with the per-bank rules in `clearing.ts`.
 */
import { isLuhnValid, isMod11Valid } from './checksum';
import {
  formatClearing,
  parseClearing,
  type AccountComment,
  type AccountType,
  type ClearingRange,
} from './clearing';
import { fail, ok, type Parsed } from './result';

export interface SwedishAccount {
  /** Four digits, or five for Swedbank 8xxx-x. */
  readonly clearing: string;
  /** The account number, zero-filled to the bank's full length (7, 9 or 10 digits; Plusgirot 2–8 unfilled). */
  readonly account: string;
  readonly bankName: string;
  readonly type: AccountType;
  readonly comment: AccountComment;
}

function checkDigitOk(bank: ClearingRange, clearing4: string, account: string): boolean {
  if (bank.type === 1) {
    const digits = bank.comment === 1 ? clearing4.slice(1) + account : clearing4 + account;
    return isMod11Valid(digits);
  }
  if (bank.comment === 2) return isMod11Valid(account.padStart(9, '0'));
  return isLuhnValid(account.padStart(10, '0'));
}

/**
 * Validates a Swedish account given as clearing number and account number.
 * Spaces, dashes and dots in the account number are ignored. Shorter account
 * numbers are zero-filled to the bank's length where the bank allows it.
 */
export function parseSwedishAccount(clearing: string, account: string): Parsed<SwedishAccount> {
  const parsedClearing = parseClearing(clearing);
  if (!parsedClearing.ok) return parsedClearing;
  const { bank } = parsedClearing.value;
  const clearingDigits = parsedClearing.value.clearing;
  const clearing4 = clearingDigits.slice(0, 4);

  const digits = account.replace(/[\s.-]/g, '');
  if (digits === '') return fail('account number is empty');
  if (!/^[0-9]+$/.test(digits)) {
    return fail(`account number "${account}" may contain only digits, spaces and dashes`);
  }
  if (/^0+$/.test(digits)) return fail('account number must not be all zeros');
  const { min, max } = bank.accountLength;
  if (digits.length < min || digits.length > max) {
    const wanted = min === max ? `${max}` : `${min} to ${max}`;
    return fail(
      `${bank.bankName} account numbers with clearing ${formatClearing(clearingDigits)} have ${wanted} digits, not ${digits.length}`,
    );
  }
  const filled = bank.comment === 3 && bank.accountLength.max < 10 ? digits : digits.padStart(max, '0');
  if (!checkDigitOk(bank, clearing4, filled)) {
    return fail(`${bank.bankName} account number check digit is wrong`);
  }
  return ok({
    clearing: clearingDigits,
    account: filled,
    bankName: bank.bankName,
    type: bank.type,
    comment: bank.comment,
  });
}

/** "5839, 8257466" or "8327-9, 1234567890". */
export function formatSwedishAccount(a: SwedishAccount): string {
  return `${formatClearing(a.clearing)}, ${a.account}`;
}

/** Clearing and account digits run together, as payment files want them ("58398257466"). */
export function swedishAccountDigits(a: SwedishAccount): string {
  return a.clearing + a.account;
}
