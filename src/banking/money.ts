/**
 * Money as integer minor units (`bigint`) inside the program, decimal strings on
 * the wire ("12500.00" SEK, "1500" JPY). No value in this module is ever a
 * floating-point number, not even for a moment.
 *
 * ROUNDING RULE. The only operation here that can produce a fraction of a minor
 * unit is currency conversion (`convert`). It rounds HALF AWAY FROM ZERO to the
 * target currency's minor unit: 0.5 öre → 1 öre, −0.5 öre → −1 öre,
 * 0.4999… öre → 0 öre. `allocate` does not round: it distributes whole minor
 * units with the largest-remainder method so the shares always sum exactly to
 * the input.
 */
import { minorDigits, parseCurrency, type Currency } from './currency';
import { fail, ok, type Parsed } from './result';

const AMOUNT_RE = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const RATE_RE = /^([0-9]+)(?:\.([0-9]+))?$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * Parses a wire amount (`-?\d+(\.\d{1,digits})?`) into minor units of `currency`.
 * Accepts fewer decimals than the currency has ("12.5" SEK → 1250n). Rejects the
 * empty string, spaces, a '+' sign, exponents, NaN/Infinity, ',' as decimal
 * separator, a bare '.', and more decimals than the currency's minor digits.
 */
export function parseAmount(decimal: string, currency: Currency): Parsed<bigint> {
  if (decimal === '') return fail('amount is empty');
  if (/\s/.test(decimal)) return fail(`amount "${decimal}" must not contain spaces`);
  if (decimal.startsWith('+')) return fail(`amount "${decimal}" must not have a '+' sign`);
  if (/^-?[0-9.]*[eE]/.test(decimal)) {
    return fail(`amount "${decimal}" must be a plain decimal number; exponents are not allowed`);
  }
  if (/^-?[0-9]+,[0-9]+$/.test(decimal)) {
    return fail(`amount "${decimal}" must use '.' as the decimal separator, not ','`);
  }
  const match = AMOUNT_RE.exec(decimal);
  if (!match) return fail(`amount "${decimal}" is not a decimal number like 1234.50`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const digits = minorDigits(currency);
  if (match[3] !== undefined && digits === 0) {
    return fail(`amount "${decimal}" has decimals, but ${currency} has no minor unit`);
  }
  if (fraction.length > digits) {
    return fail(
      `amount "${decimal}" has ${fraction.length} decimals, but ${currency} allows at most ${digits}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(digits, '0'));
  return ok(sign === '-' ? -minor : minor);
}

/**
 * Wire form of an amount: always exactly the currency's minor digits, '.' as
 * separator, '-' for negatives, no grouping. 1250000n SEK → "12500.00",
 * 1500n JPY → "1500", -5n SEK → "-0.05".
 */
export function formatAmount(minor: bigint, currency: Currency): string {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString();
  const sign = negative ? '-' : '';
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** Largest and smallest values of a PostgreSQL `bigint` column. */
export const INT64_MAX = 2n ** 63n - 1n;
export const INT64_MIN = -(2n ** 63n);

/** True when `minor` can be stored in a PostgreSQL `bigint`. */
export function fitsInt64(minor: bigint): boolean {
  return minor >= INT64_MIN && minor <= INT64_MAX;
}

// ---------------------------------------------------------------------------
// Money values

export interface Money {
  readonly minor: bigint;
  readonly currency: Currency;
}

/** The JSON shape of money on the public API. */
export interface WireMoney {
  amount: string;
  currency: string;
}

export class CurrencyMismatchError extends Error {
  constructor(a: Currency, b: Currency) {
    super(`cannot combine ${a} and ${b} without a conversion`);
    this.name = 'CurrencyMismatchError';
  }
}

export function money(minor: bigint, currency: Currency): Money {
  return { minor, currency };
}

/** Parses `{"amount": "1250000.00", "currency": "SEK"}`. */
export function parseMoney(wire: WireMoney): Parsed<Money> {
  const currency = parseCurrency(wire.currency);
  if (!currency.ok) return currency;
  const minor = parseAmount(wire.amount, currency.value);
  if (!minor.ok) return minor;
  return ok({ minor: minor.value, currency: currency.value });
}

export function toWireMoney(m: Money): { amount: string; currency: Currency } {
  return { amount: formatAmount(m.minor, m.currency), currency: m.currency };
}

function sameCurrency(a: Money, b: Money): Currency {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return a.currency;
}

/** a + b. Throws CurrencyMismatchError when the currencies differ. */
export function add(a: Money, b: Money): Money {
  return { minor: a.minor + b.minor, currency: sameCurrency(a, b) };
}

/** a − b. Throws CurrencyMismatchError when the currencies differ. */
export function subtract(a: Money, b: Money): Money {
  return { minor: a.minor - b.minor, currency: sameCurrency(a, b) };
}

export function negate(a: Money): Money {
  return { minor: -a.minor, currency: a.currency };
}

/** −1, 0 or 1. Throws CurrencyMismatchError when the currencies differ. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** Sum of `items`, all of which must be in `currency` (zero for an empty list). */
export function sum(items: readonly Money[], currency: Currency): Money {
  let total: Money = { minor: 0n, currency };
  for (const item of items) total = add(total, item);
  return total;
}

// ---------------------------------------------------------------------------
// Allocation

/**
 * Splits `minor` into shares proportional to `weights` with the largest-remainder
 * method: every share is first the exact share rounded toward zero, then the
 * minor units left over go one each to the shares with the largest remainders
 * (ties: the earlier index). The shares sum exactly to `minor`, and each differs
 * from its exact share by less than one minor unit. Negative amounts are split
 * as the negation of splitting the absolute value.
 *
 * Throws RangeError when `weights` is empty, has a negative weight, or sums to 0.
 */
export function allocate(minor: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  let total = 0n;
  for (const w of weights) {
    if (w < 0n) throw new RangeError('allocate weights must not be negative');
    total += w;
  }
  if (total === 0n) throw new RangeError('allocate weights must not all be zero');
  if (minor < 0n) return allocate(-minor, weights).map((share) => -share);

  const shares = weights.map((w) => (minor * w) / total);
  const remainders = weights.map((w) => (minor * w) % total);
  let leftover = minor - shares.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort((i, j) => {
      const ri = remainders[i] ?? 0n;
      const rj = remainders[j] ?? 0n;
      return ri > rj ? -1 : ri < rj ? 1 : i - j;
    });
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i] = (shares[i] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return shares;
}

// ---------------------------------------------------------------------------
// Conversion

/** An exchange rate as an exact decimal: `numerator / 10^scale`. */
export interface Rate {
  readonly numerator: bigint;
  readonly scale: number;
}

/** Parses a positive decimal exchange rate such as "11.4235". */
export function parseRate(rate: string): Parsed<Rate> {
  const match = RATE_RE.exec(rate);
  if (!match) {
    return fail(`exchange rate "${rate}" is not a positive decimal number like 11.4235`);
  }
  const [, whole = '', fraction = ''] = match;
  const numerator = BigInt(whole + fraction);
  if (numerator === 0n) return fail(`exchange rate "${rate}" must be greater than zero`);
  return ok({ numerator, scale: fraction.length });
}

/**
 * n / d rounded half away from zero, for d > 0.
 */
export function divideRoundHalfAwayFromZero(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/**
 * Converts `minor` units of `from` into minor units of `to` at `rate`, a decimal
 * string giving the units of `to` per one unit of `from` (EUR→SEK "11.4235").
 * Computed exactly in bigint as minor · rate · 10^digits(to) / 10^digits(from),
 * then rounded HALF AWAY FROM ZERO to a whole minor unit of `to`.
 *
 * Throws RangeError when `rate` is not a positive decimal (validate wire input
 * with `parseRate` first).
 */
export function convert(minor: bigint, from: Currency, to: Currency, rate: string): bigint {
  const parsed = parseRate(rate);
  if (!parsed.ok) throw new RangeError(parsed.error);
  const { numerator, scale } = parsed.value;
  const n = minor * numerator * pow10(minorDigits(to));
  const d = pow10(minorDigits(from) + scale);
  return divideRoundHalfAwayFromZero(n, d);
}

// ---------------------------------------------------------------------------
// Display

export type DisplayLocale = 'sv-SE' | 'en-GB';

export interface FormatMoneyOptions {
  /** How Intl shows the currency; default 'symbol'. */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code';
  /** Set false to show only the grouped number; default true. */
  withCurrency?: boolean;
}

/**
 * Formats money for people, with Intl.NumberFormat's grouping, decimal mark,
 * minus sign and currency placement for `locale` (sv-SE: "1 234 567,89 kr" with
 * U+00A0 no-break spaces and U+2212 minus; en-GB: "SEK 1,234,567.89").
 *
 * Exact for any size: Intl only ever sees the integer part, as a bigint; the
 * fraction digits are spliced in from the bigint. No number is involved.
 */
export function formatMoney(
  minor: bigint,
  currency: Currency,
  locale: DisplayLocale,
  opts: FormatMoneyOptions = {},
): string {
  const digits = minorDigits(currency);
  const withCurrency = opts.withCurrency ?? true;
  const nf = new Intl.NumberFormat(locale, {
    style: withCurrency ? 'currency' : 'decimal',
    ...(withCurrency ? { currency, currencyDisplay: opts.currencyDisplay ?? 'symbol' } : {}),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const unit = pow10(digits);
  const integer = abs / unit;
  const fraction = (abs % unit).toString().padStart(digits, '0');
  // bigint has no −0: for amounts between −1 and 0 major units, let Intl place
  // the minus sign for −1n and write the integer digit 0 in its place.
  const negativeBelowOne = negative && integer === 0n;
  const value = negative ? (negativeBelowOne ? -1n : -integer) : integer;
  return nf
    .formatToParts(value)
    .map((part) => {
      if (part.type === 'fraction') return fraction;
      if (part.type === 'integer' && negativeBelowOne) return '0';
      return part.value;
    })
    .join('');
}
