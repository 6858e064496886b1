import { createOcr } from '../banking/ocr';
import { addDays } from '../banking/dates';
import { bankDayOnOrAfter, unwrapDate } from './calendar';
import type { IdFactory } from './ids';
import type { DemoOpenItem, DemoPeriod } from './model';
import type { CompanyProfile } from './profiles';
import { idiv, type Rng } from './rng';
import {
  drawAmount,
  pickSkewed,
  RECEIPTS_PER_DAY,
  SUPPLIER_PAYMENTS_PER_MONTH,
  vatPartInverse,
  type PlantedReceipt,
} from './transactions';

/** Payment terms of every customer invoice: 30 days net. */
export const PAYMENT_TERMS_DAYS = 30;
/** How far ahead open items reach. */
export const HORIZON_DAYS = 90;
/** First invoice number of open-item receivables (the ledger's history stays below it). */
const OPEN_INVOICE_BASE = 8_000_000;

export interface OpenItemsResult {
  openItems: DemoOpenItem[];
  /** Receivables that were paid in the last days of the history but are still open: the match queue. */
  planted: PlantedReceipt[];
}

/**
 * Open items: customer invoices (receivables, with OCR when the company has a bankgiro) and
 * supplier invoices (payables) due within the next three months, skewed towards the near term.
 * Due dates are bank days after `period.today`; issue dates are 30 days before the due date (for
 * the far end of the horizon these are invoices the company has scheduled but not yet sent).
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
): OpenItemsResult {
  const totalWeight = profiles.reduce((acc, p) => acc + p.company.weight, 0);
  const today = unwrapDate(period.today);
  const openItems: DemoOpenItem[] = [];
  const planted: PlantedReceipt[] = [];

  profiles.forEach((p, index) => {
    const r = rng.fork(`open-items-${index}`);
    const sv = p.company.country === 'SE';
    let invoice = OPEN_INVOICE_BASE + r.int(0, 9_999);
    const channel =
      p.receiptChannels.find((c) => c.accountId === p.operatingAccountId) ?? p.receiptChannels[0];

    const receiptsPerMonth = Math.max(1, idiv(RECEIPTS_PER_DAY * 21 * p.company.weight, totalWeight));
    const inclVat = p.monthlyRevenueMinor + vatPartInverse(p.monthlyRevenueMinor, p.vatPerMille);
    const typicalReceipt = inclVat / BigInt(receiptsPerMonth);
    const receivables = p.customers.length === 0 ? 0 : idiv(receiptsPerMonth * 16, 10);
    for (let i = 0; i < receivables; i++) {
      const customer = pickSkewed(r, p.customers);
      const offset = Math.min(r.int(1, HORIZON_DAYS), r.int(1, HORIZON_DAYS));
      const dueDate = bankDayOnOrAfter(addDays(today, offset));
      invoice += 1;
      const withOcr = channel?.viaBankgiro === true && customer.usesOcr;
      openItems.push({
        id: ids.next('oi'),
        tenantId,
        companyId: p.company.id,
        externalId: `F${invoice}`,
        kind: 'receivable',
        counterpartyName: customer.name,
        reference: String(invoice),
        ocr: withOcr ? createOcr(`${p.code}${invoice}`, { withLengthDigit: true }) : null,
        amountMinor: drawAmount(r, typicalReceipt),
        currency: p.currency,
        issueDate: addDays(unwrapDate(dueDate), -PAYMENT_TERMS_DAYS),
        dueDate,
        status: 'open',
        settledMinor: 0n,
        paidOn: null,
      });
    }

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

    const paymentsPerMonth = Math.max(1, idiv(SUPPLIER_PAYMENTS_PER_MONTH * p.company.weight, totalWeight));
    const supplierInclVat = p.monthlySupplierMinor + vatPartInverse(p.monthlySupplierMinor, p.vatPerMille);
    const typicalPayable = supplierInclVat / BigInt(paymentsPerMonth);
    const payables = p.suppliers.length === 0 ? 0 : idiv(paymentsPerMonth * 15, 10);
    for (let i = 0; i < payables; i++) {
      const supplier = pickSkewed(r, p.suppliers);
      const offset = Math.min(r.int(1, HORIZON_DAYS), r.int(1, HORIZON_DAYS));
      const dueDate = bankDayOnOrAfter(addDays(today, offset));
      const theirInvoice = r.digits(r.int(5, 9), true);
      openItems.push({
        id: ids.next('oi'),
        tenantId,
        companyId: p.company.id,
        externalId: `LF-${p.code}${String(i + 1).padStart(5, '0')}`,
        kind: 'payable',
        counterpartyName: supplier.name,
        reference: sv ? `Fakt ${theirInvoice}` : `Invoice ${theirInvoice}`,
        ocr: supplier.usesOcr ? createOcr(theirInvoice, { withLengthDigit: true }) : null,
        amountMinor: drawAmount(r, typicalPayable),
        currency: p.currency,
        issueDate: addDays(unwrapDate(dueDate), -PAYMENT_TERMS_DAYS),
        dueDate,
        status: 'open',
        settledMinor: 0n,
        paidOn: null,
      });
    }
  });
  return { openItems, planted };
}
