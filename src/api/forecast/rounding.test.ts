import { describe, expect, it } from 'vitest';
import { roundMinor } from './rounding';

describe('roundMinor', () => {
  it('rounds once to a whole minor unit, half away from zero', () => {
    expect([0.5, 1.49, 1.5, -0.5, -1.5, -1.49, 0, 123456789.5].map(roundMinor)).toEqual([
      1n,
      1n,
      2n,
      -1n,
      -2n,
      -1n,
      0n,
      123456790n,
    ]);
  });

  it('refuses what is not a number', () => {
    expect(() => roundMinor(Number.NaN)).toThrow(RangeError);
    expect(() => roundMinor(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
