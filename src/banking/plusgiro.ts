/**
 * PlusGiro numbers (Nordea/Plusgirot): 2 to 8 digits, the last a Luhn
 * (modulus 10) check digit. Plusgirot writes them with a dash before the check
 * digit and the digits before it in pairs from the right: "90 01 62-9",
 * "4 12 34-5", "12-3".
 */
import { isLuhnValid, luhnCheckDigit } from './checksum';
import { fail, ok, type Parsed } from './result';

declare const plusgiroBrand: unique symbol;
/** Two to eight ASCII digits (no leading zero) that passed `parsePlusgiro`. */
export type Plusgiro = string & { readonly [plusgiroBrand]: true };

/** Accepts "90 01 62-9", "900162-9", "9001629"; spaces and dashes are ignored. */
export function parsePlusgiro(input: string): Parsed<Plusgiro> {
  const digits = input.replace(/[\s-]/g, '');
  if (digits === '') return fail('plusgiro number is empty');
  if (!/^[0-9]+$/.test(digits)) {
    return fail(`plusgiro number "${input}" may contain only digits, spaces and a dash`);
  }
  if (digits.length < 2 || digits.length > 8) {
    return fail(`plusgiro number "${input}" must have 2 to 8 digits, not ${digits.length}`);
  }
  if (digits.startsWith('0')) return fail(`plusgiro number "${input}" must not start with 0`);
  if (!isLuhnValid(digits)) return fail('plusgiro check digit is wrong');
  return ok(digits as Plusgiro);
}

/** "90 01 62-9": pairs from the right, a dash before the check digit. */
export function formatPlusgiro(pg: Plusgiro): string {
  const body = pg.slice(0, -1);
  const groups: string[] = [];
  for (let end = body.length; end > 0; end -= 2) groups.unshift(body.slice(Math.max(0, end - 2), end));
  return `${groups.join(' ')}-${pg.slice(-1)}`;
}

/** Appends the check digit to a 1- to 7-digit base. Throws RangeError on other input. */
export function plusgiroWithCheckDigit(base: string): Plusgiro {
  if (!/^[1-9][0-9]{0,6}$/.test(base)) {
    throw new RangeError('plusgiro base must be 1 to 7 digits without a leading zero');
  }
  return `${base}${luhnCheckDigit(base)}` as Plusgiro;
}
