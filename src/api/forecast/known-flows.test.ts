import { describe, expect, it } from 'vitest';
import { toEpochDay, type IsoDate } from '../../banking/dates';
import { knownAhead, knownAheadAt, knownInvoiceFlows } from './invoice-history';
import { expectedBankDay } from './known-flows';
import { invoiceHistory, type TestInvoice } from './test-histories';

const d = (s: string) => s as IsoDate;

let serial = 0;
function invoice(fields: Partial<TestInvoice> & Pick<TestInvoice, 'dueDate'>): TestInvoice {
  serial += 1;
  return {
    id: `oi_${serial}`,
    kind: 'receivable',
    counterparty: 'Kund AB',
    knownSince: d('2026-01-01'),
    paidOn: null,
    amountMinor: 100_000n,
    ...fields,
  };
}

/** The day each open invoice is expected on `origin`, by id. */
function expectedOn(invoices: TestInvoice[], origin: IsoDate): Record<string, string> {
  return Object.fromEntries(
    knownInvoiceFlows(invoiceHistory(invoices), origin).map((f) => [f.reference, f.date]),
  );
}

describe('known flows', () => {
  it("expects a late-paying customer's invoice as many bank days late as it usually paid by the origin", () => {
    const history = [
      // Kund Sen AB pays 8, 10 and 8 bank days after the due date: the median is 8.
      invoice({ counterparty: 'Kund Sen AB', dueDate: d('2026-08-31'), paidOn: d('2026-09-10') }),
      invoice({ counterparty: 'KUND SEN AB ', dueDate: d('2026-09-30'), paidOn: d('2026-10-14') }),
      invoice({ counterparty: 'Kund  Sen AB', dueDate: d('2026-10-30'), paidOn: d('2026-11-11') }),
      // Punktlig AB pays on the day.
      invoice({ counterparty: 'Punktlig AB', dueDate: d('2026-10-30'), paidOn: d('2026-10-30') }),
    ];
    const open = [
      invoice({
        id: 'late',
        counterparty: 'Kund Sen AB',
        knownSince: d('2026-11-10'),
        dueDate: d('2026-12-07'),
      }),
      invoice({
        id: 'weekend',
        counterparty: 'Kund Sen AB',
        knownSince: d('2026-11-10'),
        dueDate: d('2026-12-05'),
      }),
      invoice({
        id: 'punctual',
        counterparty: 'Punktlig AB',
        knownSince: d('2026-11-10'),
        dueDate: d('2026-12-07'),
      }),
      // A customer never seen: the median of the customers' delays (0 and 8: the lower middle, 0).
      invoice({
        id: 'new',
        counterparty: 'Ny Kund AB',
        knownSince: d('2026-11-10'),
        dueDate: d('2026-12-08'),
      }),
    ];
    const all = [...history, ...open];
    expect(
      invoiceHistory(all)
        .history.paymentDelaysAt(toEpochDay(d('2026-11-25')))
        .byCustomer.get('kund sen ab'),
    ).toBe(8);
    expect(expectedOn(all, d('2026-11-25'))).toEqual({
      // Due Monday 2026-12-07, 8 bank days later: Thursday the 17th.
      late: '2026-12-17',
      // Due on a Saturday: counted from the Monday after, when it could first be paid on time.
      weekend: '2026-12-17',
      punctual: '2026-12-07',
      new: '2026-12-08',
    });
    // On 2026-09-09 nothing had been paid yet: every customer is expected on the due date.
    expect(invoiceHistory(all).history.paymentDelaysAt(toEpochDay(d('2026-09-09'))).byCustomer.size).toBe(0);
  });

  it('without any settled invoice expects every customer on the due date or the next bank day', () => {
    const open = [invoice({ id: 'christmas', knownSince: d('2026-11-01'), dueDate: d('2026-12-24') })];
    expect(expectedOn(open, d('2026-11-25'))).toEqual({ christmas: '2026-12-28' });
  });

  it('moves a due date to the next bank day, and what is overdue to the first bank day after the origin', () => {
    expect(expectedBankDay(d('2026-12-05'), d('2026-11-25'))).toBe('2026-12-07');
    expect(expectedBankDay(d('2026-11-02'), d('2026-11-25'))).toBe('2026-11-26');
    // The origin is a Friday: an item due that day is expected on Monday.
    expect(expectedBankDay(d('2026-11-27'), d('2026-11-27'))).toBe('2026-11-30');
  });

  it('knows on a past day exactly the invoices issued by then and not yet paid', () => {
    const invoices = [
      invoice({
        id: 'paid_before',
        knownSince: d('2026-02-01'),
        dueDate: d('2026-03-03'),
        paidOn: d('2026-03-03'),
      }),
      invoice({
        id: 'open_then',
        knownSince: d('2026-02-20'),
        dueDate: d('2026-03-22'),
        paidOn: d('2026-03-23'),
      }),
      invoice({
        id: 'issued_later',
        knownSince: d('2026-03-16'),
        dueDate: d('2026-04-15'),
        paidOn: d('2026-04-15'),
      }),
      invoice({ id: 'still_open', knownSince: d('2026-03-01'), dueDate: d('2026-03-31') }),
      invoice({
        id: 'supplier',
        kind: 'payable',
        counterparty: 'Leverantör AB',
        knownSince: d('2026-03-02'),
        dueDate: d('2026-04-01'),
        paidOn: d('2026-04-01'),
        amountMinor: 40_000n,
      }),
      invoice({
        id: 'in_batch',
        kind: 'payable',
        knownSince: d('2026-03-02'),
        dueDate: d('2026-04-02'),
        inPaymentBatch: true,
      }),
      // Overdue for more than 90 days on the origin: doubtful, not counted on.
      invoice({ id: 'doubtful', knownSince: d('2025-10-01'), dueDate: d('2025-11-01') }),
    ];
    const flows = knownInvoiceFlows(invoiceHistory(invoices), d('2026-03-15'));
    expect(flows.map((f) => f.reference).sort()).toEqual(['open_then', 'still_open', 'supplier']);
    expect(flows.find((f) => f.reference === 'supplier')).toMatchObject({
      source: 'payable',
      amountMinor: -40_000n,
      date: '2026-04-01',
      counterparty: 'Leverantör AB',
    });
    // Kund AB had paid on the due date (paid_before): its open invoice is expected on its due date, a Sunday: Monday.
    expect(flows.find((f) => f.reference === 'open_then')).toMatchObject({
      amountMinor: 100_000n,
      date: '2026-03-23',
    });
  });

  it('measures how much of the flows was known how many days ahead of its expected day, over the half year before', () => {
    const invoices = [
      // Known 2026-01-01, due (and expected, Kund AB paying on the day) Monday 2026-02-02: 32 days ahead.
      invoice({
        knownSince: d('2026-01-01'),
        dueDate: d('2026-02-02'),
        paidOn: d('2026-02-02'),
        amountMinor: 300n,
      }),
      invoice({
        knownSince: d('2026-02-20'),
        dueDate: d('2026-02-25'),
        paidOn: d('2026-02-25'),
        amountMinor: 100n,
      }),
      invoice({
        kind: 'payable',
        knownSince: d('2026-01-10'),
        dueDate: d('2026-02-09'),
        paidOn: d('2026-02-09'),
        amountMinor: 50n,
      }),
      // Paid after the origin: not counted.
      invoice({
        knownSince: d('2026-02-01'),
        dueDate: d('2026-03-03'),
        paidOn: d('2026-03-03'),
        amountMinor: 999n,
      }),
    ];
    const ahead = knownAheadAt(invoiceHistory(invoices), d('2026-03-01'), () => 1);
    expect(knownAhead(ahead.inflow, 0)).toBe(400);
    expect(knownAhead(ahead.inflow, 5)).toBe(400); // the second was known 5 days ahead
    expect(knownAhead(ahead.inflow, 6)).toBe(300);
    expect(knownAhead(ahead.inflow, 32)).toBe(300);
    expect(knownAhead(ahead.inflow, 33)).toBe(0);
    expect(knownAhead(ahead.outflow, 30)).toBe(50);
    expect(knownAhead(ahead.outflow, 31)).toBe(0);
  });
});
