import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOcr, parseOcr } from './ocr';
import { digitString, flipDigit } from './test-arbitraries';

describe('OCR references', () => {
  it('builds references with a length digit and a check digit', () => {
    // 1234567890 + length digit 2 (12 digits in all) + Luhn check digit 3
    expect(createOcr('1234567890', { withLengthDigit: true })).toBe('123456789023');
    // 12345 + check digit 5
    expect(createOcr('12345', { withLengthDigit: false })).toBe('123455');
    // 22 digits + length + check = 24 → length digit 4
    expect(createOcr('1234567890123456789012', { withLengthDigit: true }).slice(-2, -1)).toBe('4');
  });

  it('parses with and without the length-digit rule', () => {
    expect(parseOcr('123456789023', { lengthDigit: true })).toEqual({ ok: true, value: '123456789023' });
    expect(parseOcr('1234 5678 9023')).toEqual({ ok: true, value: '123456789023' });
    expect(parseOcr('123455')).toEqual({ ok: true, value: '123455' });
    // Luhn-valid but its second-last digit 5 is not its length 6
    expect(parseOcr('123455', { lengthDigit: true })).toEqual({
      ok: false,
      error: 'OCR reference length digit is wrong: 5, but the reference has 6 digits (expected 6)',
    });
  });

  it.each([
    ['', 'OCR reference is empty'],
    ['1', 'OCR reference "1" must have 2 to 25 digits, not 1'],
    [
      '12345678901234567890123456',
      'OCR reference "12345678901234567890123456" must have 2 to 25 digits, not 26',
    ],
    ['123-455', 'OCR reference "123-455" may contain only digits'],
    ['123456', 'OCR reference check digit is wrong'],
  ])('rejects %j', (input, error) => {
    expect(parseOcr(input)).toEqual({ ok: false, error });
  });

  it('refuses to build references that are too long', () => {
    expect(() => createOcr('1'.repeat(24), { withLengthDigit: true })).toThrow(RangeError);
    expect(createOcr('1'.repeat(24), { withLengthDigit: false })).toHaveLength(25);
    expect(() => createOcr('12a', { withLengthDigit: false })).toThrow(RangeError);
  });

  it('createOcr output always parses, and any single-digit change is caught', () => {
    fc.assert(
      fc.property(
        digitString(1, 23),
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (base, withLengthDigit, i, delta) => {
          const ocr = createOcr(base, { withLengthDigit });
          expect(ocr.startsWith(base)).toBe(true);
          expect(parseOcr(ocr, { lengthDigit: withLengthDigit })).toEqual({ ok: true, value: ocr });
          if (withLengthDigit) expect(Number(ocr.at(-2))).toBe(ocr.length % 10);
          expect(parseOcr(flipDigit(ocr, i, delta), { lengthDigit: withLengthDigit }).ok).toBe(false);
        },
      ),
    );
  });
});
