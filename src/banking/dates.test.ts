import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromEpochDay,
  isoDate,
  isoWeek,
  isoWeekday,
  parseIsoDate,
  toEpochDay,
  todayInStockholm,
  type IsoDate,
} from './dates';

const d = (s: string) => s as IsoDate;

describe('parseIsoDate', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2026-06-19')).toEqual({ ok: true, value: '2026-06-19' });
    expect(parseIsoDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseIsoDate('2000-02-29').ok).toBe(true);
    expect(parseIsoDate('2026-02-29')).toEqual({ ok: false, error: 'date 2026-02-29 does not exist' });
    expect(parseIsoDate('1900-02-29')).toEqual({ ok: false, error: 'date 1900-02-29 does not exist' });
    expect(parseIsoDate('2026-04-31').ok).toBe(false);
    expect(parseIsoDate('2026-13-01').ok).toBe(false);
    expect(parseIsoDate('2026-00-10').ok).toBe(false);
    expect(parseIsoDate('2026-6-19')).toEqual({
      ok: false,
      error: 'date "2026-6-19" is not in the form YYYY-MM-DD',
    });
    expect(parseIsoDate('2026-06-19T00:00:00Z').ok).toBe(false);
  });

  it('agrees with Date.UTC on which dates exist', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, day) => {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const probe = new Date(0);
          probe.setUTCFullYear(y, m - 1, day);
          const exists = probe.getUTCDate() === day && probe.getUTCMonth() === m - 1;
          expect(parseIsoDate(s).ok).toBe(exists);
        },
      ),
    );
  });
});

describe('day arithmetic (UTC, no time zone dependence)', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2024-02-29'), 1)).toBe('2024-03-01');
    expect(addDays(d('2025-12-31'), 1)).toBe('2026-01-01');
    expect(addDays(d('2026-03-29'), 1)).toBe('2026-03-30'); // over the Swedish DST switch
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(toEpochDay(d('1970-01-01'))).toBe(0);
    expect(fromEpochDay(-1)).toBe('1969-12-31');
    expect(addDays(d('0050-01-01'), 31)).toBe('0050-02-01');
  });

  it('numbers every day as the calendar of Date does, from year 1 to 9999', () => {
    const viaDate = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
    // Every day of 1890–2210 (the kept strings and both sides of them), and days spread over the rest.
    const wrong: number[] = [];
    for (let day = -29_220; day <= 87_660; day++) {
      if (fromEpochDay(day) !== viaDate(day) || toEpochDay(fromEpochDay(day)) !== day) wrong.push(day);
    }
    expect(wrong).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: -719_162, max: 2_932_896 }), (day) => {
        const date = fromEpochDay(day);
        expect(date).toBe(viaDate(day).replace(/^\+0*(\d{4})/, '$1'));
        expect(toEpochDay(date)).toBe(day);
      }),
    );
    expect(fromEpochDay(-719_162)).toBe('0001-01-01');
    expect(fromEpochDay(2_932_896)).toBe('9999-12-31');
    expect(toEpochDay(d('2000-02-29'))).toBe(11_016);
    expect(toEpochDay('2026-1x-01' as IsoDate)).toBeNaN();
  });

  it('addDays and daysBetween are inverse', () => {
    const dateArb = fc.integer({ min: -700_000, max: 2_900_000 }).map(fromEpochDay);
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -10_000, max: 10_000 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });

  it('knows weekdays and ISO weeks', () => {
    expect(isoWeekday(d('2026-06-19'))).toBe(5);
    expect(isoWeekday(d('2026-06-21'))).toBe(7);
    expect(isoWeekday(d('1969-12-29'))).toBe(1);
    expect(isoWeek(d('2026-01-01'))).toEqual({ year: 2026, week: 1 });
    expect(isoWeek(d('2021-01-03'))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(d('2024-12-30'))).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(d('2026-06-19'))).toEqual({ year: 2026, week: 25 });
    expect(isoWeek(d('2026-12-31'))).toEqual({ year: 2026, week: 53 });
  });

  it('builds dates and takes today in Stockholm', () => {
    expect(isoDate(2026, 6, 19)).toBe('2026-06-19');
    expect(() => isoDate(2026, 2, 30)).toThrow(RangeError);
    // 23:30 UTC on 31 Dec is already New Year in Stockholm (UTC+1)
    expect(todayInStockholm(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    // 22:30 UTC on 30 June is 00:30 on 1 July in summer time (UTC+2)
    expect(todayInStockholm(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayInStockholm(new Date('2026-06-30T21:30:00Z'))).toBe('2026-06-30');
  });
});
