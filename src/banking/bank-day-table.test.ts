import { describe, expect, it } from 'vitest';
import { addBankDays, bankDayOnOrAfter, bankDaysBetween } from './bank-days';
import { BankDayTable } from './bank-day-table';
import { addDays, fromEpochDay, toEpochDay, type IsoDate } from './dates';

describe('the bank day table', () => {
  it('answers as the calendar functions do, inside its range and outside it', () => {
    const table = new BankDayTable(toEpochDay('2026-12-01' as IsoDate), toEpochDay('2027-01-31' as IsoDate));
    // From before the range to after it, across Christmas, New Year and Epiphany.
    for (let day = '2026-11-20' as IsoDate; day <= '2027-02-10'; day = addDays(day, 1)) {
      const epoch = toEpochDay(day);
      expect(fromEpochDay(table.onOrAfter(epoch)), day).toBe(bankDayOnOrAfter(day));
      for (const n of [-3, 0, 1, 5]) {
        expect(fromEpochDay(table.add(epoch, n)), `${day} ${n}`).toBe(addBankDays(bankDayOnOrAfter(day), n));
      }
      const other = addDays(day, 9);
      expect(table.between(epoch, toEpochDay(other)), day).toBe(bankDaysBetween(day, other));
      expect(table.between(toEpochDay(other), epoch), day).toBe(bankDaysBetween(other, day));
    }
  });
});
