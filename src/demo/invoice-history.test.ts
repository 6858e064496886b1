import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, type IsoDate } from '../banking/dates';
import { parseOcr } from '../banking/ocr';
import { collectLedger, generateDemoTenant } from './generate';
import { customerPaymentDelay, PAYMENT_NOISE_DAYS } from './invoice-history';
import type { DemoOpenItem, DemoTransaction } from './model';
import { PAYMENT_TERMS_DAYS } from './open-items';
import { demoReconciliationTruth, GROUND_TRUTH_BANK_DAYS } from './reconciliation-truth';

// The seed `npm start` seeds the demo tenant with (DEMO_SEED in src/cli/demo-bootstrap.ts).
const OPTIONS = { seed: 20_261_125, size: 'demo', today: '2025-11-20' } as const;
const dataset = generateDemoTenant(OPTIONS);
const ledger = collectLedger(dataset);
const history = ledger.paidInvoices;
const companyOfAccount = new Map(dataset.bankAccounts.map((a) => [a.id, a.companyId]));

const days = (from: string, to: string) => daysBetween(from as IsoDate, to as IsoDate);
const abs = (v: bigint) => (v < 0n ? -v : v);

/** The invoice number a receipt names: in its message, or inside its OCR (`<code><invoice><length><check>`). */
function invoiceNumberOf(t: DemoTransaction): string {
  const quoted = /(\d+)$/.exec(t.message ?? '');
  if (quoted?.[1]) return quoted[1];
  return t.ocr?.slice(2, -2) ?? '';
}

/**
 * What a payment and the invoice it paid have in common. A supplier's OCR may or may not carry a
 * length digit, so for payables paid by OCR the number is checked apart from this key.
 */
function paymentKey(t: DemoTransaction): string {
  const receivable = t.category === 'customer_receipt';
  const number = receivable ? invoiceNumberOf(t) : t.ocr === null ? invoiceNumberOf(t) : '*';
  return [
    companyOfAccount.get(t.accountId),
    t.bookingDate,
    receivable ? 'receivable' : 'payable',
    abs(t.amountMinor),
    t.currency,
    t.counterpartyName,
    t.ocr,
    number,
  ].join('|');
}

function invoiceKey(i: DemoOpenItem): string {
  const number = i.kind === 'payable' && i.ocr !== null ? '*' : i.reference;
  return [i.companyId, i.paidOn, i.kind, i.amountMinor, i.currency, i.counterpartyName, i.ocr, number].join(
    '|',
  );
}

describe('invoice history', () => {
  it('planting it changes nothing else the generator produces', () => {
    // Digests of this seed's output over everything but the open items (and the planted receipts'
    // open-item ids): unchanged since before the invoice history existed (commit 64468f9) and since
    // the open items became the ledger's continuation (issue 13). A deliberate change elsewhere in the
    // generator updates it; the history alone must never move it.
    const json = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const o of dataset.openItems) {
      expect(o.settledMinor).toBe(0n);
      expect(o.paidOn).toBeNull();
    }
    const planted = dataset.planted.map(({ openItemId: _id, ...receipt }) => receipt);
    const hash = createHash('sha256');
    hash.update(json({ ...dataset, openItems: undefined, planted, ledger: undefined }));
    for (const day of dataset.ledger())
      hash.update(json({ date: day.date, transactions: day.transactions, balances: day.balances }));
    expect(hash.digest('hex')).toBe('b492f3629c84603c38c27ae57d8acadfad33f5c82d447b449cf72e004c24245c');
  });

  it('is what the open items of today continue: as much open, issued and unpaid, as a year before', () => {
    // The forecast trusts today's open items as far as the history says open items covered the
    // coming weeks, so they must be drawn like the history's. Compared with the same day a year
    // earlier (same season), in SEK; one seed, so this allows for its noise (the tail of large amounts).
    const plantedIds = new Set(dataset.planted.map((p) => p.openItemId));
    const yearBefore = addDays(OPTIONS.today as IsoDate, -364);
    for (const kind of ['receivable', 'payable'] as const) {
      const sum = (items: DemoOpenItem[]) =>
        items
          .filter((i) => i.kind === kind && i.currency === 'SEK')
          .reduce((acc, i) => acc + i.amountMinor, 0n);
      const now = sum(
        dataset.openItems.filter((i) => !plantedIds.has(i.id) && i.issueDate! <= OPTIONS.today),
      );
      const then = sum(history.filter((i) => i.issueDate! <= yearBefore && i.paidOn! > yearBefore));
      expect(Number(now) / Number(then), kind).toBeGreaterThan(0.8);
      expect(Number(now) / Number(then), kind).toBeLessThan(1.25);
    }
  });

  it('is one settled invoice per reconciled customer receipt and supplier payment, and none for the rest', () => {
    const paid = ledger.transactions.filter(
      (t) =>
        t.reconciliationState === 'reconciled' &&
        (t.category === 'customer_receipt' || t.category === 'supplier_payment'),
    );
    expect(history).toHaveLength(paid.length);
    expect(history.length).toBeGreaterThan(10_000);
    // Equal as multisets: every invoice has its payment and every payment its invoice.
    expect(history.map(invoiceKey).sort()).toEqual(paid.map(paymentKey).sort());
    const unreconciledFrom = ledger.transactions.find((t) => t.reconciliationState !== 'reconciled');
    for (const i of history) expect(i.paidOn! < (unreconciledFrom?.bookingDate ?? '')).toBe(true);
  });

  it('carries the invoices as settled, with 30 days net terms, the payment day and valid OCRs', () => {
    for (const i of history) {
      expect(i.status).toBe('settled');
      expect(i.amountMinor > 0n).toBe(true);
      expect(i.settledMinor).toBe(i.amountMinor);
      expect(days(i.issueDate ?? '', i.dueDate)).toBe(PAYMENT_TERMS_DAYS);
      if (i.ocr !== null) expect(parseOcr(i.ocr).ok, i.ocr).toBe(true);
      if (i.kind === 'payable') {
        // We pay our suppliers on the due date.
        expect(i.dueDate).toBe(i.paidOn);
        if (i.ocr !== null) expect([1, 2]).toContain(i.ocr.length - (i.reference ?? '').length);
        if (i.ocr !== null) expect(i.ocr.startsWith(i.reference ?? '-')).toBe(true);
      }
    }
  });

  it('has every customer pay by its own habit: the same delay, give or take a few days, on every invoice', () => {
    const late = new Map<string, number[]>();
    for (const i of history) {
      if (i.kind !== 'receivable') continue;
      const list = late.get(i.counterpartyName) ?? [];
      list.push(days(i.dueDate, i.paidOn ?? ''));
      late.set(i.counterpartyName, list);
    }
    const habits: number[] = [];
    for (const [customer, observed] of late) {
      const delay = customerPaymentDelay(OPTIONS.seed, customer);
      habits.push(delay);
      expect(delay).toBeGreaterThanOrEqual(-3);
      expect(delay).toBeLessThanOrEqual(15);
      for (const d of observed) {
        expect(d, customer).toBeGreaterThanOrEqual(delay + PAYMENT_NOISE_DAYS.min);
        expect(d, customer).toBeLessThanOrEqual(delay + PAYMENT_NOISE_DAYS.max);
      }
    }
    // Most customers pay up to five days late; some early, a few are chronic late payers.
    expect(habits.length).toBeGreaterThan(200);
    expect(habits.filter((d) => d >= 0 && d <= 5).length).toBeGreaterThan(habits.length * 0.6);
    expect(habits.filter((d) => d < 0).length).toBeGreaterThan(habits.length * 0.04);
    expect(habits.filter((d) => d >= 8).length).toBeGreaterThan(habits.length * 0.04);
  });

  it('has ids and external ids of its own: unique, and apart from the open items and the match queue', () => {
    // The match queue's open items, derived from the last bank days as the seeder does.
    const recentDays = new Set(
      [...new Set(ledger.transactions.map((t) => t.bookingDate))].slice(-GROUND_TRUTH_BANK_DAYS),
    );
    const truth = demoReconciliationTruth(
      dataset,
      ledger.transactions.filter((t) => recentDays.has(t.bookingDate)),
    );
    const everything = [...dataset.openItems, ...truth.openItems, ...history];
    expect(new Set(everything.map((i) => i.id)).size).toBe(everything.length);
    expect(new Set(everything.map((i) => `${i.companyId}|${i.externalId}`)).size).toBe(everything.length);
    for (const i of history) {
      expect(i.externalId.startsWith('H-')).toBe(true);
      expect(i.tenantId).toBe(dataset.tenant.id);
    }
  });

  it('is the same on every iteration of the ledger', () => {
    expect(collectLedger(dataset).paidInvoices).toEqual(history);
  });
});
