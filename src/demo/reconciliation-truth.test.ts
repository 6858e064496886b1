import { describe, expect, it } from 'vitest';
import { generateDemoTenant } from './generate';
import type { DemoTransaction } from './model';
import { demoReconciliationTruth, GROUND_TRUTH_BANK_DAYS } from './reconciliation-truth';

const OPTIONS = { seed: 20251120, size: 'demo', today: '2025-11-20' } as const;

function truthOf(seed: number) {
  const dataset = generateDemoTenant({ ...OPTIONS, seed });
  const days: DemoTransaction[][] = [];
  for (const day of dataset.ledger()) {
    days.push(day.transactions);
    if (days.length > GROUND_TRUTH_BANK_DAYS) days.shift();
  }
  const recent = days.flat();
  return { dataset, recent, truth: demoReconciliationTruth(dataset, recent) };
}

describe('the demo reconciliation ground truth', () => {
  const { dataset, recent, truth } = truthOf(OPTIONS.seed);
  const transactions = new Map(recent.map((t) => [t.id, t]));
  const items = new Map(truth.openItems.map((i) => [i.id, i]));

  it('is the same for the same seed and differs for another', () => {
    expect(truthOf(OPTIONS.seed).truth).toEqual(truth);
    expect(truthOf(OPTIONS.seed + 1).truth.openItems[0]?.id).not.toBe(truth.openItems[0]?.id);
  });

  it('plants every kind of noise, from unreconciled payments only, each payment at most once', () => {
    const kinds = new Set(truth.truth.map((t) => t.noise));
    for (const noise of [
      'clean',
      'wrong_ocr_digit',
      'bank_fee',
      'partial_payment',
      'combined_payment',
      'own_payment',
      'supplier_invoice',
      'planted',
    ]) {
      expect(kinds, noise).toContain(noise);
    }
    const used = truth.truth.flatMap((t) => t.transactionIds);
    expect(new Set(used).size).toBe(used.length);
    for (const id of used) expect(transactions.get(id)?.reconciliationState).toBe('unreconciled');
    // Some payments have no open item at all, and some open items (lookalikes) no payment.
    const settling = recent.filter(
      (t) => t.category === 'customer_receipt' || t.category === 'supplier_payment',
    );
    expect(used.length).toBeLessThan(settling.filter((t) => t.reconciliationState === 'unreconciled').length);
    const inTruth = new Set(truth.truth.flatMap((t) => t.openItemIds));
    expect(truth.openItems.some((i) => !inTruth.has(i.id))).toBe(true);
  });

  it('derives amounts that match the noise: fees short, partial payments, combined and split payments', () => {
    for (const match of truth.truth) {
      if (match.noise === 'planted') continue;
      const paid = match.transactionIds.reduce((sum, id) => {
        const amount = transactions.get(id)?.amountMinor ?? 0n;
        return sum + (amount < 0n ? -amount : amount);
      }, 0n);
      const asked = match.openItemIds.reduce((sum, id) => sum + (items.get(id)?.amountMinor ?? 0n), 0n);
      if (match.noise === 'bank_fee') {
        expect(asked - paid).toBeGreaterThan(0n);
        expect((asked - paid) * 100n).toBeLessThanOrEqual(asked);
      } else if (match.noise === 'partial_payment') expect(asked).toBeGreaterThan(paid);
      else expect(asked).toBe(paid);
      if (match.noise === 'combined_payment') expect(match.openItemIds).toHaveLength(2);
      if (match.noise === 'split_payment') expect(match.transactionIds).toHaveLength(2);
    }
    const own = truth.truth.filter((t) => t.noise === 'own_payment');
    for (const match of own) {
      const item = items.get(match.openItemIds[0] ?? '');
      expect(item?.endToEndId).toBe(transactions.get(match.transactionIds[0] ?? '')?.endToEndId);
      expect(item?.kind).toBe('payable');
    }
    expect(dataset.planted.length).toBeGreaterThan(0);
  });
});
