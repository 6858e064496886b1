/**
 * Bankgiro numbers (Bankgirot): 7 or 8 digits, the last a Luhn (modulus 10)
 * check digit. Written "123-4567" (7 digits) or "5050-1055" (8 digits).
 */
import { isLuhnValid, luhnCheckDigit } from './checksum';
import { fail, ok, type Parsed } from './result';

declare const bankgiroBrand: unique symbol;
/** Seven or eight ASCII digits that passed `parseBankgiro`. */
export type Bankgiro = string & { readonly [bankgiroBrand]: true };

/** Accepts "5050-1055", "50501055", "5050 1055"; spaces and dashes are ignored. */
export function parseBankgiro(input: string): Parsed<Bankgiro> {
  const digits = input.replace(/[\s-]/g, '');
  if (digits === '') return fail('bankgiro number is empty');
  if (!/^[0-9]+$/.test(digits)) {
    return fail(`bankgiro number "${input}" may contain only digits, spaces and a dash`);
  }
  if (digits.length < 7 || digits.length > 8) {
    return fail(`bankgiro number "${input}" must have 7 or 8 digits, not ${digits.length}`);
  }
  if (!isLuhnValid(digits)) return fail('bankgiro check digit is wrong');
  return ok(digits as Bankgiro);
}

/** "5050-1055" for 8 digits, "123-4567" for 7. */
export function formatBankgiro(bg: Bankgiro): string {
  return `${bg.slice(0, -4)}-${bg.slice(-4)}`;
}

/** Appends the check digit to a 6- or 7-digit base. Throws RangeError on other input. */
export function bankgiroWithCheckDigit(base: string): Bankgiro {
  if (!/^[0-9]{6,7}$/.test(base)) throw new RangeError('bankgiro base must be 6 or 7 digits');
  return `${base}${luhnCheckDigit(base)}` as Bankgiro;
}
