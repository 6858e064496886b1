import { describe, expect, it } from 'vitest';
import {
  bic8,
  bicBranch,
  bicCountry,
  bicForSwedishBankCode,
  KNOWN_BANKS,
  knownBankForBic,
  parseBic,
} from './bic';
import { unwrap } from './result';

describe('BIC', () => {
  it.each([
    'ESSESESS',
    'HANDSESS',
    'SWEDSESS',
    'NDEASESS',
    'DABASESX',
    'NDEANOKK',
    'DNBANOKK',
    'DABADKKK',
    'NDEAFIHH',
    'OKOYFIHH',
    'HANDNOKK',
    'SWEDNOKK',
    'DEUTDEFF',
    'COBADEFF',
    'CHASUS33',
    'BOFAUS3N',
  ])('accepts and knows %s', (bic) => {
    const parsed = unwrap(parseBic(bic));
    expect(knownBankForBic(parsed)?.bic).toBe(bic);
    expect(bicCountry(parsed)).toBe(bic.slice(4, 6));
  });

  it('accepts 11-character BICs and normalises case', () => {
    const bic = unwrap(parseBic('esse se ss xxx'));
    expect(bic).toBe('ESSESESSXXX');
    expect(bic8(bic)).toBe('ESSESESS');
    expect(bicBranch(bic)).toBe('XXX');
    expect(bicBranch(unwrap(parseBic('DEUTDEFF500')))).toBe('500');
    expect(bicBranch(unwrap(parseBic('DEUTDEFF')))).toBeUndefined();
    expect(knownBankForBic(bic)?.name).toBe('SEB');
  });

  it.each([
    ['', 'BIC is empty'],
    ['ESSESES', 'BIC "ESSESES" must have 8 or 11 characters, not 7'],
    ['ESSESESSX', 'BIC "ESSESESSX" must have 8 or 11 characters, not 9'],
    ['ES5ESESS', 'BIC "ES5ESESS" must start with a four-letter bank code'],
    ['ESSE5ESS', 'BIC "ESSE5ESS" must have a two-letter country code in positions 5–6'],
    ['ESSESES_', 'BIC "ESSESES_" must have a two-character location code in positions 7–8'],
    ['ESSESESSXX_', 'BIC "ESSESESSXX_" must have a three-character branch code in positions 9–11'],
  ])('rejects %j', (input, error) => {
    expect(parseBic(input)).toEqual({ ok: false, error });
  });

  it('maps Swedish IBAN bank codes to BICs', () => {
    expect(bicForSwedishBankCode('500')).toBe('ESSESESS');
    expect(bicForSwedishBankCode('600')).toBe('HANDSESS');
    expect(bicForSwedishBankCode('800')).toBe('SWEDSESS');
    expect(bicForSwedishBankCode('300')).toBe('NDEASESS');
    expect(bicForSwedishBankCode('120')).toBe('DABASESX');
    expect(bicForSwedishBankCode('999')).toBeUndefined();
    expect(bicForSwedishBankCode('toString')).toBeUndefined();
  });

  it('lists only well-formed, unique BICs', () => {
    const seen = new Set<string>();
    for (const bank of KNOWN_BANKS) {
      expect(parseBic(bank.bic)).toEqual({ ok: true, value: bank.bic });
      expect(bank.bic.slice(4, 6)).toBe(bank.country);
      expect(seen.has(bank.bic)).toBe(false);
      seen.add(bank.bic);
    }
  });
});
