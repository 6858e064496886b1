import { addDays } from '../banking/dates';
import { unwrapDate } from './calendar';
import { IdFactory } from './ids';
import type { DemoOpenItem, DemoTransaction } from './model';
import type { CompanyProfile } from './profiles';
import { Rng } from './rng';

/** Payment terms of every customer and supplier invoice: 30 days net. */
export const PAYMENT_TERMS_DAYS = 30;

/** Put before the external ids of the history, so they never meet those of the open items. */
const HISTORY_PREFIX = 'H-';

/**
 * How many days after its due date a customer typically pays (negative: before it), the same for
 * every invoice of that customer and every seeding: most pay up to five days late, some a few days
 * early, a few are chronic late payers. Drawn from a stream keyed by the customer's name alone, so a
 * customer paying several companies of the koncern has one habit.
 */
export function customerPaymentDelay(seed: number, customerName: string): number {
  const rng = new Rng(seed, `finvis-demo/invoice-history/customer/${customerName}`);
  const habit = rng.weighted([
    ['early', 12],
    ['on time', 78],
    ['chronically late', 10],
  ] as const);
  if (habit === 'early') return rng.int(-3, -1);
  if (habit === 'chronically late') return rng.int(8, 15);
  return rng.int(0, 5);
}

/** How far one invoice's payment strays from its customer's habit, in days. */
export const PAYMENT_NOISE_DAYS = { min: -2, max: 3 } as const;

function counterpartyOf(payment: DemoTransaction): string {
  if (payment.counterpartyName === null) throw new Error(`payment ${payment.id} names no counterparty`);
  return payment.counterpartyName;
}

/**
 * The koncern's invoice history as its ERP would hand it over: for each customer receipt and supplier
 * payment of the already reconciled ledger, the invoice it paid, settled before Finvis saw the payment
 * (status 'settled', `paidOn` the booking day). The forecast's backtests read from it which receivables
 * and payables were known, issued but unpaid, on a past day.
 *
 * Its randomness (customers' habits, per-invoice noise) and ids come from streams of its own, so
 * planting the history changes nothing else the generator produces. One instance per ledger iteration:
 * the invoices follow the ledger's order, and every iteration yields the same history.
 */
export class InvoiceHistory {
  private readonly seed: number;
  private readonly tenantId: string;
  private readonly ids: IdFactory;
  private readonly noise: Rng;
  private readonly delays = new Map<string, number>();
  private readonly payablesByCompany = new Map<string, number>();
  private issued = 0n;

  constructor(seed: number, tenantName: string, tenantId: string) {
    this.seed = seed;
    this.tenantId = tenantId;
    this.ids = new IdFactory(seed, `${tenantName}#invoice-history`);
    this.noise = new Rng(seed, 'finvis-demo/invoice-history/noise');
  }

  /**
   * The customer invoice `invoiceNumber` that `receipt` paid: due its customer's delay (plus noise)
   * before the payment, issued with the usual 30 days net.
   */
  customerInvoice(receipt: DemoTransaction, profile: CompanyProfile, invoiceNumber: number): DemoOpenItem {
    const customer = counterpartyOf(receipt);
    let delay = this.delays.get(customer);
    if (delay === undefined) {
      delay = customerPaymentDelay(this.seed, customer);
      this.delays.set(customer, delay);
    }
    const late = delay + this.noise.int(PAYMENT_NOISE_DAYS.min, PAYMENT_NOISE_DAYS.max);
    const dueDate = addDays(unwrapDate(receipt.bookingDate), -late);
    return this.settled(receipt, profile, {
      externalId: `${HISTORY_PREFIX}F${invoiceNumber}`,
      kind: 'receivable',
      reference: String(invoiceNumber),
      dueDate,
    });
  }

  /**
   * The supplier invoice `invoiceNumber` (the supplier's own number) that `payment` paid: the
   * koncern pays its suppliers on the due date.
   */
  supplierInvoice(payment: DemoTransaction, profile: CompanyProfile, invoiceNumber: string): DemoOpenItem {
    // Suppliers' invoice numbers are theirs and may repeat across suppliers: the external id counts.
    const n = (this.payablesByCompany.get(profile.company.id) ?? 0) + 1;
    this.payablesByCompany.set(profile.company.id, n);
    return this.settled(payment, profile, {
      externalId: `${HISTORY_PREFIX}LF-${profile.code}${String(n).padStart(7, '0')}`,
      kind: 'payable',
      reference: invoiceNumber,
      dueDate: unwrapDate(payment.bookingDate),
    });
  }

  private settled(
    payment: DemoTransaction,
    profile: CompanyProfile,
    invoice: Pick<DemoOpenItem, 'externalId' | 'kind' | 'reference' | 'dueDate'>,
  ): DemoOpenItem {
    const amount = payment.amountMinor < 0n ? -payment.amountMinor : payment.amountMinor;
    const id = this.ids.at('oi', this.issued);
    this.issued += 1n;
    return {
      id,
      tenantId: this.tenantId,
      companyId: profile.company.id,
      externalId: invoice.externalId,
      kind: invoice.kind,
      counterpartyName: counterpartyOf(payment),
      reference: invoice.reference,
      ocr: payment.ocr,
      amountMinor: amount,
      // The account's currency: a receipt on a company's foreign-currency account was invoiced in it.
      currency: payment.currency,
      issueDate: addDays(unwrapDate(invoice.dueDate), -PAYMENT_TERMS_DAYS),
      dueDate: invoice.dueDate,
      status: 'settled',
      settledMinor: amount,
      paidOn: payment.bookingDate,
    };
  }
}
