/**
 * BIC (ISO 9362): 4-letter institution code, 2-letter ISO 3166 country code,
 * 2-character location code, optional 3-character branch code ("XXX" = head office).
 */
import { fail, ok, type Parsed } from './result';

declare const bicBrand: unique symbol;
/** An upper-case 8- or 11-character BIC that passed `parseBic`. */
export type Bic = string & { readonly [bicBrand]: true };

export function parseBic(input: string): Parsed<Bic> {
  const bic = input.replace(/\s/g, '').toUpperCase();
  if (bic === '') return fail('BIC is empty');
  if (bic.length !== 8 && bic.length !== 11) {
    return fail(`BIC "${input}" must have 8 or 11 characters, not ${bic.length}`);
  }
  if (!/^[A-Z]{4}$/.test(bic.slice(0, 4))) {
    return fail(`BIC "${input}" must start with a four-letter bank code`);
  }
  if (!/^[A-Z]{2}$/.test(bic.slice(4, 6))) {
    return fail(`BIC "${input}" must have a two-letter country code in positions 5–6`);
  }
  if (!/^[A-Z0-9]{2}$/.test(bic.slice(6, 8))) {
    return fail(`BIC "${input}" must have a two-character location code in positions 7–8`);
  }
  if (bic.length === 11 && !/^[A-Z0-9]{3}$/.test(bic.slice(8))) {
    return fail(`BIC "${input}" must have a three-character branch code in positions 9–11`);
  }
  return ok(bic as Bic);
}

export function bicCountry(bic: Bic): string {
  return bic.slice(4, 6);
}

/** The institution's 8-character BIC: "ESSESESSXXX" → "ESSESESS". */
export function bic8(bic: Bic): string {
  return bic.slice(0, 8);
}

/** The branch code, or undefined for an 8-character BIC ("XXX" is the head office). */
export function bicBranch(bic: Bic): string | undefined {
  return bic.length === 11 ? bic.slice(8) : undefined;
}

export interface KnownBank {
  readonly bic: string;
  readonly name: string;
  readonly country: string;
}

/** Main banks of the Nordics and the large correspondents, by 8-character BIC. */
export const KNOWN_BANKS: readonly KnownBank[] = [
  { bic: 'ESSESESS', name: 'SEB', country: 'SE' },
  { bic: 'HANDSESS', name: 'Handelsbanken', country: 'SE' },
  { bic: 'SWEDSESS', name: 'Swedbank', country: 'SE' },
  { bic: 'NDEASESS', name: 'Nordea Bank (Sweden)', country: 'SE' },
  { bic: 'DABASESX', name: 'Danske Bank (Sweden)', country: 'SE' },
  { bic: 'ELLFSESS', name: 'Länsförsäkringar Bank', country: 'SE' },
  { bic: 'SKIASESS', name: 'Skandiabanken', country: 'SE' },
  { bic: 'SBAVSESS', name: 'SBAB', country: 'SE' },
  { bic: 'NDEANOKK', name: 'Nordea Bank (Norway)', country: 'NO' },
  { bic: 'DNBANOKK', name: 'DNB Bank', country: 'NO' },
  { bic: 'HANDNOKK', name: 'Handelsbanken (Norway)', country: 'NO' },
  { bic: 'SWEDNOKK', name: 'Swedbank (Norway)', country: 'NO' },
  { bic: 'ESSENOKX', name: 'SEB (Norway)', country: 'NO' },
  { bic: 'DABADKKK', name: 'Danske Bank', country: 'DK' },
  { bic: 'NDEADKKK', name: 'Nordea Bank (Denmark)', country: 'DK' },
  { bic: 'NDEAFIHH', name: 'Nordea Bank', country: 'FI' },
  { bic: 'OKOYFIHH', name: 'OP Corporate Bank', country: 'FI' },
  { bic: 'DABAFIHH', name: 'Danske Bank (Finland)', country: 'FI' },
  { bic: 'HANDFIHH', name: 'Handelsbanken (Finland)', country: 'FI' },
  { bic: 'DEUTDEFF', name: 'Deutsche Bank', country: 'DE' },
  { bic: 'COBADEFF', name: 'Commerzbank', country: 'DE' },
  { bic: 'ESSEDEFF', name: 'SEB (Frankfurt)', country: 'DE' },
  { bic: 'CHASUS33', name: 'JPMorgan Chase Bank', country: 'US' },
  { bic: 'BOFAUS3N', name: 'Bank of America', country: 'US' },
  { bic: 'CITIUS33', name: 'Citibank', country: 'US' },
  { bic: 'NWBKGB2L', name: 'NatWest', country: 'GB' },
  { bic: 'BARCGB22', name: 'Barclays', country: 'GB' },
];

/** The known bank of a BIC (8 or 11 characters), or undefined. */
export function knownBankForBic(bic: Bic): KnownBank | undefined {
  const head = bic.slice(0, 8);
  return KNOWN_BANKS.find((b) => b.bic === head);
}

const BIC_BY_SWEDISH_BANK_CODE: Record<string, string> = {
  '120': 'DABASESX',
  '300': 'NDEASESS',
  '500': 'ESSESESS',
  '600': 'HANDSESS',
  '800': 'SWEDSESS',
  '902': 'ELLFSESS',
  '915': 'SKIASESS',
  '925': 'SBAVSESS',
  '950': 'NDEASESS',
};

/** The BIC for the 3-digit bank code of an SE IBAN ("500" → "ESSESESS"), or undefined. */
export function bicForSwedishBankCode(code: string): Bic | undefined {
  return Object.hasOwn(BIC_BY_SWEDISH_BANK_CODE, code) ? (BIC_BY_SWEDISH_BANK_CODE[code] as Bic) : undefined;
}
