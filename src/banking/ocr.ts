/**
 * OCR references (Bankgirot "OCR-referenskontroll"): 2 to 25 digits, the last a
 * Luhn (modulus 10) check digit. With a length digit (hard/variable length
 * control) the second-last digit is the total length, check and length digit
 * included, modulo 10.
 */
import { isLuhnValid, luhnCheckDigit } from './checksum';
import { fail, ok, type Parsed } from './result';

declare const ocrBrand: unique symbol;
/** Two to 25 ASCII digits that passed `parseOcr`. */
export type OcrReference = string & { readonly [ocrBrand]: true };

export const OCR_MIN_LENGTH = 2;
export const OCR_MAX_LENGTH = 25;

export interface OcrOptions {
  /** Require the length digit (second last = total length mod 10); default false. */
  lengthDigit?: boolean;
}

/** Spaces are ignored ("1234 5678 97"); nothing else but digits is accepted. */
export function parseOcr(input: string, options: OcrOptions = {}): Parsed<OcrReference> {
  const digits = input.replace(/\s/g, '');
  if (digits === '') return fail('OCR reference is empty');
  if (!/^[0-9]+$/.test(digits)) return fail(`OCR reference "${input}" may contain only digits`);
  if (digits.length < OCR_MIN_LENGTH || digits.length > OCR_MAX_LENGTH) {
    return fail(
      `OCR reference "${input}" must have ${OCR_MIN_LENGTH} to ${OCR_MAX_LENGTH} digits, not ${digits.length}`,
    );
  }
  if (options.lengthDigit === true) {
    if (digits.length < 3) {
      return fail(`OCR reference "${input}" is too short to hold a length digit and a check digit`);
    }
    const expected = digits.length % 10;
    const actual = digits.charCodeAt(digits.length - 2) - 48;
    if (actual !== expected) {
      return fail(
        `OCR reference length digit is wrong: ${actual}, but the reference has ${digits.length} digits (expected ${expected})`,
      );
    }
  }
  if (!isLuhnValid(digits)) return fail('OCR reference check digit is wrong');
  return ok(digits as OcrReference);
}

/**
 * Builds an OCR reference from `base` digits (e.g. an invoice number): appends
 * the length digit when `withLengthDigit`, then the Luhn check digit.
 * Throws RangeError when `base` is not digits or the result would not be 2–25 digits.
 */
export function createOcr(base: string, options: { withLengthDigit: boolean }): OcrReference {
  if (!/^[0-9]+$/.test(base)) throw new RangeError('OCR base must be digits only');
  const total = base.length + (options.withLengthDigit ? 2 : 1);
  if (total > OCR_MAX_LENGTH) {
    throw new RangeError(`OCR reference would have ${total} digits; at most ${OCR_MAX_LENGTH} are allowed`);
  }
  const payload = options.withLengthDigit ? `${base}${total % 10}` : base;
  return `${payload}${luhnCheckDigit(payload)}` as OcrReference;
}
