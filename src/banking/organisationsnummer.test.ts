import fc from 'fast-check';
import OrganisationsnummerOracle from 'organisationsnummer';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from './checksum';
import {
  ORGANISATION_TYPE_NAMES,
  formatOrganisationsnummer,
  organisationTypeOf,
  parseOrganisationsnummer,
  vatNumberFor,
} from './organisationsnummer';
import { unwrap } from './result';
import { digitString, flipDigit } from './test-arbitraries';

describe('parseOrganisationsnummer', () => {
  it.each([
    ['556016-0680', '5560160680', 'aktiebolag'],
    ['5560160680', '5560160680', 'aktiebolag'],
    ['16556016-0680', '5560160680', 'aktiebolag'],
    ['165560160680', '5560160680', 'aktiebolag'],
    ['556016 0680', '5560160680', 'aktiebolag'],
    ['556036-0793', '5560360793', 'aktiebolag'],
    ['212000-0142', '2120000142', 'stat-region-kommun-forsamling'],
    ['802426-1268', '8024261268', 'ideell-forening-stiftelse'],
    ['769603-4185', '7696034185', 'ekonomisk-forening'],
  ] as const)('accepts Skatteverket/published number %s', (input, digits, type) => {
    const parsed = unwrap(parseOrganisationsnummer(input));
    expect(parsed).toBe(digits);
    expect(formatOrganisationsnummer(parsed)).toBe(`${digits.slice(0, 6)}-${digits.slice(6)}`);
    expect(organisationTypeOf(parsed)).toBe(type);
  });

  it('gives the VAT number and Swedish type names', () => {
    const nr = unwrap(parseOrganisationsnummer('556016-0680'));
    expect(vatNumberFor(nr)).toBe('SE556016068001');
    expect(ORGANISATION_TYPE_NAMES[organisationTypeOf(nr)]).toBe('Aktiebolag');
  });

  it.each([
    ['', 'organisationsnummer is empty'],
    ['556016-0681', 'organisationsnummer check digit is wrong'],
    ['556016-068', 'organisationsnummer "556016-068" must have 10 digits, not 9'],
    ['19556016-0680', 'organisationsnummer "19556016-0680" has 12 digits but does not start with 16'],
    ['556016/0680', 'organisationsnummer "556016/0680" may contain only digits, spaces and a dash'],
    // a personnummer (Tolvan Tolvansson) is not an organisationsnummer
    [
      '121212-1212',
      'organisationsnummer "121212-1212" must have a third digit of at least 2 (this looks like a personnummer)',
    ],
    [
      '052000-0003',
      'organisationsnummer "052000-0003" must not start with 0 (the first digit is the legal-form group 1–9)',
    ],
  ])('rejects %j', (input, error) => {
    expect(parseOrganisationsnummer(input)).toEqual({ ok: false, error });
  });

  const validBase = fc
    .tuple(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 2, max: 9 }),
      digitString(6, 6),
    )
    .map(([a, b, c, rest]) => `${a}${b}${c}${rest}`);

  it('accepts any base with its check digit, round-trips format, catches single-digit errors in the check', () => {
    fc.assert(
      fc.property(validBase, fc.nat(), fc.integer({ min: 1, max: 9 }), (base, i, delta) => {
        const nr = `${base}${luhnCheckDigit(base)}`;
        const parsed = unwrap(parseOrganisationsnummer(nr));
        expect(parseOrganisationsnummer(formatOrganisationsnummer(parsed))).toEqual({ ok: true, value: nr });
        expect(parseOrganisationsnummer(`16${formatOrganisationsnummer(parsed)}`)).toEqual({
          ok: true,
          value: nr,
        });
        expect(parseOrganisationsnummer(flipDigit(nr, i, delta)).ok).toBe(false);
      }),
    );
  });

  it('agrees with the organisationsnummer npm package on numbers whose third digit is at least 2', () => {
    // (Below 2 the package falls back to accepting personnummer; we deliberately do not.)
    const candidate = fc.oneof(
      validBase.map((b) => `${b}${luhnCheckDigit(b)}`),
      validBase.chain((b) => fc.integer({ min: 0, max: 9 }).map((c) => `${b}${c}`)),
    );
    fc.assert(
      fc.property(candidate, fc.boolean(), (nr, dash) => {
        const s = dash ? `${nr.slice(0, 6)}-${nr.slice(6)}` : nr;
        expect(parseOrganisationsnummer(s).ok).toBe(OrganisationsnummerOracle.valid(s));
      }),
      { numRuns: 500 },
    );
  });
});
