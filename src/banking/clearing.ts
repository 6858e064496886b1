/**
 * Swedish clearing numbers and the account-number rules per bank, from
 * Bankgirot's "Bankernas kontonummeruppbyggnad" (the 2024 edition).
 *
 * Type 1: a 4-digit clearing number and a 7-digit account number (11 digits).
 *   comment 1: modulus 11 over the last 3 clearing digits + the 7 account digits
 *   comment 2: modulus 11 over all 4 clearing digits + the 7 account digits
 * Type 2: the clearing number is not part of the check.
 *   comment 1: 10-digit account, modulus 10 (Luhn) over the 10 digits
 *   comment 2: Handelsbanken, 9-digit account, modulus 11 over the 9 digits
 *   comment 3: up to 10-digit account (Swedbank 8xxx-x, Plusgirot), modulus 10
 *              over the account zero-filled to 10 digits
 * Swedbank's 8xxx clearing numbers have a fifth digit (8327-9): a Luhn check
 * digit over the first four.
 *
 * Written here rather than wrapping the `kontonummer` npm package (v6.0.1), which
 * implements the same document but classes 3410–3499 as Länsförsäkringar (they
 * are Nordea; Länsförsäkringar has 3400–3409), throws one generic error for every
 * failure, and has no IBAN mapping. It is used as a test oracle.
 */
import { luhnCheckDigit } from './checksum';
import { fail, ok, type Parsed } from './result';

export type AccountType = 1 | 2;
export type AccountComment = 1 | 2 | 3;

export interface SwedishIbanRule {
  /** The three-digit bank code in positions 5–7 of a Swedish IBAN. */
  readonly bankCode: string;
  /** Whether the IBAN's 17-digit account part starts with the clearing number. */
  readonly includesClearing: boolean;
}

export interface ClearingRange {
  readonly from: number;
  readonly to: number;
  readonly bankName: string;
  readonly type: AccountType;
  readonly comment: AccountComment;
  /** Allowed account-number lengths (shorter ones are zero-filled to `max`). */
  readonly accountLength: { readonly min: number; readonly max: number };
  /** Present for the banks whose SE IBAN mapping is implemented. */
  readonly iban?: SwedishIbanRule;
}

const T1 = { min: 7, max: 7 } as const;
const T2_10 = { min: 10, max: 10 } as const;

const SEB_IBAN: SwedishIbanRule = { bankCode: '500', includesClearing: true };
const NORDEA_IBAN: SwedishIbanRule = { bankCode: '300', includesClearing: true };
const NORDEA_PERSONKONTO_IBAN: SwedishIbanRule = { bankCode: '300', includesClearing: false };
const DANSKE_IBAN: SwedishIbanRule = { bankCode: '120', includesClearing: true };
const DANSKE_T2_IBAN: SwedishIbanRule = { bankCode: '120', includesClearing: false };
const SWEDBANK_IBAN: SwedishIbanRule = { bankCode: '800', includesClearing: true };
const HANDELSBANKEN_IBAN: SwedishIbanRule = { bankCode: '600', includesClearing: false };

function t1(
  from: number,
  to: number,
  bankName: string,
  comment: 1 | 2,
  iban?: SwedishIbanRule,
): ClearingRange {
  return { from, to, bankName, type: 1, comment, accountLength: T1, ...(iban ? { iban } : {}) };
}

/** Every clearing range, ordered by `from`; the ranges do not overlap. */
export const CLEARING_RANGES: readonly ClearingRange[] = [
  t1(1100, 1199, 'Nordea', 1, NORDEA_IBAN),
  t1(1200, 1399, 'Danske Bank', 1, DANSKE_IBAN),
  t1(1400, 2099, 'Nordea', 1, NORDEA_IBAN),
  t1(2300, 2399, 'Ålandsbanken', 2),
  t1(2400, 2499, 'Danske Bank', 1, DANSKE_IBAN),
  t1(3000, 3299, 'Nordea', 1, NORDEA_IBAN),
  {
    from: 3300,
    to: 3300,
    bankName: 'Nordea (personkonto)',
    type: 2,
    comment: 1,
    accountLength: T2_10,
    iban: NORDEA_PERSONKONTO_IBAN,
  },
  t1(3301, 3399, 'Nordea', 1, NORDEA_IBAN),
  t1(3400, 3409, 'Länsförsäkringar Bank', 1),
  t1(3410, 3781, 'Nordea', 1, NORDEA_IBAN),
  {
    from: 3782,
    to: 3782,
    bankName: 'Nordea (personkonto)',
    type: 2,
    comment: 1,
    accountLength: T2_10,
    iban: NORDEA_PERSONKONTO_IBAN,
  },
  t1(3783, 3999, 'Nordea', 1, NORDEA_IBAN),
  t1(4000, 4999, 'Nordea', 2, NORDEA_IBAN),
  t1(5000, 5999, 'SEB', 1, SEB_IBAN),
  {
    from: 6000,
    to: 6999,
    bankName: 'Handelsbanken',
    type: 2,
    comment: 2,
    accountLength: { min: 8, max: 9 },
    iban: HANDELSBANKEN_IBAN,
  },
  t1(7000, 7999, 'Swedbank', 1, SWEDBANK_IBAN),
  {
    from: 8000,
    to: 8999,
    bankName: 'Swedbank',
    type: 2,
    comment: 3,
    accountLength: { min: 6, max: 10 },
    iban: SWEDBANK_IBAN,
  },
  t1(9020, 9029, 'Länsförsäkringar Bank', 2),
  t1(9040, 9049, 'Citibank', 2),
  t1(9060, 9069, 'Länsförsäkringar Bank', 1),
  t1(9070, 9079, 'Multitude Bank', 1),
  t1(9100, 9109, 'Nordnet Bank', 2),
  t1(9120, 9124, 'SEB', 1, SEB_IBAN),
  t1(9130, 9149, 'SEB', 1, SEB_IBAN),
  t1(9150, 9169, 'Skandiabanken', 2),
  t1(9170, 9179, 'Ikano Bank', 1),
  {
    from: 9180,
    to: 9189,
    bankName: 'Danske Bank',
    type: 2,
    comment: 1,
    accountLength: T2_10,
    iban: DANSKE_T2_IBAN,
  },
  t1(9190, 9199, 'DNB Bank', 2),
  t1(9230, 9239, 'Marginalen Bank', 1),
  t1(9250, 9259, 'SBAB', 1),
  t1(9260, 9269, 'DNB Bank', 2),
  t1(9270, 9279, 'ICA Banken', 1),
  t1(9280, 9289, 'Resurs Bank', 1),
  {
    from: 9300,
    to: 9349,
    bankName: 'Swedbank (f.d. Sparbanken Öresund)',
    type: 2,
    comment: 1,
    accountLength: T2_10,
  },
  t1(9390, 9399, 'Landshypotek', 2),
  t1(9460, 9469, 'Santander Consumer Bank', 1),
  t1(9470, 9479, 'BNP Paribas', 2),
  {
    from: 9500,
    to: 9549,
    bankName: 'Nordea (Plusgirot)',
    type: 2,
    comment: 3,
    accountLength: { min: 2, max: 8 },
  },
  t1(9550, 9569, 'Avanza Bank', 2),
  { from: 9570, to: 9579, bankName: 'Sparbanken Syd', type: 2, comment: 1, accountLength: T2_10 },
  t1(9580, 9589, 'Aion Bank', 1),
  t1(9590, 9599, 'Erik Penser', 2),
  t1(9630, 9639, 'Lån & Spar Bank Sverige', 1),
  t1(9640, 9649, 'NOBA Bank Group', 2),
  t1(9660, 9669, 'Svea Bank', 2),
  t1(9670, 9679, 'JAK Medlemsbank', 2),
  t1(9680, 9689, 'Bluestep Finans', 1),
  t1(9700, 9709, 'Ekobanken', 2),
  t1(9710, 9719, 'Lunar Bank', 2),
  t1(9750, 9759, 'Northmill Bank', 2),
  t1(9780, 9789, 'Klarna Bank', 2),
  t1(9880, 9889, 'Riksgälden', 2),
  { from: 9890, to: 9899, bankName: 'Riksgälden', type: 2, comment: 1, accountLength: T2_10 },
  {
    from: 9960,
    to: 9969,
    bankName: 'Nordea (Plusgirot)',
    type: 2,
    comment: 3,
    accountLength: { min: 2, max: 8 },
  },
];

/** The bank of a clearing number (its first four digits), or undefined. */
export function bankForClearing(clearing: string): ClearingRange | undefined {
  const digits = clearing.replace(/[\s-]/g, '');
  if (!/^[0-9]{4,5}$/.test(digits)) return undefined;
  const n = Number(digits.slice(0, 4));
  return CLEARING_RANGES.find((r) => n >= r.from && n <= r.to);
}

export interface Clearing {
  /** Four digits, or five for Swedbank 8xxx-x (check digit included). */
  readonly clearing: string;
  readonly bank: ClearingRange;
}

/**
 * Parses a clearing number: "5000", "8327-9", "83279". A Swedbank 8xxx number
 * given with four digits is completed with its check digit ("8327" → "83279");
 * given with five, the check digit must be right.
 */
export function parseClearing(input: string): Parsed<Clearing> {
  const digits = input.replace(/[\s-]/g, '');
  if (digits === '') return fail('clearing number is empty');
  if (!/^[0-9]+$/.test(digits)) {
    return fail(`clearing number "${input}" may contain only digits and a dash`);
  }
  if (digits.length !== 4 && digits.length !== 5) {
    return fail(
      `clearing number "${input}" must have 4 digits (5 for Swedbank 8xxx-x), not ${digits.length}`,
    );
  }
  const four = digits.slice(0, 4);
  const swedbank5 = four.startsWith('8');
  if (digits.length === 5 && !swedbank5) {
    return fail(`clearing number "${input}" has 5 digits, but only Swedbank's 8xxx-x clearing numbers do`);
  }
  const bank = bankForClearing(four);
  if (!bank) return fail(`clearing number ${four} belongs to no known bank`);
  if (!swedbank5) return ok({ clearing: four, bank });
  const check = String(luhnCheckDigit(four));
  if (digits.length === 5 && digits[4] !== check) {
    return fail(`clearing number ${four}-${digits[4]} check digit is wrong (expected ${four}-${check})`);
  }
  return ok({ clearing: four + check, bank });
}

/** "5000", or "8327-9" for five-digit Swedbank clearing numbers. */
export function formatClearing(clearing: string): string {
  return clearing.length === 5 ? `${clearing.slice(0, 4)}-${clearing.slice(4)}` : clearing;
}
