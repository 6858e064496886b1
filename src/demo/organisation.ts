import { luhnCheckDigit } from '../banking/checksum';
import type { IdFactory } from './ids';
import type { CountryCode, DemoCompany, DemoCurrency, DemoKoncern, DemoTenant } from './model';
import { nameStem, subsidiaryName } from './names';
import type { Rng } from './rng';

export const COUNTRY_CURRENCY: Record<CountryCode, DemoCurrency> = {
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  FI: 'EUR',
  DE: 'EUR',
  US: 'USD',
  GB: 'USD', // not used by the generator's country mix; kept total for the type
  NL: 'EUR',
};

/**
 * A Swedish aktiebolag's organisationsnummer: first digit 5 (aktiebolag), third digit >= 2,
 * Luhn check digit from the banking module.
 */
export function swedishOrgNumber(rng: Rng): string {
  const payload = `5${rng.digits(1)}${rng.int(2, 9)}${rng.digits(6)}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

/*
 * Foreign register ids. The banking module covers Swedish numbers only, so the (small) check-digit
 * rules of the neighbours' registers live here, each with its validator for the tests.
 */

const NO_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Norwegian organisasjonsnummer (Brønnøysundregistrene): 9 digits, first 8 or 9, modulus 11. */
export function norwegianOrgNumber(rng: Rng): string {
  for (;;) {
    const payload = `${rng.pick(['8', '9'])}${rng.digits(7)}`;
    const sum = NO_WEIGHTS.reduce((acc, w, i) => acc + w * Number(payload[i]), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${payload}${check}`;
  }
}

export function isValidNorwegianOrgNumber(id: string): boolean {
  if (!/^[89][0-9]{8}$/.test(id)) return false;
  const sum = NO_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(id[8]);
}

const DK_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/** Danish CVR number: 8 digits, weighted sum divisible by 11. */
export function danishCvr(rng: Rng): string {
  for (;;) {
    const payload = rng.digits(7, true);
    const sum = DK_WEIGHTS.slice(0, 7).reduce((acc, w, i) => acc + w * Number(payload[i]), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${payload}${check}`;
  }
}

export function isValidDanishCvr(id: string): boolean {
  if (!/^[1-9][0-9]{7}$/.test(id)) return false;
  return DK_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0) % 11 === 0;
}

const FI_WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

/** Finnish Y-tunnus (business id): NNNNNNN-C, modulus 11 with weights 7,9,10,5,8,4,2. */
export function finnishBusinessId(rng: Rng): string {
  for (;;) {
    const payload = `${rng.int(1, 3)}${rng.digits(6)}`;
    const r = FI_WEIGHTS.reduce((acc, w, i) => acc + w * Number(payload[i]), 0) % 11;
    if (r === 1) continue;
    return `${payload}-${r === 0 ? 0 : 11 - r}`;
  }
}

export function isValidFinnishBusinessId(id: string): boolean {
  const m = /^([0-9]{7})-([0-9])$/.exec(id);
  if (!m) return false;
  const payload = m[1] ?? '';
  const r = FI_WEIGHTS.reduce((acc, w, i) => acc + w * Number(payload[i]), 0) % 11;
  return r !== 1 && (r === 0 ? 0 : 11 - r) === Number(m[2]);
}

const DE_COURTS = ['Hamburg', 'München', 'Berlin-Charlottenburg', 'Frankfurt am Main', 'Düsseldorf', 'Köln'];

/** German Handelsregister entry: "HRB 123456 (Amtsgericht Hamburg)". */
export function germanRegisterId(rng: Rng): string {
  return `HRB ${rng.int(10_000, 249_999)} (Amtsgericht ${rng.pick(DE_COURTS)})`;
}

export function isPlausibleGermanRegisterId(id: string): boolean {
  return /^HRB [0-9]{5,6} \(Amtsgericht [^)]+\)$/.test(id);
}

/** IRS campus prefixes in use for Employer Identification Numbers. */
const EIN_PREFIXES = [
  10, 12, 20, 26, 27, 30, 32, 35, 36, 37, 38, 45, 46, 47, 81, 82, 83, 84, 85, 86, 87, 88, 91, 92, 93, 98, 99,
];

/** US Employer Identification Number: "NN-NNNNNNN" with a valid IRS prefix. */
export function usEin(rng: Rng): string {
  return `${String(rng.pick(EIN_PREFIXES)).padStart(2, '0')}-${rng.digits(7)}`;
}

export function isPlausibleUsEin(id: string): boolean {
  const m = /^([0-9]{2})-[0-9]{7}$/.exec(id);
  return m !== null && EIN_PREFIXES.includes(Number(m[1]));
}

export function foreignIdFor(country: CountryCode, rng: Rng): string {
  switch (country) {
    case 'NO':
      return norwegianOrgNumber(rng);
    case 'DK':
      return danishCvr(rng);
    case 'FI':
      return finnishBusinessId(rng);
    case 'DE':
      return germanRegisterId(rng);
    case 'US':
      return usEin(rng);
    default:
      throw new Error(`no foreign id scheme for ${country}`);
  }
}

export function isPlausibleForeignId(country: CountryCode, id: string): boolean {
  switch (country) {
    case 'NO':
      return isValidNorwegianOrgNumber(id);
    case 'DK':
      return isValidDanishCvr(id);
    case 'FI':
      return isValidFinnishBusinessId(id);
    case 'DE':
      return isPlausibleGermanRegisterId(id);
    case 'US':
      return isPlausibleUsEin(id);
    default:
      return false;
  }
}

export interface Organisation {
  tenant: DemoTenant;
  koncern: DemoKoncern;
  /** The parent first, then the subsidiaries. */
  companies: DemoCompany[];
}

/**
 * The koncern: a Swedish parent AB and 8–15 subsidiaries. Every foreign country of the mix
 * (NO, DK, FI, DE, US) appears at least once so that every demo currency is some company's
 * functional currency; one Swedish subsidiary may itself own a second-level company.
 */
export function generateOrganisation(rng: Rng, ids: IdFactory, tenantName: string): Organisation {
  const stem = nameStem(rng);
  const tenant: DemoTenant = { id: ids.next('ten'), name: tenantName };
  const koncern: DemoKoncern = {
    id: ids.next('kon'),
    tenantId: tenant.id,
    name: `${stem}koncernen`,
    reportingCurrency: 'SEK',
  };

  const usedOrg = new Set<string>();
  const orgNumber = (): string => {
    for (;;) {
      const nr = swedishOrgNumber(rng);
      if (!usedOrg.has(nr)) {
        usedOrg.add(nr);
        return nr;
      }
    }
  };
  const usedNames = new Set<string>();
  const uniqueName = (make: () => string): string => {
    let name = make();
    for (let attempt = 2; usedNames.has(name); attempt++) {
      name = attempt < 20 ? make() : `${make()} ${attempt}`;
    }
    usedNames.add(name);
    return name;
  };

  const parent: DemoCompany = {
    id: ids.next('co'),
    tenantId: tenant.id,
    koncernId: koncern.id,
    parentId: null,
    name: uniqueName(() => rng.pick([`${stem} AB (publ)`, `${stem} Holding AB`, `${stem} Group AB`])),
    orgNumber: orgNumber(),
    foreignId: null,
    country: 'SE',
    functionalCurrency: 'SEK',
    ownershipBasisPoints: 10000,
    employees: rng.int(12, 45),
    weight: rng.int(8, 15),
  };

  const subsidiaryCount = rng.int(8, 15);
  const foreign: CountryCode[] = ['NO', 'DK', 'FI', 'DE', 'US'];
  const countries: CountryCode[] = [...foreign];
  const swedishCount = Math.max(3, subsidiaryCount - foreign.length - rng.int(0, 3));
  for (let i = 0; i < swedishCount; i++) countries.push('SE');
  while (countries.length < subsidiaryCount)
    countries.push(rng.pick(['NO', 'DK', 'FI', 'DE', 'SE'] as const));
  countries.length = subsidiaryCount;
  const ordered = [...countries.filter((c) => c === 'SE'), ...countries.filter((c) => c !== 'SE')];

  const companies: DemoCompany[] = [parent];
  let swedishSubHolding: DemoCompany | null = null;
  for (const country of ordered) {
    const partlyOwned = rng.chance(30);
    const ownedBy =
      swedishSubHolding !== null && country === 'SE' && rng.chance(25) ? swedishSubHolding : parent;
    const company: DemoCompany = {
      id: ids.next('co'),
      tenantId: tenant.id,
      koncernId: koncern.id,
      parentId: ownedBy.id,
      name: uniqueName(() => subsidiaryName(stem, country, rng)),
      orgNumber: country === 'SE' ? orgNumber() : null,
      foreignId: country === 'SE' ? null : foreignIdFor(country, rng),
      country,
      functionalCurrency: COUNTRY_CURRENCY[country],
      ownershipBasisPoints: partlyOwned ? rng.int(51, 90) * 100 : 10000,
      employees: country === 'US' ? rng.int(10, 60) : rng.int(15, 320),
      weight: 0,
    };
    company.weight = Math.max(1, Math.min(100, (company.employees + 2) >> 2));
    companies.push(company);
    if (country === 'SE' && swedishSubHolding === null && company.ownershipBasisPoints === 10000) {
      swedishSubHolding = company;
    }
  }
  return { tenant, koncern, companies };
}
