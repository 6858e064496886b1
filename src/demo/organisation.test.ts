import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrganisationsnummer } from '../banking/organisationsnummer';
import {
  danishCvr,
  finnishBusinessId,
  isValidDanishCvr,
  isValidFinnishBusinessId,
  isValidNorwegianOrgNumber,
  norwegianOrgNumber,
  swedishOrgNumber,
} from './organisation';
import { Rng } from './rng';

describe('register ids', () => {
  it('accepts real, published ids and rejects a changed digit', () => {
    expect(isValidNorwegianOrgNumber('923609016')).toBe(true); // Equinor ASA
    expect(isValidNorwegianOrgNumber('923609017')).toBe(false);
    expect(isValidFinnishBusinessId('0112038-9')).toBe(true); // Nokia Oyj
    expect(isValidFinnishBusinessId('0112038-8')).toBe(false);
    expect(isValidDanishCvr('24256790')).toBe(true); // Novo Nordisk A/S
    expect(isValidDanishCvr('24256791')).toBe(false);
  });

  it('generates only valid ids (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = new Rng(seed);
        const se = swedishOrgNumber(rng);
        expect(parseOrganisationsnummer(se).ok).toBe(true);
        expect(se[0]).toBe('5');
        expect(isValidNorwegianOrgNumber(norwegianOrgNumber(rng))).toBe(true);
        expect(isValidDanishCvr(danishCvr(rng))).toBe(true);
        expect(isValidFinnishBusinessId(finnishBusinessId(rng))).toBe(true);
      }),
    );
  });
});
