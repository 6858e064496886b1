import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCurrency } from '../../banking/currency';
import { convert, parseAmount } from '../../banking/money';
import { periodCount, periodLabel, reportingPeriods } from '../../banking/periods';
import { parseIsoDate, type IsoDate } from '../../banking/dates';
import { groupPositions, type AccountPosition } from '../repositories/reporting';

/*
 * Group totals equal the sum of their parts to the öre, for random balances and rates: every SEK
 * figure of the positions report is a sum of per-account SEK values (each account converted once with
 * `convert`), whatever the grouping. And the reporting periods: ISO weeks and calendar months.
 */

function minorOf(money: { amount: string; currency: string }): bigint {
  if (!isCurrency(money.currency)) throw new Error(money.currency);
  const parsed = parseAmount(money.amount, money.currency);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function day(value: string): IsoDate {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const currencies = ['SEK', 'EUR', 'USD', 'NOK', 'DKK', 'JPY', 'KWD'] as const;
const rate = fc
  .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 999_999 }))
  .filter(([whole, frac]) => whole + frac > 0)
  .map(([whole, frac]) => `${whole}.${String(frac).padStart(6, '0')}`);

const account = fc.record({
  company: fc.constantFrom('co_aaaaaaaa', 'co_bbbbbbbb', 'co_cccccccc'),
  bic: fc.constantFrom('ESSESESS', 'HANDSESS', 'DNBANOKK'),
  currency: fc.constantFrom(...currencies),
  kind: fc.constantFrom('operating', 'cash_pool_top', 'cash_pool_sub', 'savings'),
  minor: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
});

describe('positions grouping', () => {
  it('group totals equal the sum of their parts, and the total the sum of the groups, to the öre', () => {
    fc.assert(
      fc.property(
        fc.array(account, { minLength: 0, maxLength: 40 }),
        fc.record({ EUR: rate, USD: rate, NOK: rate, DKK: rate, JPY: rate, KWD: rate }),
        fc.constantFrom('company', 'bank', 'currency', 'account' as const),
        (accounts, rates, groupBy) => {
          const items: AccountPosition[] = accounts.map((a, i) => ({
            account: {
              id: `acct_${String(i).padStart(8, '0')}`,
              name: `Konto ${i}`,
              company_id: a.company,
              company_name: a.company.toUpperCase(),
              bank_name: a.bic.slice(0, 4),
              bic: a.bic,
              currency: a.currency,
              kind: a.kind,
              cash_pool_top_id: a.kind === 'cash_pool_sub' ? 'acct_00000000' : null,
            },
            balanceDate: '2026-12-30',
            minor: a.minor,
            sekMinor: a.currency === 'SEK' ? a.minor : convert(a.minor, a.currency, 'SEK', rates[a.currency]),
          }));
          const result = groupPositions(items, groupBy);
          let sumOfGroups = 0n;
          let accountsSeen = 0;
          for (const group of result.groups) {
            let parts = 0n;
            for (const amount of group.amounts) parts += minorOf(amount.sek);
            expect(parts).toBe(minorOf(group.total_sek));
            sumOfGroups += minorOf(group.total_sek);
            accountsSeen += group.account_count;
          }
          expect(accountsSeen).toBe(items.length);
          expect(minorOf(result.total)).toBe(sumOfGroups);
          let byCurrency = 0n;
          for (const c of result.by_currency) byCurrency += minorOf(c.sek);
          expect(byCurrency).toBe(sumOfGroups);
          let perAccount = 0n;
          for (const item of items) perAccount += item.sekMinor;
          expect(sumOfGroups).toBe(perAccount);
          // Original-currency amounts are exact sums of the balances, per currency.
          for (const c of result.by_currency) {
            let expected = 0n;
            for (const item of items) if (item.account.currency === c.amount.currency) expected += item.minor;
            expect(minorOf(c.amount)).toBe(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reporting periods', () => {
  it('labels ISO weeks with the week-based year and calendar months', () => {
    expect(periodLabel(day('2026-12-28'), 'week')).toBe('2026-W53');
    expect(periodLabel(day('2027-01-03'), 'week')).toBe('2026-W53');
    expect(periodLabel(day('2027-01-04'), 'week')).toBe('2027-W01');
    expect(periodLabel(day('2024-12-30'), 'week')).toBe('2025-W01');
    expect(periodLabel(day('2026-02-28'), 'month')).toBe('2026-02');
    expect(reportingPeriods(day('2024-02-27'), day('2024-03-01'), 'month')).toEqual([
      { label: '2024-02', start: '2024-02-27', end: '2024-02-29' },
      { label: '2024-03', start: '2024-03-01', end: '2024-03-01' },
    ]);
  });

  it('tiles from..to without gaps or overlaps, and periodCount agrees', () => {
    const date = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.constantFrom('day', 'week', 'month' as const), (a, b, interval) => {
        const [from, to] = a <= b ? [day(a), day(b)] : [day(b), day(a)];
        const periods = reportingPeriods(from, to, interval);
        expect(periods.length).toBe(periodCount(from, to, interval));
        expect(periods[0]?.start).toBe(from);
        expect(periods.at(-1)?.end).toBe(to);
        for (let i = 1; i < periods.length; i++) {
          const prev = periods[i - 1];
          const next = periods[i];
          if (!prev || !next) continue;
          expect(prev.end < next.start).toBe(true);
          expect(
            new Date(`${next.start}T00:00:00Z`).getTime() - new Date(`${prev.end}T00:00:00Z`).getTime(),
          ).toBe(86_400_000);
          expect(prev.label).not.toBe(next.label);
          expect(periodLabel(next.end, interval)).toBe(next.label);
        }
      }),
      { numRuns: 200 },
    );
  });
});
