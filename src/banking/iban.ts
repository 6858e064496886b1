/**
 * IBAN (ISO 13616): country lengths and BBAN formats from the SWIFT IBAN
 * registry as packaged by `ibantools` (also used for the national check digits
 * some countries have, e.g. Norway's), mod-97 check digits computed here, and
 * the mapping between Swedish clearing/account numbers and SE IBANs.
 *
 * SE IBAN = "SE" + 2 check digits + 3-digit bank code + 17-digit account part.
 * Implemented for SEB (500), Handelsbanken (600), Swedbank (800, both 7xxx and
 * 8xxx-x), Nordea (300, incl. personkonto 3300/3782) and Danske Bank (120).
 */
import { countrySpecs, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { parseSwedishAccount, type SwedishAccount } from './bank-account';
import { bankForClearing } from './clearing';
import { fail, ok, type Parsed } from './result';

declare const ibanBrand: unique symbol;
/** An IBAN in electronic form (upper case, no spaces) that passed `parseIban`. */
export type Iban = string & { readonly [ibanBrand]: true };

/** Total IBAN length for a country in the IBAN registry ("SE" → 24), else undefined. */
export function ibanLength(country: string): number | undefined {
  const spec = Object.hasOwn(countrySpecs, country) ? countrySpecs[country] : undefined;
  return spec?.IBANRegistry === true ? spec.chars : undefined;
}

/** ISO 7064 MOD 97-10 remainder of an alphanumeric string (A = 10 … Z = 35). */
export function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) r = (r * 10 + (code - 48)) % 97;
    else r = (r * 100 + (code - 55)) % 97; // 'A' (65) → 10
  }
  return r;
}

/** The two check digits for `country` + `bban`. */
export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
}

/** Removes spaces and upper-cases: "se45 5000 …" → "SE455000…". */
export function electronicIban(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

export function parseIban(input: string): Parsed<Iban> {
  const iban = electronicIban(input);
  if (iban === '') return fail('IBAN is empty');
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) {
    return fail(`IBAN "${input}" must be a two-letter country code, two check digits and letters or digits`);
  }
  const country = iban.slice(0, 2);
  const length = ibanLength(country);
  if (length === undefined) return fail(`IBAN country ${country} is not in the IBAN registry`);
  if (iban.length !== length) {
    return fail(`IBAN for ${country} must have ${length} characters, not ${iban.length}`);
  }
  const pattern = countrySpecs[country]?.bban_regexp;
  if (pattern && !new RegExp(pattern).test(iban.slice(4))) {
    return fail(`IBAN account part "${iban.slice(4)}" does not have the ${country} format`);
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return fail('IBAN check digits are wrong');
  if (validateIBAN(iban).errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
    return fail(`IBAN contains a ${country} account number whose national check digit is wrong`);
  }
  return ok(iban as Iban);
}

export function ibanCountry(iban: Iban): string {
  return iban.slice(0, 2);
}

/** Print format: groups of four, "SE45 5000 0000 0583 9825 7466". */
export function formatIban(iban: Iban): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

// ---------------------------------------------------------------------------
// Swedish IBANs

/**
 * The SE IBAN of a Swedish account, for the banks whose mapping is implemented
 * (SEB, Handelsbanken, Swedbank, Nordea, Danske Bank). The 17-digit account part
 * is the clearing number (5 digits for Swedbank 8xxx-x) followed by the account
 * number, zero-filled on the left; for Handelsbanken, Nordea personkonto and
 * Danske Bank 918x it is the account number alone.
 */
export function swedishIbanFromAccount(clearing: string, account: string): Parsed<Iban> {
  const parsed = parseSwedishAccount(clearing, account);
  if (!parsed.ok) return parsed;
  const a = parsed.value;
  const rule = bankForClearing(a.clearing)?.iban;
  if (!rule) {
    return fail(
      `the IBAN of ${a.bankName} accounts (clearing ${a.clearing}) is not supported; ask the bank for it`,
    );
  }
  const accountPart = (rule.includesClearing ? a.clearing + a.account : a.account).padStart(17, '0');
  const bban = rule.bankCode + accountPart;
  return ok(`SE${ibanCheckDigits('SE', bban)}${bban}` as Iban);
}

const SWEDISH_BANK_CODES: Record<string, string> = {
  '120': 'Danske Bank',
  '300': 'Nordea',
  '500': 'SEB',
  '600': 'Handelsbanken',
  '800': 'Swedbank',
};

/**
 * The Swedish clearing and account number inside an SE IBAN, for SEB, Swedbank,
 * Nordea (a personkonto comes back with clearing 3300) and Danske Bank (1200–1399,
 * 2400–2499). Handelsbanken and Danske Bank 918x IBANs do not contain the
 * clearing number, so they are answered with an error.
 */
export function swedishAccountFromIban(input: string): Parsed<SwedishAccount> {
  const parsed = parseIban(input);
  if (!parsed.ok) return parsed;
  const iban = parsed.value;
  if (ibanCountry(iban) !== 'SE') return fail(`IBAN ${formatIban(iban)} is not Swedish`);
  const bankCode = iban.slice(4, 7);
  const part = iban.slice(7);
  const bankName = SWEDISH_BANK_CODES[bankCode];
  if (bankName === undefined) {
    return fail(
      `Swedish account numbers cannot be derived from IBANs with bank code ${bankCode}; supported bank codes: ${Object.keys(SWEDISH_BANK_CODES).join(', ')}`,
    );
  }
  let clearing: string;
  let account: string;
  if (bankCode === '600') {
    return fail(
      'Handelsbanken IBANs do not contain the clearing number, so the Swedish account number cannot be derived',
    );
  } else if (bankCode === '800' && part.startsWith('008')) {
    clearing = part.slice(2, 7); // Swedbank 8xxx-x
    account = part.slice(7);
  } else if (part.startsWith('000000') && part[6] !== '0') {
    clearing = part.slice(6, 10); // type 1: clearing + 7-digit account
    account = part.slice(10);
  } else if (bankCode === '300' && part.startsWith('0000000')) {
    clearing = '3300'; // Nordea personkonto: the account is a personnummer
    account = part.slice(7);
  } else if (bankCode === '120' && part.startsWith('0000000')) {
    return fail(
      'Danske Bank IBANs for clearing 9180–9189 do not contain the clearing number, so the Swedish account number cannot be derived',
    );
  } else {
    return fail(`IBAN ${formatIban(iban)} does not have the account layout ${bankName} uses`);
  }
  const result = parseSwedishAccount(clearing, account);
  if (!result.ok) return fail(`IBAN ${formatIban(iban)} holds an invalid Swedish account: ${result.error}`);
  const rule = bankForClearing(result.value.clearing)?.iban;
  if (rule?.bankCode !== bankCode) {
    return fail(
      `IBAN bank code ${bankCode} (${bankName}) does not match clearing number ${clearing} (${result.value.bankName})`,
    );
  }
  return ok(result.value);
}
