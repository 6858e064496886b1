import { describe, expect, it } from 'vitest';
import { accuracySentences, formatShare } from './accuracy-text';
import { accuracyFixture } from './test-fixtures';

const NBSP = '\u00a0';

describe('the forecast accuracy in words', () => {
  it('states the mean error and the 80 % band coverage as the issue words them, in English', () => {
    expect(accuracySentences(accuracyFixture, 'en-GB')).toEqual([
      'Last 12 months: weekly balance within 3.1% on average; 82% of weeks inside the 80% band.',
      'A seasonal-naive forecast (the same week last year) missed by 5.8% on average.',
    ]);
  });

  it('says the same in Swedish with a decimal comma and a space before the percent sign', () => {
    expect(accuracySentences(accuracyFixture, 'sv-SE')).toEqual([
      `Senaste 12 månaderna: veckosaldot inom 3,1${NBSP}% i genomsnitt; 82${NBSP}% av veckorna inom 80 %-intervallet.`,
      `En säsongsnaiv prognos (samma vecka förra året) missade med 5,8${NBSP}% i genomsnitt.`,
    ]);
  });

  it('rounds fractions to one decimal of a percent, never showing a float’s tail', () => {
    expect(formatShare(0.03192466265503107, 'en-GB')).toBe('3.2%');
    expect(formatShare(0.8856015779092702, 'sv-SE')).toBe(`88,6${NBSP}%`);
    expect(formatShare(1, 'en-GB')).toBe('100%');
  });

  it('claims nothing when no origin could be backtested', () => {
    expect(accuracySentences({ ...accuracyFixture, origins: 0, mape: 0, coverage_80: 0 }, 'en-GB')).toEqual([
      'There is not yet enough history to measure the forecast’s accuracy.',
    ]);
  });
});
