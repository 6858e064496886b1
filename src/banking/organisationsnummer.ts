/**
 * Swedish organisationsnummer (Skatteverket SKV 709): ten digits NNNNNN-NNNC
 * where the third digit is at least 2 (which tells it apart from a personnummer,
 * whose third digit is a month digit 0–1) and the last digit is a Luhn check digit.
 *
 * Written here rather than wrapping the `organisationsnummer` npm package: that
 * package silently falls back to accepting a personnummer (an enskild firma) as
 * an organisationsnummer, does not accept spaces, reports a single generic error
 * message for every failure, and pulls in `personnummer` with clock-dependent
 * century logic. Its accept/reject verdict is still used as a test oracle.
 */
import { isLuhnValid } from './checksum';
import { fail, ok, type Parsed } from './result';

declare const organisationsnummerBrand: unique symbol;
/** Exactly ten ASCII digits that passed `parseOrganisationsnummer`. */
export type Organisationsnummer = string & { readonly [organisationsnummerBrand]: true };

/**
 * Accepts "556016-0680", "5560160680", "556016 0680" and the 12-digit form with
 * the prefix 16 ("16556016-0680"). Spaces and dashes anywhere are ignored.
 */
export function parseOrganisationsnummer(input: string): Parsed<Organisationsnummer> {
  const compact = input.replace(/[\s-]/g, '');
  if (compact === '') return fail('organisationsnummer is empty');
  if (!/^[0-9]+$/.test(compact)) {
    return fail(`organisationsnummer "${input}" may contain only digits, spaces and a dash`);
  }
  let digits = compact;
  if (digits.length === 12) {
    if (!digits.startsWith('16')) {
      return fail(`organisationsnummer "${input}" has 12 digits but does not start with 16`);
    }
    digits = digits.slice(2);
  }
  if (digits.length !== 10) {
    return fail(`organisationsnummer "${input}" must have 10 digits, not ${digits.length}`);
  }
  if (digits.startsWith('0')) {
    return fail(
      `organisationsnummer "${input}" must not start with 0 (the first digit is the legal-form group 1–9)`,
    );
  }
  if (digits.charCodeAt(2) - 48 < 2) {
    return fail(
      `organisationsnummer "${input}" must have a third digit of at least 2 (this looks like a personnummer)`,
    );
  }
  if (!isLuhnValid(digits)) return fail('organisationsnummer check digit is wrong');
  return ok(digits as Organisationsnummer);
}

/** "556016-0680". */
export function formatOrganisationsnummer(nr: Organisationsnummer): string {
  return `${nr.slice(0, 6)}-${nr.slice(6)}`;
}

/** Swedish VAT number (momsregistreringsnummer): "SE556016068001". */
export function vatNumberFor(nr: Organisationsnummer): string {
  return `SE${nr}01`;
}

export type OrganisationType =
  | 'dodsbo'
  | 'stat-region-kommun-forsamling'
  | 'utlandskt-foretag'
  | 'aktiebolag'
  | 'enkelt-bolag'
  | 'ekonomisk-forening'
  | 'ideell-forening-stiftelse'
  | 'handelsbolag-kommanditbolag'
  | 'okand';

const TYPE_BY_FIRST_DIGIT: Record<string, OrganisationType> = {
  '1': 'dodsbo',
  '2': 'stat-region-kommun-forsamling',
  '3': 'utlandskt-foretag',
  '5': 'aktiebolag',
  '6': 'enkelt-bolag',
  '7': 'ekonomisk-forening',
  '8': 'ideell-forening-stiftelse',
  '9': 'handelsbolag-kommanditbolag',
};

/** Swedish names of the organisation types (Skatteverket's "gruppnummer"). */
export const ORGANISATION_TYPE_NAMES: Record<OrganisationType, string> = {
  dodsbo: 'Dödsbo',
  'stat-region-kommun-forsamling': 'Stat, region, kommun eller församling',
  'utlandskt-foretag': 'Utländskt företag',
  aktiebolag: 'Aktiebolag',
  'enkelt-bolag': 'Enkelt bolag',
  'ekonomisk-forening': 'Ekonomisk förening eller bostadsrättsförening',
  'ideell-forening-stiftelse': 'Ideell förening eller stiftelse',
  'handelsbolag-kommanditbolag': 'Handelsbolag eller kommanditbolag',
  okand: 'Okänd',
};

/** The legal-form group from the first digit (5 → aktiebolag). */
export function organisationTypeOf(nr: Organisationsnummer): OrganisationType {
  return TYPE_BY_FIRST_DIGIT[nr.charAt(0)] ?? 'okand';
}
