import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankgiroWithCheckDigit, formatBankgiro, parseBankgiro, type Bankgiro } from './bankgiro';
import { luhnCheckDigit } from './checksum';
import { unwrap } from './result';
import { digitString, flipDigit } from './test-arbitraries';

describe('parseBankgiro', () => {
  it("accepts Bankgirot's test number 5050-1055 in any spelling", () => {
    for (const s of ['5050-1055', '50501055', '5050 1055', ' 5050-1055 ']) {
      expect(parseBankgiro(s)).toEqual({ ok: true, value: '50501055' });
    }
    expect(formatBankgiro(unwrap(parseBankgiro('50501055')))).toBe('5050-1055');
  });

  it('accepts and formats 7-digit numbers as 3-4', () => {
    // 900-1629 (WaterAid's published bankgiro)
    expect(parseBankgiro('900-1629')).toEqual({ ok: true, value: '9001629' });
    expect(formatBankgiro('9001629' as Bankgiro)).toBe('900-1629');
  });

  it.each([
    ['', 'bankgiro number is empty'],
    ['5050-1056', 'bankgiro check digit is wrong'],
    ['505-010', 'bankgiro number "505-010" must have 7 or 8 digits, not 6'],
    ['505010551', 'bankgiro number "505010551" must have 7 or 8 digits, not 9'],
    ['5050/1055', 'bankgiro number "5050/1055" may contain only digits, spaces and a dash'],
  ])('rejects %j', (input, error) => {
    expect(parseBankgiro(input)).toEqual({ ok: false, error });
  });

  it('accepts every base with its check digit, rejects every single-digit change, and round-trips format', () => {
    fc.assert(
      fc.property(digitString(6, 7), fc.nat(), fc.integer({ min: 1, max: 9 }), (base, i, delta) => {
        const bg = bankgiroWithCheckDigit(base);
        expect(bg).toBe(`${base}${luhnCheckDigit(base)}`);
        expect(parseBankgiro(bg)).toEqual({ ok: true, value: bg });
        expect(parseBankgiro(formatBankgiro(bg))).toEqual({ ok: true, value: bg });
        expect(parseBankgiro(flipDigit(bg, i, delta))).toEqual({
          ok: false,
          error: 'bankgiro check digit is wrong',
        });
      }),
    );
  });
});
