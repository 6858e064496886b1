import { describe, expect, it } from 'vitest';
import { bankDayOnOrAfter, bankDayOnOrBefore, isBankDay } from '../../banking/bank-days';
import { addDays, daysInMonth, isoDate, isoWeekday, type IsoDate } from '../../banking/dates';
import {
  normaliseCounterpartyAccount,
  normaliseCounterpartyName,
  recurringObservations,
  type RecurringTransactionDay,
} from './counterparties';
import { forecastScope } from './engine';
import { detectRecurring, projectRecurring, type RecurringSeries } from './recurring';
import { constructHistory } from './test-histories';

/*
 * A company's bank history as a bank file gives it: no categories, the counterparty spelt as each bank
 * and payer felt like. Rent to Vasakronan on the last bank day, a salary run on the 25th (the bank day
 * before when the 25th is not one), VAT to Skatteverket on the 12th (the 17th in January and August),
 * and payments that are not recurring: a supplier in every Tuesday and Thursday payment run, a customer
 * paying when it likes, one-off purchases, and a deposit to the landlord.
 */

const ORIGIN = '2026-11-20' as IsoDate;
const FROM = '2025-01-01' as IsoDate;
const RENT = -85_000_00n;
const SALARIES = -500_000_00n;

const lastBankDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, daysInMonth(y, m)));
const salaryDay = (y: number, m: number) => bankDayOnOrBefore(isoDate(y, m, 25));
const taxDay = (y: number, m: number) => bankDayOnOrAfter(isoDate(y, m, m === 1 || m === 8 ? 17 : 12));
/** Last month's VAT: it follows turnover, so it moves by up to ± 37 %. */
const vat = (m: number) => -(200_000_00n + BigInt(((m * 37) % 7) - 3) * 25_000_00n);

function payment(
  date: IsoDate,
  amountMinor: bigint,
  name: string | null,
  account: string | null,
  category: string | null = null,
): RecurringTransactionDay {
  return {
    accountId: 'acct_test',
    currency: 'SEK',
    category,
    intraGroup: false,
    date,
    amountMinor,
    name,
    account,
  };
}

function months(each: (y: number, m: number) => RecurringTransactionDay | null): RecurringTransactionDay[] {
  const out: RecurringTransactionDay[] = [];
  for (let y = 2025; y <= 2026; y++) {
    for (let m = 1; m <= 12; m++) {
      const p = each(y, m);
      if (p && p.date >= FROM && p.date <= ORIGIN) out.push(p);
    }
  }
  return out;
}

/** Rent, spelt three ways: name and bankgiro, the name in capitals with its legal form, the bankgiro alone. */
const rent = months((y, m) => {
  const date = lastBankDay(y, m);
  if (m % 3 === 2) return payment(date, RENT, 'VASAKRONAN AB (PUBL)', null);
  if (m % 6 === 3) return payment(date, RENT, null, '5555-1234');
  return payment(date, RENT, 'Vasakronan AB', 'BG 5555-1234');
});
const salaries = months((y, m) => payment(salaryDay(y, m), SALARIES, 'Bankgirot Löner', null));
const vatPayments = months((y, m) => payment(taxDay(y, m), vat(m), 'Skatteverket', 'BG 5050-1055'));

function everyBankDay(each: (date: IsoDate, i: number) => RecurringTransactionDay | null) {
  const out: RecurringTransactionDay[] = [];
  for (let date = FROM, i = 0; date <= ORIGIN; date = addDays(date, 1), i++) {
    if (!isBankDay(date)) continue;
    const p = each(date, i);
    if (p) out.push(p);
  }
  return out;
}
/** Paid in every Tuesday and Thursday run, the last bank day's run too: many amounts, many days. */
const supplier = everyBankDay((date, i) =>
  isoWeekday(date) === 2 || isoWeekday(date) === 4
    ? payment(date, -BigInt(10_000_00 + ((i * 7919) % 40) * 1_000_00), 'Kontorsgiganten AB', 'BG 123-4567')
    : null,
);
const customer = everyBankDay((date, i) =>
  i % 11 === 0 ? payment(date, BigInt(50_000_00 + (i % 5) * 9_000_00), 'Acme Industri AB', null) : null,
);
const oneOffs = [
  payment('2026-01-08' as IsoDate, -12_499_00n, 'IKEA Företagsförsäljning AB', null),
  payment('2026-04-21' as IsoDate, -3_250_00n, 'IKEA Företagsförsäljning AB', null),
  payment('2026-09-03' as IsoDate, -44_900_00n, 'IKEA Företagsförsäljning AB', null),
  payment('2026-03-05' as IsoDate, 2n * RENT, 'Vasakronan AB', 'BG 5555-1234'),
];

const history = recurringObservations([
  ...rent,
  ...salaries,
  ...vatPayments,
  ...supplier,
  ...customer,
  ...oneOffs,
]);

const dates = (s: RecurringSeries | undefined) =>
  s ? projectRecurring(s, ORIGIN, '2027-01-31' as IsoDate).map((f) => f.date) : [];

describe('counterparty names and accounts', () => {
  it('are compared without case, punctuation, legal form or giro prefix', () => {
    expect(normaliseCounterpartyName('VASAKRONAN AB (PUBL)')).toBe('vasakronan');
    expect(normaliseCounterpartyName('Vasakronan AB')).toBe('vasakronan');
    expect(normaliseCounterpartyName('Fastighets AB Vinterby')).toBe('fastighets vinterby');
    expect(normaliseCounterpartyAccount('BG 5050-1055')).toBe(normaliseCounterpartyAccount('5050-1055'));
  });
});

describe('recurring flows of uncategorised transactions, by counterparty', () => {
  const series = detectRecurring(history, ORIGIN);
  const find = (rule: string) => series.find((s) => s.rule.id === rule);

  it('finds the rent, the salaries and the VAT, and nothing else', () => {
    expect(series.map((s) => [s.counterparty, s.rule.id, s.everyMonths]).sort()).toEqual([
      ['Bankgirot Löner', 'salary_25th', 1],
      ['Skatteverket', 'skatteverket_12th', 1],
      ['Vasakronan AB', 'last_bank_day', 1],
    ]);
    expect(series.every((s) => s.category === null)).toBe(true);
  });

  it('projects the rent on the last bank day at its amount, the deposit left out', () => {
    const rentSeries = find('last_bank_day');
    expect(dates(rentSeries)).toEqual(['2026-11-30', '2026-12-30', '2027-01-29']);
    const projected = projectRecurring(rentSeries!, ORIGIN, '2027-01-31' as IsoDate);
    expect(projected.map((f) => f.amountMinor)).toEqual([RENT, RENT, RENT]);
    expect(rentSeries?.payments?.has('2026-03-05' as IsoDate)).toBe(false);
    // Every month's rent joined the one counterparty, however it was spelt.
    expect(rentSeries?.byMonth.size).toBe(rent.length);
  });

  it('projects the salaries on the 25th or the bank day before', () => {
    // 2026-12-25 is Christmas Day, the 24th Christmas Eve: the salaries go out on the 23rd.
    expect(dates(find('salary_25th'))).toEqual(['2026-11-25', '2026-12-23', '2027-01-25']);
    const projected = projectRecurring(find('salary_25th')!, ORIGIN, '2027-01-31' as IsoDate);
    expect(projected.every((f) => f.amountMinor === SALARIES)).toBe(true);
  });

  it('projects the VAT on the 12th, the 17th in January, at an amount within what it has been', () => {
    // 2026-12-12 is a Saturday, 2027-01-17 a Sunday.
    expect(dates(find('skatteverket_12th'))).toEqual(['2026-12-14', '2027-01-18']);
    const [december] = projectRecurring(find('skatteverket_12th')!, ORIGIN, '2027-01-31' as IsoDate);
    const paid = vatPayments.map((p) => p.amountMinor);
    expect(december!.amountMinor).toBeGreaterThanOrEqual(paid.reduce((a, b) => (a < b ? a : b)));
    expect(december!.amountMinor).toBeLessThanOrEqual(paid.reduce((a, b) => (a > b ? a : b)));
  });

  it('does not count one-off payments, payment runs or customers as series', () => {
    const names = series.map((s) => s.counterparty);
    expect(names).not.toContain('IKEA Företagsförsäljning AB');
    expect(names).not.toContain('Kontorsgiganten AB');
    expect(names).not.toContain('Acme Industri AB');
  });

  it('continues a categorised series with the uncategorised payments that follow it, once', () => {
    // Categorised until June 2026; from July the bank files, without a category and naming only the bankgiro.
    const mixed = recurringObservations(
      months((y, m) => {
        const date = lastBankDay(y, m);
        return y === 2026 && m >= 7
          ? payment(date, RENT, null, 'BG 5555-1234')
          : payment(date, RENT, 'Vasakronan AB', 'BG 5555-1234', 'rent');
      }),
    );
    const [only, ...others] = detectRecurring(mixed, ORIGIN);
    expect(others).toEqual([]);
    expect(only?.category).toBe('rent');
    const projected = projectRecurring(only!, ORIGIN, '2027-01-31' as IsoDate);
    expect(projected.map((f) => [f.date, f.amountMinor])).toEqual([
      ['2026-11-30', RENT],
      ['2026-12-30', RENT],
      ['2027-01-29', RENT],
    ]);
  });

  it('leaves the payments that are not a series to the statistical model', () => {
    const scope = constructHistory({
      from: FROM,
      to: ORIGIN,
      opening: 10_000_000_00,
      residual: () => ({ inflow: 0, outflow: 0 }),
      recurring: history,
    });
    const forecast = forecastScope(scope, {
      origin: ORIGIN,
      end: '2026-12-31' as IsoDate,
      opening: BigInt(scope.days[scope.days.length - 1]!.closing),
      toSek: (minor) => minor,
    });
    const sum = (pick: (d: (typeof forecast.days)[number]) => bigint) =>
      Number(forecast.days.reduce((acc, d) => acc + pick(d), 0n));
    // The supplier's ten runs to New Year (about 29,500 SEK each) stay in the statistical outflow; the
    // rent, the salaries and the VAT are recurring, each exactly once.
    expect(sum((d) => d.statistical.outflow)).toBeLessThan(-240_000_00);
    expect(sum((d) => d.statistical.outflow)).toBeGreaterThan(-350_000_00);
    expect(forecast.recurring.map((f) => f.date).sort()).toEqual([
      '2026-11-25',
      '2026-11-30',
      '2026-12-14',
      '2026-12-23',
      '2026-12-30',
    ]);
  });
});
