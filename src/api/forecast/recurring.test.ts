import { describe, expect, it } from 'vitest';
import { bankDayOnOrAfter, bankDayOnOrBefore } from '../../banking/bank-days';
import { daysInMonth, isoDate, type IsoDate } from '../../banking/dates';
import { monthIndexOf } from './recurrence';
import { detectRecurring, expectedAmount, projectRecurring } from './recurring';
import { monthlyPayments } from './test-histories';

const salaryDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, 25));

describe('recurring flows', () => {
  it('recognises a monthly salary on the 25th or the bank day before, and projects it there', () => {
    // 2026-04-25 is a Saturday, 2026-10-25 a Sunday: those salaries went out on Friday the 24th / 23rd.
    const history = monthlyPayments(
      '2025-01-01' as IsoDate,
      '2026-11-25' as IsoDate,
      'salary',
      salaryDay,
      () => -500_000_00n,
    );
    expect(history.map((h) => h.date)).toContain('2026-04-24');
    const [series, ...rest] = detectRecurring(history, '2026-11-25' as IsoDate);
    expect(rest).toEqual([]);
    expect(series?.rule.id).toBe('salary_25th');
    expect(series?.everyMonths).toBe(1);
    const projected = projectRecurring(series!, '2026-11-25' as IsoDate, '2027-04-30' as IsoDate);
    // 2026-11-25 itself was paid (it is the origin); then Dec 23 (the 24th and 25th are holidays)…
    expect(projected.map((p) => p.date)).toEqual([
      '2026-12-23',
      '2027-01-25',
      '2027-02-25',
      '2027-03-25',
      '2027-04-23',
    ]);
    expect(projected.every((p) => p.amountMinor === -500_000_00n)).toBe(true);
  });

  it('moves a Skatteverket payment to the 17th in January and August', () => {
    const taxDay = (y: number, m: number) => bankDayOnOrAfter(isoDate(y, m, m === 1 || m === 8 ? 17 : 12));
    const history = monthlyPayments(
      '2025-01-01' as IsoDate,
      '2026-11-30' as IsoDate,
      'employer_tax',
      taxDay,
      () => -90_000_00n,
    );
    const [series] = detectRecurring(history, '2026-11-30' as IsoDate);
    expect(series?.rule.id).toBe('skatteverket_12th');
    const projected = projectRecurring(series!, '2026-11-30' as IsoDate, '2027-02-28' as IsoDate);
    expect(projected.map((p) => p.date)).toEqual(['2026-12-14', '2027-01-18', '2027-02-12']);
  });

  it('recognises quarterly loan interest on the last bank day of the quarter', () => {
    const lastBankDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, daysInMonth(y, m)));
    const history = monthlyPayments(
      '2025-01-01' as IsoDate,
      '2026-11-25' as IsoDate,
      'loan_interest',
      lastBankDay,
      () => -12_345_67n,
    ).filter((p) => Number(p.date.slice(5, 7)) % 3 === 0);
    const [series] = detectRecurring(history, '2026-11-25' as IsoDate);
    expect(series?.everyMonths).toBe(3);
    expect(series?.rule.id).toBe('last_bank_day');
    const projected = projectRecurring(series!, '2026-11-25' as IsoDate, '2027-07-31' as IsoDate);
    expect(projected.map((p) => p.date)).toEqual(['2026-12-30', '2027-03-31', '2027-06-30']);
    expect(projected.map((p) => p.amountMinor)).toEqual([-12_345_67n, -12_345_67n, -12_345_67n]);
  });

  it("brings back last year's June holiday pay: the latest level times how June compared a year earlier", () => {
    // 100 a month, June 112 (semesterersättning); this year's level has risen to 110.
    const amount = (y: number, m: number) => {
      const level = y === 2026 ? 110_00n : 100_00n;
      return -(m === 6 ? (level * 112n) / 100n : level);
    };
    const history = monthlyPayments(
      '2025-01-01' as IsoDate,
      '2026-04-30' as IsoDate,
      'salary',
      salaryDay,
      amount,
    );
    const [series] = detectRecurring(history, '2026-04-30' as IsoDate);
    // May: level 110 (May 2025 was like its previous months). June: 110 × 112/100 = 123.20.
    expect(expectedAmount(series!, monthIndexOf('2026-05-01' as IsoDate))).toBe(-110_00n);
    expect(expectedAmount(series!, monthIndexOf('2026-06-01' as IsoDate))).toBe(-123_20n);
  });

  it('ignores what does not recur: too few payments, or no calendar rule', () => {
    const few = monthlyPayments(
      '2026-09-01' as IsoDate,
      '2026-11-25' as IsoDate,
      'rent',
      salaryDay,
      () => -1n,
    ).slice(0, 2);
    expect(detectRecurring(few, '2026-11-25' as IsoDate)).toEqual([]);
    // Days 3, 17, 9, 28, 11, … : no rule explains three quarters of them.
    const scattered = [3, 17, 9, 28, 11, 21, 6, 14, 26, 2, 19, 8].map((day, i) => ({
      accountId: 'acct_test',
      currency: 'SEK',
      category: 'rent',
      party: null,
      counterparty: null,
      intraGroup: false,
      date: bankDayOnOrAfter(isoDate(2025 + (i >= 1 ? 1 : 0), i === 0 ? 12 : i, day)),
      amountMinor: -1_000_00n,
    }));
    expect(detectRecurring(scattered, '2026-11-30' as IsoDate)).toEqual([]);
  });
});

describe('the amount of a recurring payment', () => {
  const vatDay = (y: number, m: number) => bankDayOnOrAfter(isoDate(y, m, m === 1 || m === 8 ? 17 : 12));

  it('expects of a young noisy VAT series the mean of its months, a month it paid nothing counting as zero', () => {
    // Net VAT swings with last month's turnover; in March input VAT exceeded output and nothing was paid.
    const amounts = [-100, -40, -110, 0, -90, -130, -50, -100, -60, -120, -40, -80];
    const history = monthlyPayments('2025-12-01' as IsoDate, '2026-11-30' as IsoDate, 'vat', vatDay, (y, m) =>
      BigInt((amounts[(y - 2025) * 12 + m - 12] ?? 0) * 1_000_00),
    ).filter((p) => p.amountMinor !== 0n);
    const [series] = detectRecurring(history, '2026-11-30' as IsoDate);
    expect(series?.rule.id).toBe('skatteverket_12th');
    expect(series?.amountRule).toBe('year_mean');
    const mean = amounts.reduce((a, b) => a + b, 0) / amounts.length;
    expect(expectedAmount(series!, monthIndexOf('2026-12-01' as IsoDate))).toBe(
      BigInt(Math.round(mean * 1_000_00)),
    );
    // The latest three (−120, −40, −80) would have said −80,000; the mean of the year is −76,666.67.
    expect(mean).toBeCloseTo(-76.6667, 3);
  });

  it('brings back the seasons of a noisy VAT series once it has more than a year', () => {
    // Low after the July dip, high after the December peak; this year's turnover is 20 % up on last year's.
    const lastYear = [-80, -120, -60, -90, -100, -95, -105, -40, -90, -100, -110, -130];
    const history = monthlyPayments('2025-01-01' as IsoDate, '2026-11-30' as IsoDate, 'vat', vatDay, (y, m) =>
      BigInt((lastYear[m - 1] ?? 0) * (y === 2025 ? 1_000_00 : 1_200_00)),
    );
    const [series] = detectRecurring(history, '2026-11-30' as IsoDate);
    expect(series?.amountRule).toBe('latest_with_last_year');
    // December: the latest three (September–November 2026) times December 2025 over September–November 2025.
    expect(expectedAmount(series!, monthIndexOf('2026-12-01' as IsoDate))).toBe(-130_00n * 1_200n);
  });

  it('keeps a steady salary on its latest amount with last year’s June holiday pay', () => {
    const history = monthlyPayments(
      '2025-01-01' as IsoDate,
      '2026-04-30' as IsoDate,
      'salary',
      salaryDay,
      (_y, m) => (m === 6 ? -112_00n : -100_00n),
    );
    const [series] = detectRecurring(history, '2026-04-30' as IsoDate);
    expect(series?.amountRule).toBe('latest_with_last_year');
    expect(expectedAmount(series!, monthIndexOf('2026-06-01' as IsoDate))).toBe(-112_00n);
  });
});
