import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBankDays,
  bankDayOnOrAfter,
  bankDaysBetween,
  easterSunday,
  holidayOn,
  isBankDay,
  nextBankDay,
  previousBankDay,
  swedishHolidays,
} from './bank-days';
import { addDays, fromEpochDay, isoDate, type IsoDate } from './dates';

const d = (s: string) => s as IsoDate;
/** Independent weekday check through the platform's UTC calendar. */
const utcDay = (s: string) => new Date(`${s}T00:00:00Z`).getUTCDay();

describe('Easter', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2019, '2019-04-21'],
    [2000, '2000-04-23'],
    [1818, '1818-03-22'], // earliest possible
    [1943, '1943-04-25'], // latest possible
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(utcDay(date)).toBe(0);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const e = easterSunday(year);
        expect(utcDay(e)).toBe(0);
        const md = e.slice(5);
        expect(md >= '03-22' && md <= '04-25').toBe(true);
      }),
    );
  });
});

describe('Swedish holidays', () => {
  it('lists 2026 with names', () => {
    expect(swedishHolidays(2026).map((h) => [h.date, h.name])).toEqual([
      ['2026-01-01', 'Nyårsdagen'],
      ['2026-01-06', 'Trettondedag jul'],
      ['2026-04-03', 'Långfredagen'],
      ['2026-04-05', 'Påskdagen'],
      ['2026-04-06', 'Annandag påsk'],
      ['2026-05-01', 'Första maj'],
      ['2026-05-14', 'Kristi himmelsfärdsdag'],
      ['2026-05-24', 'Pingstdagen'],
      ['2026-06-06', 'Sveriges nationaldag'],
      ['2026-06-19', 'Midsommarafton'],
      ['2026-06-20', 'Midsommardagen'],
      ['2026-10-31', 'Alla helgons dag'],
      ['2026-12-24', 'Julafton'],
      ['2026-12-25', 'Juldagen'],
      ['2026-12-26', 'Annandag jul'],
      ['2026-12-31', 'Nyårsafton'],
    ]);
    expect(holidayOn(d('2026-06-19'))?.nameEn).toBe('Midsummer Eve');
    expect(holidayOn(d('2026-06-19'))?.publicHoliday).toBe(false);
    expect(holidayOn(d('2026-06-18'))).toBeUndefined();
  });

  it('puts Midsummer Eve on the Friday 19–25 June', () => {
    expect(holidayOn(d('2026-06-19'))?.name).toBe('Midsommarafton');
    expect(holidayOn(d('2027-06-25'))?.name).toBe('Midsommarafton');
    expect(holidayOn(d('2025-06-20'))?.name).toBe('Midsommarafton');
    for (let year = 1900; year <= 2200; year++) {
      const eve = swedishHolidays(year).find((h) => h.name === 'Midsommarafton');
      expect(eve && utcDay(eve.date)).toBe(5);
      const day = Number(eve?.date.slice(8));
      expect(day >= 19 && day <= 25).toBe(true);
    }
  });

  it('has the 2026 non-bank weekdays exactly', () => {
    const closedWeekdays: string[] = [];
    for (let day = d('2026-01-01'); day <= '2026-12-31'; day = addDays(day, 1)) {
      const wd = utcDay(day);
      if (wd !== 0 && wd !== 6 && !isBankDay(day)) closedWeekdays.push(day);
    }
    expect(closedWeekdays).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-06-19',
      '2026-12-24',
      '2026-12-25',
      '2026-12-31',
    ]);
    // National Day 2026 is a Saturday; 2025's (Friday) is a closed weekday.
    expect(isBankDay(d('2025-06-06'))).toBe(false);
    expect(isBankDay(d('2026-06-05'))).toBe(true);
  });

  it('has the weekend-only holidays on weekends in every year', () => {
    for (let year = 1900; year <= 2200; year++) {
      for (const h of swedishHolidays(year)) {
        if (['Påskdagen', 'Pingstdagen', 'Midsommardagen', 'Alla helgons dag'].includes(h.name)) {
          expect([0, 6]).toContain(utcDay(h.date));
        }
      }
    }
  });
});

describe('bank-day arithmetic', () => {
  it('steps over weekends and holidays', () => {
    expect(nextBankDay(d('2026-04-02'))).toBe('2026-04-07'); // Maundy Thursday → Tuesday after Easter
    expect(bankDayOnOrAfter(d('2026-04-02'))).toBe('2026-04-02');
    expect(bankDayOnOrAfter(d('2026-04-03'))).toBe('2026-04-07');
    expect(previousBankDay(d('2026-04-07'))).toBe('2026-04-02');
    expect(nextBankDay(d('2026-12-23'))).toBe('2026-12-28');
    expect(nextBankDay(d('2026-12-30'))).toBe('2027-01-04'); // NYE, NYD, weekend
    expect(addBankDays(d('2026-06-17'), 2)).toBe('2026-06-22'); // over Midsummer Eve
    expect(addBankDays(d('2026-06-22'), -2)).toBe('2026-06-17');
    expect(addBankDays(d('2026-06-20'), 0)).toBe('2026-06-22');
    expect(addBankDays(d('2026-06-18'), 0)).toBe('2026-06-18');
    expect(bankDaysBetween(d('2026-12-23'), d('2027-01-04'))).toBe(4); // 28, 29, 30 Dec, 4 Jan
    expect(() => addBankDays(d('2026-06-18'), 1.5)).toThrow(RangeError);
  });

  const dateArb = fc.integer({ min: 0, max: 100_000 }).map(fromEpochDay); // 1970–2243
  const nArb = fc.integer({ min: -60, max: 60 });

  it('addBankDays(d, n) is a bank day, with exactly |n| bank days between d and it', () => {
    fc.assert(
      fc.property(dateArb, nArb, (date, n) => {
        const r = addBankDays(date, n);
        expect(isBankDay(r)).toBe(true);
        if (n > 0) {
          expect(r > date).toBe(true);
          expect(bankDaysBetween(date, r)).toBe(n); // bank days in (date, r]
        } else if (n < 0) {
          expect(r < date).toBe(true);
          // r is the |n|-th bank day before date: |n| − 1 bank days lie strictly between r and date, plus r itself
          expect(bankDaysBetween(r, addDays(date, -1))).toBe(-n - 1);
        }
      }),
    );
  });

  it('addBankDays(addBankDays(d, n), −n) = d for every bank day d', () => {
    fc.assert(
      fc.property(dateArb.map(bankDayOnOrAfter), nArb, (bankDay, n) => {
        expect(addBankDays(addBankDays(bankDay, n), -n)).toBe(bankDay);
      }),
    );
  });

  it('composes: addBankDays(addBankDays(d, a), b) = addBankDays(d, a + b) for a bank day d and a, b ≥ 0', () => {
    fc.assert(
      fc.property(dateArb.map(bankDayOnOrAfter), fc.nat(40), fc.nat(40), (bankDay, a, b) => {
        expect(addBankDays(addBankDays(bankDay, a), b)).toBe(addBankDays(bankDay, a + b));
      }),
    );
  });

  it('nextBankDay is strictly after, and nothing between is a bank day', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const next = nextBankDay(date);
        expect(next > date).toBe(true);
        for (let day = addDays(date, 1); day < next; day = addDays(day, 1))
          expect(isBankDay(day)).toBe(false);
        expect(isBankDay(next)).toBe(true);
      }),
    );
  });

  it('never has more than five closed days in a row (Christmas Eve on a Wednesday)', () => {
    let longest = 0;
    for (let year = 2000; year <= 2100; year++) {
      let run = 0;
      for (let day = isoDate(year, 1, 1); day <= `${year}-12-31`; day = addDays(day, 1)) {
        run = isBankDay(day) ? 0 : run + 1;
        longest = Math.max(longest, run);
      }
    }
    expect(longest).toBe(5);
    // 2025: Wed 24 – Sun 28 December
    expect(bankDaysBetween(d('2025-12-23'), d('2025-12-28'))).toBe(0);
    expect(nextBankDay(d('2025-12-23'))).toBe('2025-12-29');
  });
});
