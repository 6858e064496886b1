import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../../banking/dates';
import { historyStart } from './history-query';

describe('the first day of the history the forecast reads', () => {
  it('is the first of the month three years back, the same every day of the month', () => {
    const november = (['2026-11-01', '2026-11-25', '2026-11-30'] as IsoDate[]).map(historyStart);
    expect(new Set(november)).toEqual(new Set(['2023-11-01']));
    expect(historyStart('2026-12-01' as IsoDate)).toBe('2023-12-01');
    expect(historyStart('2028-02-29' as IsoDate)).toBe('2025-02-01');
  });

  it('leaves at least two years and a year of history, so last year has its own last year', () => {
    for (let today = '2027-01-01' as IsoDate; today <= '2028-12-31'; today = addDays(today, 1)) {
      expect(historyStart(today) <= addDays(today, -(731 + 364))).toBe(true);
    }
  });
});
