import { describe, expect, it } from 'vitest';
import { parsePercentThreshold, percentInputValue } from './threshold-input';

describe('the auto-confirm threshold as a person types it', () => {
  it('reads a percentage with a decimal comma or point, spaces and a percent sign', () => {
    expect(parsePercentThreshold('97')).toBe(0.97);
    expect(parsePercentThreshold('97,5')).toBe(0.975);
    expect(parsePercentThreshold(' 99.99 % ')).toBe(0.9999);
    expect(parsePercentThreshold('100')).toBe(1);
    expect(parsePercentThreshold('0')).toBe(0);
  });

  it('refuses what is not a percentage from 0 to 100 with at most two decimals', () => {
    for (const typed of ['', '100,01', '101', '-5', '97,555', 'abc', '0.97.1', '9 7']) {
      expect(parsePercentThreshold(typed), typed).toBeNull();
    }
  });

  it('shows the fraction back in the person’s locale', () => {
    expect(percentInputValue(0.975, 'sv-SE')).toBe('97,5');
    expect(percentInputValue(0.9999, 'en-GB')).toBe('99.99');
    expect(percentInputValue(1, 'sv-SE')).toBe('100');
  });
});
