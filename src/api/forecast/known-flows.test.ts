import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../banking/dates';
import { expectedBankDay, expectedReceiptDate, learnPaymentDelays } from './known-flows';

const d = (s: string) => s as IsoDate;

describe('known flows', () => {
  it("expects a late-paying customer's invoice as late as it usually pays, on a bank day", () => {
    const delays = learnPaymentDelays([
      // Kund Sen AB pays 10, 14 and 12 days late: the median is 12.
      { counterparty: 'Kund Sen AB', dueDate: d('2026-08-31'), paidDate: d('2026-09-10') },
      { counterparty: 'KUND SEN AB ', dueDate: d('2026-09-30'), paidDate: d('2026-10-14') },
      { counterparty: 'Kund  Sen AB', dueDate: d('2026-10-30'), paidDate: d('2026-11-11') },
      // Punktlig AB pays on the day.
      { counterparty: 'Punktlig AB', dueDate: d('2026-10-30'), paidDate: d('2026-10-30') },
    ]);
    expect(delays.byCustomer.get('kund sen ab')).toBe(12);
    // Due Monday 2026-12-07 + 12 days = Saturday the 19th: expected Monday the 21st.
    expect(expectedReceiptDate(d('2026-12-07'), 'Kund Sen AB', delays, d('2026-11-25'))).toBe('2026-12-21');
    expect(expectedReceiptDate(d('2026-12-07'), 'Punktlig AB', delays, d('2026-11-25'))).toBe('2026-12-07');
    // A customer never seen: the median of the customers' delays (0 and 12: the lower middle, 0).
    expect(delays.fallback).toBe(0);
    expect(expectedReceiptDate(d('2026-12-08'), 'Ny Kund AB', delays, d('2026-11-25'))).toBe('2026-12-08');
  });

  it('without any settled invoice expects every customer on the due date', () => {
    const delays = learnPaymentDelays([]);
    expect(delays.fallback).toBe(0);
    expect(expectedReceiptDate(d('2026-12-24'), 'Kund AB', delays, d('2026-11-25'))).toBe('2026-12-28');
  });

  it('moves a due date to the next bank day, and what is overdue to the first bank day after the origin', () => {
    expect(expectedBankDay(d('2026-12-05'), d('2026-11-25'))).toBe('2026-12-07');
    expect(expectedBankDay(d('2026-11-02'), d('2026-11-25'))).toBe('2026-11-26');
    // The origin is a Friday: an item due that day is expected on Monday.
    expect(expectedBankDay(d('2026-11-27'), d('2026-11-27'))).toBe('2026-11-30');
  });
});
