import { fail, ok, type Parsed } from './result';

/**
 * Supported currencies and their ISO 4217 minor-unit digits
 * (the number of decimals of the currency's minor unit).
 */
export const CURRENCY_MINOR_DIGITS = {
  SEK: 2,
  EUR: 2,
  USD: 2,
  NOK: 2,
  DKK: 2,
  GBP: 2,
  CHF: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  JPY: 0,
  ISK: 0,
  KWD: 3,
} as const satisfies Record<string, number>;

export type Currency = keyof typeof CURRENCY_MINOR_DIGITS;

export const CURRENCIES: readonly Currency[] = Object.keys(CURRENCY_MINOR_DIGITS) as Currency[];

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(CURRENCY_MINOR_DIGITS, code);
}

/** ISO 4217 minor-unit digits: SEK 2, JPY 0, KWD 3. */
export function minorDigits(currency: Currency): number {
  return CURRENCY_MINOR_DIGITS[currency];
}

export function parseCurrency(code: string): Parsed<Currency> {
  if (code === '') return fail('currency is empty');
  if (!/^[A-Z]{3}$/.test(code)) {
    return fail(`currency "${code}" is not a three-letter upper-case ISO 4217 code`);
  }
  if (!isCurrency(code)) return fail(`currency ${code} is not supported`);
  return ok(code);
}
