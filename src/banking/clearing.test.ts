import { describe, expect, it } from 'vitest';
import { bankForClearing, CLEARING_RANGES, formatClearing, parseClearing } from './clearing';

describe('clearing numbers', () => {
  it.each([
    ['5000', 'SEB'],
    ['9120', 'SEB'],
    ['6789', 'Handelsbanken'],
    ['7000', 'Swedbank'],
    ['8327', 'Swedbank'],
    ['3300', 'Nordea (personkonto)'],
    ['3782', 'Nordea (personkonto)'],
    ['3409', 'Länsförsäkringar Bank'],
    ['3410', 'Nordea'], // the kontonummer package says Länsförsäkringar here
    ['1234', 'Danske Bank'],
    ['9180', 'Danske Bank'],
    ['9789', 'Klarna Bank'],
    ['9960', 'Nordea (Plusgirot)'],
  ])('%s belongs to %s', (clearing, bankName) => {
    expect(bankForClearing(clearing)?.bankName).toBe(bankName);
  });

  it('has sorted, non-overlapping ranges', () => {
    for (let i = 1; i < CLEARING_RANGES.length; i++) {
      const prev = CLEARING_RANGES[i - 1];
      const cur = CLEARING_RANGES[i];
      expect(prev && cur && prev.to < cur.from && cur.from <= cur.to).toBe(true);
    }
  });

  it('completes and checks Swedbank five-digit clearing numbers (8327-9)', () => {
    expect(parseClearing('8327-9')).toMatchObject({ ok: true, value: { clearing: '83279' } });
    expect(parseClearing('83279')).toMatchObject({ ok: true, value: { clearing: '83279' } });
    expect(parseClearing('8327')).toMatchObject({ ok: true, value: { clearing: '83279' } });
    expect(parseClearing('8424-4')).toMatchObject({ ok: true, value: { clearing: '84244' } });
    expect(parseClearing('8327-8')).toEqual({
      ok: false,
      error: 'clearing number 8327-8 check digit is wrong (expected 8327-9)',
    });
    expect(formatClearing('83279')).toBe('8327-9');
    expect(formatClearing('5000')).toBe('5000');
  });

  it.each([
    ['', 'clearing number is empty'],
    ['1000', 'clearing number 1000 belongs to no known bank'],
    ['9999', 'clearing number 9999 belongs to no known bank'],
    ['50001', `clearing number "50001" has 5 digits, but only Swedbank's 8xxx-x clearing numbers do`],
    ['500', 'clearing number "500" must have 4 digits (5 for Swedbank 8xxx-x), not 3'],
    ['50a0', 'clearing number "50a0" may contain only digits and a dash'],
  ])('rejects %j', (input, error) => {
    expect(parseClearing(input)).toEqual({ ok: false, error });
  });
});
