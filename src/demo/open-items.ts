import { createOcr } from '../banking/ocr';
import { addDays } from '../banking/dates';
import { isBankDay, unwrapDate } from './calendar';
import type { IdFactory } from './ids';
import { customerPaymentDelay, PAYMENT_NOISE_DAYS, PAYMENT_TERMS_DAYS } from './invoice-history';
import type { DemoOpenItem, DemoPeriod, DemoSize } from './model';
import type { CompanyProfile, Party } from './profiles';
import { idiv, type Rng } from './rng';
import {
  drawAmount,
  drawCustomerReceipts,
  drawSupplierPayments,
  isPaymentRunDay,
  pickSkewed,
  RECEIPTS_PER_DAY,
  VOLUME,
  vatPartInverse,
  type DrawnReceipt,
  type DrawnSupplierPayment,
  type PlantedReceipt,
} from './transactions';

export { PAYMENT_TERMS_DAYS };

/**
 * How far ahead the open receivables' payments are drawn. The latest customers pay 18 days after the
 * due date (delay 15 + noise 3) and an invoice issued by today is due within 30 days, so no receipt
 * after 48 days can still pay one; 60 leaves a margin should the habits change.
 */
const RECEIPTS_AHEAD_DAYS = 60;
/** Open payables: the koncern pays on the due date, and an invoice issued by today is due within 30 days. */
const PAYMENTS_AHEAD_DAYS = PAYMENT_TERMS_DAYS;
/** The retired arbitrary receivables' horizon: only their replayed draws still need it (see below). */
const RETIRED_HORIZON_DAYS = 90;
/** First invoice number of open-item receivables (the ledger's history stays below it). */
const OPEN_INVOICE_BASE = 8_000_000;

export interface OpenItemsResult {
  openItems: DemoOpenItem[];
  /** Receivables that were paid in the last days of the history but are still open: the match queue. */
  planted: PlantedReceipt[];
}

/** What the open items need beyond the parts every generator step shares. */
export interface OpenItemsInput {
  /** The dataset's seed: the customers' payment habits are keyed by it (as in the invoice history). */
  seed: number;
  size: DemoSize;
}

/** A receipt of the coming days together with the invoice it will pay. */
interface ComingReceipt extends DrawnReceipt {
  dueDate: string;
  issueDate: string;
}

/**
 * Open items as of `period.today`, continuing the ledger's own processes beyond it: the receivables
 * are the invoices of the customer receipts of the next days that have already been issued, and the
 * payables those of the next supplier payment runs. The receipts and payments are drawn exactly as
 * the ledger draws a day's (`drawCustomerReceipts`, `drawSupplierPayments`, on streams of their own
 * keyed by the date), and each gets the invoice the invoice history would have given it: a
 * receivable due its customer's delay (plus noise) before the payment, a payable due on the run
 * day, both issued 30 days before the due date. An item is open when it has been issued (issue
 * date ≤ today); that includes overdue receivables of customers who pay late. So the open items
 * cover the coming weeks the way the history says open items did, which the forecast relies on.
 *
 * Also the reconciliation ground truth: a handful of receivables due in the last two weeks whose
 * payments the ledger books (one with a wrong OCR but the invoice number in the message, one
 * paid short), left 'open' for the match queue.
 */
export function generateOpenItems(
  rng: Rng,
  ids: IdFactory,
  tenantId: string,
  profiles: readonly CompanyProfile[],
  period: DemoPeriod,
  recentBankDays: readonly string[],
  input: OpenItemsInput,
): OpenItemsResult {
  const totalWeight = profiles.reduce((acc, p) => acc + p.company.weight, 0);
  const today = unwrapDate(period.today);
  const openItems: DemoOpenItem[] = [];
  const planted: PlantedReceipt[] = [];
  const receivables = comingReceivables(rng, profiles, today, input, totalWeight);
  const payables = comingPayables(rng, profiles, today, input, totalWeight);

  profiles.forEach((p, index) => {
    const r = rng.fork(`open-items-${index}`);
    const sv = p.company.country === 'SE';
    let invoice = OPEN_INVOICE_BASE + r.int(0, 9_999);
    const channel =
      p.receiptChannels.find((c) => c.accountId === p.operatingAccountId) ?? p.receiptChannels[0];

    const receiptsPerMonth = Math.max(1, idiv(RECEIPTS_PER_DAY * 21 * p.company.weight, totalWeight));
    const inclVat = p.monthlyRevenueMinor + vatPartInverse(p.monthlyRevenueMinor, p.vatPerMille);
    const typicalReceipt = inclVat / BigInt(receiptsPerMonth);
    const retired = p.customers.length === 0 ? 0 : idiv(receiptsPerMonth * 16, 10);
    replayRetiredReceivables(r, retired, p.customers, typicalReceipt);
    invoice += retired;

    // The planted ground truth: up to three paid-but-open receivables per company with a bankgiro.
    if (channel?.viaBankgiro === true && recentBankDays.length > 0 && p.customers.length > 0) {
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) {
        const customer = pickSkewed(r, p.customers);
        const payDay = r.pick(recentBankDays);
        const dueDate = addDays(unwrapDate(payDay), r.int(-3, 2));
        invoice += 1;
        const ocr = createOcr(`${p.code}${invoice}`, { withLengthDigit: true });
        const amount = drawAmount(r, typicalReceipt);
        const item: DemoOpenItem = {
          id: ids.next('oi'),
          tenantId,
          companyId: p.company.id,
          externalId: `F${invoice}`,
          kind: 'receivable',
          counterpartyName: customer.name,
          reference: String(invoice),
          ocr,
          amountMinor: amount,
          currency: p.currency,
          issueDate: addDays(unwrapDate(dueDate), -PAYMENT_TERMS_DAYS),
          dueDate,
          status: 'open',
          settledMinor: 0n,
          paidOn: null,
        };
        openItems.push(item);
        // Variant 0: exact OCR and amount; 1: OCR missing, invoice number in the message; 2: paid short.
        const variant = i % 3;
        planted.push({
          openItemId: item.id,
          date: payDay,
          accountId: channel.accountId,
          amountMinor: variant === 2 ? amount - amount / 10n : amount,
          currency: p.currency,
          ocr: variant === 1 ? null : ocr,
          message: variant === 1 ? `Faktura ${invoice}` : null,
          counterpartyName: customer.name,
          counterpartyAccount: customer.account,
        });
      }
    }

    // Numbered in the order they were issued, as an invoicing system would have.
    const issued = (receivables[index] ?? []).sort((a, b) => a.issueDate.localeCompare(b.issueDate));
    for (const receipt of issued) {
      invoice += 1;
      const withOcr = receipt.channel.viaBankgiro && receipt.customer.usesOcr;
      openItems.push({
        id: ids.next('oi'),
        tenantId,
        companyId: p.company.id,
        externalId: `F${invoice}`,
        kind: 'receivable',
        counterpartyName: receipt.customer.name,
        reference: String(invoice),
        ocr: withOcr ? createOcr(`${p.code}${invoice}`, { withLengthDigit: true }) : null,
        amountMinor: receipt.amountMinor,
        // The receiving account's currency: a foreign-currency customer is invoiced in it (as in the history).
        currency: receipt.channel.currency,
        issueDate: receipt.issueDate,
        dueDate: receipt.dueDate,
        status: 'open',
        settledMinor: 0n,
        paidOn: null,
      });
    }

    (payables[index] ?? []).forEach(({ payment, runDay }, i) => {
      openItems.push({
        id: ids.next('oi'),
        tenantId,
        companyId: p.company.id,
        externalId: `LF-${p.code}${String(i + 1).padStart(5, '0')}`,
        kind: 'payable',
        counterpartyName: payment.supplier.name,
        reference: sv ? `Fakt ${payment.theirInvoice}` : `Invoice ${payment.theirInvoice}`,
        ocr: payment.ocr,
        amountMinor: payment.amountMinor,
        // Paid from the operating account, in the company's currency.
        currency: p.currency,
        issueDate: addDays(unwrapDate(runDay), -PAYMENT_TERMS_DAYS),
        dueDate: runDay,
        status: 'open',
        settledMinor: 0n,
        paidOn: null,
      });
    });
  });
  return { openItems, planted };
}

/**
 * Per company (in `profiles` order), the customer receipts of the bank days in
 * (today, today + RECEIPTS_AHEAD_DAYS] whose invoices have been issued by today, each with that
 * invoice's due and issue dates.
 */
function comingReceivables(
  rng: Rng,
  profiles: readonly CompanyProfile[],
  today: string,
  input: OpenItemsInput,
  totalWeight: number,
): ComingReceipt[][] {
  const volume = VOLUME[input.size];
  const delays = new Map<string, number>();
  const delayOf = (customer: Party): number => {
    let delay = delays.get(customer.name);
    if (delay === undefined) {
      delay = customerPaymentDelay(input.seed, customer.name);
      delays.set(customer.name, delay);
    }
    return delay;
  };
  const byCompany = profiles.map((): ComingReceipt[] => []);
  for (let ahead = 1; ahead <= RECEIPTS_AHEAD_DAYS; ahead++) {
    const payDay = addDays(unwrapDate(today), ahead);
    if (!isBankDay(payDay)) continue;
    // One stream per day for every company, like the ledger's day stream.
    const dayRng = rng.fork(`receivables-ahead/${payDay}`);
    profiles.forEach((p, index) => {
      for (const receipt of drawCustomerReceipts(dayRng, p, payDay, volume, totalWeight)) {
        const late = delayOf(receipt.customer) + dayRng.int(PAYMENT_NOISE_DAYS.min, PAYMENT_NOISE_DAYS.max);
        const dueDate = addDays(payDay, -late);
        const issueDate = addDays(dueDate, -PAYMENT_TERMS_DAYS);
        if (issueDate <= today) byCompany[index]?.push({ ...receipt, dueDate, issueDate });
      }
    });
  }
  return byCompany;
}

/**
 * Per company (in `profiles` order), the supplier payments of the runs in
 * (today, today + PAYMENTS_AHEAD_DAYS]: invoices due on the run day, so issued by today.
 */
function comingPayables(
  rng: Rng,
  profiles: readonly CompanyProfile[],
  today: string,
  input: OpenItemsInput,
  totalWeight: number,
): { payment: DrawnSupplierPayment; runDay: string }[][] {
  const volume = VOLUME[input.size];
  const byCompany = profiles.map((): { payment: DrawnSupplierPayment; runDay: string }[] => []);
  for (let ahead = 1; ahead <= PAYMENTS_AHEAD_DAYS; ahead++) {
    const runDay = addDays(unwrapDate(today), ahead);
    if (!isBankDay(runDay) || !isPaymentRunDay(runDay)) continue;
    const dayRng = rng.fork(`payables-ahead/${runDay}`);
    profiles.forEach((p, index) => {
      for (const payment of drawSupplierPayments(dayRng, p, runDay, volume, totalWeight))
        byCompany[index]?.push({ payment, runDay });
    });
  }
  return byCompany;
}

/**
 * The draws of the arbitrary open receivables this stream used to make before the planted ground
 * truth (replaced by `comingReceivables`, issue 13). Replaying them keeps the planted receivables,
 * and so the ledger that pays them, exactly as they were for every seed.
 */
function replayRetiredReceivables(r: Rng, count: number, customers: readonly Party[], typical: bigint): void {
  for (let i = 0; i < count; i++) {
    pickSkewed(r, customers);
    r.int(1, RETIRED_HORIZON_DAYS);
    r.int(1, RETIRED_HORIZON_DAYS);
    drawAmount(r, typical);
  }
}
