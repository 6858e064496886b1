import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlusgiro, parsePlusgiro, plusgiroWithCheckDigit, type Plusgiro } from './plusgiro';
import { unwrap } from './result';
import { flipDigit } from './test-arbitraries';

describe('parsePlusgiro', () => {
  it('accepts published numbers and writes them as Plusgirot does', () => {
    // Radiohjälpen 90 19 50-6, WaterAid 90 01 62-9
    expect(formatPlusgiro(unwrap(parsePlusgiro('90 19 50-6')))).toBe('90 19 50-6');
    expect(formatPlusgiro(unwrap(parsePlusgiro('9001629')))).toBe('90 01 62-9');
    expect(parsePlusgiro('901950-6')).toEqual({ ok: true, value: '9019506' });
  });

  it('groups pairs from the right with a dash before the check digit', () => {
    expect(formatPlusgiro('18' as Plusgiro)).toBe('1-8');
    expect(formatPlusgiro('125' as Plusgiro)).toBe('12-5');
    expect(formatPlusgiro('412345' as Plusgiro)).toBe('4 12 34-5');
    expect(formatPlusgiro('12345674' as Plusgiro)).toBe('1 23 45 67-4');
  });

  it.each([
    ['', 'plusgiro number is empty'],
    ['90 19 50-7', 'plusgiro check digit is wrong'],
    ['1', 'plusgiro number "1" must have 2 to 8 digits, not 1'],
    ['123456789', 'plusgiro number "123456789" must have 2 to 8 digits, not 9'],
    ['0018', 'plusgiro number "0018" must not start with 0'],
    ['PG 18', 'plusgiro number "PG 18" may contain only digits, spaces and a dash'],
  ])('rejects %j', (input, error) => {
    expect(parsePlusgiro(input)).toEqual({ ok: false, error });
  });

  it('accepts any base with its check digit, round-trips format, rejects single-digit errors', () => {
    const base = fc.integer({ min: 1, max: 9_999_999 }).map(String);
    fc.assert(
      fc.property(base, fc.nat(), fc.integer({ min: 1, max: 9 }), (b, i, delta) => {
        const pg = plusgiroWithCheckDigit(b);
        expect(parsePlusgiro(formatPlusgiro(pg))).toEqual({ ok: true, value: pg });
        const changed = flipDigit(pg, i, delta);
        const parsed = parsePlusgiro(changed);
        expect(parsed.ok).toBe(false);
      }),
    );
  });
});
