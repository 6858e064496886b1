import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLuhnValid, isMod11Valid, luhnCheckDigit } from './checksum';
import { digitString, flipDigit } from './test-arbitraries';

describe('Luhn', () => {
  it('matches the textbook example 7992739871 → 3', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
  });

  it('accepts any payload with its computed check digit and catches every single-digit error', () => {
    fc.assert(
      fc.property(digitString(1, 30), fc.nat(), fc.integer({ min: 1, max: 9 }), (payload, index, delta) => {
        const full = `${payload}${luhnCheckDigit(payload)}`;
        expect(isLuhnValid(full)).toBe(true);
        expect(isLuhnValid(flipDigit(full, index, delta))).toBe(false);
      }),
    );
  });
});

describe('mod 11 (Bankgirot weights 1..10 from the right)', () => {
  it('validates known account digits', () => {
    // SEB 5839 8257466 (comment 1: last three clearing digits + account)
    expect(isMod11Valid('8398257466')).toBe(true);
    expect(isMod11Valid('8398257467')).toBe(false);
  });

  it('catches every single-digit error within ten digits', () => {
    // Weights 1..10 are all non-zero mod 11, so changing one digit changes the sum mod 11.
    fc.assert(
      fc.property(digitString(10, 10), fc.nat(), fc.integer({ min: 1, max: 9 }), (s, index, delta) => {
        if (!isMod11Valid(s)) return;
        expect(isMod11Valid(flipDigit(s, index, delta))).toBe(false);
      }),
      { numRuns: 2000 }, // about one in eleven random strings is valid
    );
  });
});
