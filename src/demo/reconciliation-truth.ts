import { addDays, type IsoDate } from '../banking/dates';
import { createOcr } from '../banking/ocr';
import { IdFactory } from './ids';
import type { DemoDataset, DemoOpenItem, DemoPlantedReceipt, DemoTransaction } from './model';
import { Rng } from './rng';

/** How many of the last bank days' customer receipts and supplier payments get open items. */
export const GROUND_TRUTH_BANK_DAYS = 20;

/** Which transactions settle which open items: what a perfect matching engine would find. */
export interface GroundTruthMatch {
  openItemIds: string[];
  transactionIds: string[];
  /** How the payment relates to its invoices; `clean` when nothing is in the way. */
  noise: GroundTruthNoise;
}

export type GroundTruthNoise =
  | 'clean'
  | 'missing_ocr'
  | 'wrong_ocr_digit'
  | 'bank_fee'
  | 'partial_payment'
  | 'combined_payment'
  | 'split_payment'
  | 'own_payment'
  | 'supplier_invoice'
  | 'planted';

/** An open item of the ground truth; a payment of our own carries its end-to-end id. */
export interface TruthOpenItem extends DemoOpenItem {
  endToEndId: string | null;
}

export interface ReconciliationTruth {
  /** Open items derived from the booked payments (settled by them), plus unpaid lookalikes. */
  openItems: TruthOpenItem[];
  truth: GroundTruthMatch[];
}

/** A customer receipt's invoice number, from its OCR (`<code><invoice><length><check>`) or its message. */
function invoiceNumberOf(t: DemoTransaction): string | null {
  const quoted = /(\d{4,})\s*$/.exec(t.message ?? '');
  if (quoted?.[1]) return quoted[1];
  if (t.ocr !== null && t.ocr.length > 4) return t.ocr.slice(0, -2);
  return null;
}

/** The same digits with one changed: the typo a payer makes when keying an OCR reference. */
function withWrongDigit(rng: Rng, digits: string): string {
  const at = rng.int(0, digits.length - 1);
  const old = Number(digits[at]);
  const replacement = (old + rng.int(1, 9)) % 10;
  return `${digits.slice(0, at)}${replacement}${digits.slice(at + 1)}`;
}

/** The first entry after `index` that `accept` admits, looking at most 200 entries ahead. */
function findAfter<T>(list: readonly T[], index: number, accept: (entry: T) => boolean): T | undefined {
  for (let i = index + 1; i < Math.min(list.length, index + 201); i++) {
    const entry = list[i];
    if (entry !== undefined && accept(entry)) return entry;
  }
  return undefined;
}

function feeFor(amount: bigint, currency: string): bigint {
  const cap = currency === 'SEK' || currency === 'NOK' || currency === 'DKK' ? 150_00n : 15_00n;
  const onePercent = amount / 100n;
  const fee = onePercent < cap ? onePercent : cap;
  return fee > 0n ? fee : 1n;
}

/**
 * Derives open items, with their ground truth, from customer receipts and supplier payments the
 * ledger has already booked (the transactions are never changed), with the noise real data has: a
 * payment without the invoice's OCR, an OCR keyed with a wrong digit, a bank fee deducted, an invoice
 * paid in part, one payment for two invoices, two payments for one invoice, our own supplier payments
 * carrying their end-to-end id, unrelated lookalike invoices (same customer and amount, unpaid) and
 * payments with no open item at all. The planted receipts of the open items are part of the truth too.
 * Deterministic for a seed.
 */
export function deriveReconciliationTruth(input: {
  seed: number;
  idNamespace: string;
  tenantId: string;
  /** account id → company id */
  companyOfAccount: ReadonlyMap<string, string>;
  /** Booked transactions to derive from, in booking order. */
  transactions: readonly DemoTransaction[];
  planted: readonly DemoPlantedReceipt[];
  /** Put before the invoice numbers, so that several derivations for one tenant do not collide. */
  externalIdPrefix?: string;
}): ReconciliationTruth {
  const rng = new Rng(input.seed, 'finvis-demo/reconciliation-truth');
  const ids = new IdFactory(input.seed, `${input.idNamespace}#reconciliation`);
  const openItems: TruthOpenItem[] = [];
  const truth: GroundTruthMatch[] = [];
  const used = new Set<string>();

  // The planted receipts: open receivables whose payments the ledger booked.
  for (const p of input.planted) {
    const paid = input.transactions.find(
      (t) =>
        !used.has(t.id) &&
        t.bookingDate === p.date &&
        t.accountId === p.accountId &&
        t.amountMinor === p.amountMinor &&
        t.counterpartyName === p.counterpartyName &&
        t.ocr === p.ocr,
    );
    if (!paid) continue;
    used.add(paid.id);
    truth.push({ openItemIds: [p.openItemId], transactionIds: [paid.id], noise: 'planted' });
  }

  // Only what nobody has reconciled yet: the generator marks the older history reconciled.
  const settling = input.transactions.filter(
    (t) =>
      !used.has(t.id) &&
      t.reconciliationState === 'unreconciled' &&
      (t.category === 'customer_receipt' || t.category === 'supplier_payment'),
  );
  let sequence = 0;
  const item = (t: DemoTransaction, fields: Partial<TruthOpenItem>): TruthOpenItem => {
    sequence += 1;
    const companyId = input.companyOfAccount.get(t.accountId);
    if (!companyId) throw new Error(`no company for account ${t.accountId}`);
    const amount = t.amountMinor < 0n ? -t.amountMinor : t.amountMinor;
    const dueDate = addDays(t.bookingDate as IsoDate, rng.int(-6, 4));
    return {
      id: ids.next('oi'),
      tenantId: input.tenantId,
      companyId,
      externalId: `${input.externalIdPrefix ?? ''}${t.amountMinor > 0n ? 'KF' : 'LF'}-${String(sequence).padStart(7, '0')}`,
      kind: t.amountMinor > 0n ? 'receivable' : 'payable',
      counterpartyName: t.counterpartyName ?? 'Okänd motpart',
      reference: null,
      ocr: null,
      amountMinor: amount,
      currency: t.currency,
      issueDate: addDays(dueDate, -30),
      dueDate,
      status: 'open',
      settledMinor: 0n,
      paidOn: null,
      endToEndId: null,
      ...fields,
    };
  };
  const add = (items: TruthOpenItem[], transactions: DemoTransaction[], noise: GroundTruthNoise) => {
    openItems.push(...items);
    for (const t of transactions) used.add(t.id);
    truth.push({ openItemIds: items.map((i) => i.id), transactionIds: transactions.map((t) => t.id), noise });
  };

  for (const [index, t] of settling.entries()) {
    if (used.has(t.id)) continue;
    // Three in ten payments have no open item: the engine must leave them alone.
    if (rng.chance(30)) continue;
    if (t.amountMinor < 0n) {
      const own = t.endToEndId !== null && rng.chance(60);
      add(
        [item(t, { reference: t.message, ocr: t.ocr, endToEndId: own ? t.endToEndId : null })],
        [t],
        own ? 'own_payment' : 'supplier_invoice',
      );
      continue;
    }
    const invoice = invoiceNumberOf(t);
    const roll = rng.int(0, 99);
    if (roll < 40 || invoice === null) {
      add([item(t, { reference: invoice, ocr: t.ocr })], [t], 'clean');
    } else if (roll < 50) {
      // The invoice has an OCR; the payer sent the invoice number in the message instead.
      const ocr = t.ocr ?? createOcr(invoice, { withLengthDigit: true });
      add([item(t, { reference: invoice, ocr })], [t], t.ocr === null ? 'missing_ocr' : 'clean');
    } else if (roll < 62 && t.ocr !== null) {
      // The payer keyed the OCR with a wrong digit: it is valid, but another invoice's number.
      const ocr = createOcr(withWrongDigit(rng, t.ocr.slice(0, -2)), { withLengthDigit: true });
      add([item(t, { ocr })], [t], 'wrong_ocr_digit');
    } else if (roll < 73) {
      add(
        [
          item(t, {
            reference: invoice,
            ocr: t.ocr,
            amountMinor: t.amountMinor + feeFor(t.amountMinor, t.currency),
          }),
        ],
        [t],
        'bank_fee',
      );
    } else if (roll < 81) {
      const rest = (t.amountMinor * BigInt(rng.int(20, 150))) / 100n;
      add(
        [item(t, { reference: invoice, ocr: t.ocr, amountMinor: t.amountMinor + rest })],
        [t],
        'partial_payment',
      );
    } else if (roll < 90) {
      const first = (t.amountMinor * BigInt(rng.int(25, 75))) / 100n;
      add(
        [
          item(t, { reference: invoice, ocr: t.ocr, amountMinor: first }),
          item(t, { reference: `${invoice}1`, amountMinor: t.amountMinor - first }),
        ],
        [t],
        'combined_payment',
      );
    } else {
      const partner = findAfter(
        settling,
        index,
        (o) =>
          !used.has(o.id) &&
          o.amountMinor > 0n &&
          o.accountId === t.accountId &&
          o.counterpartyName === t.counterpartyName &&
          o.currency === t.currency,
      );
      if (partner)
        add([item(t, { amountMinor: t.amountMinor + partner.amountMinor })], [t, partner], 'split_payment');
      else add([item(t, { reference: invoice, ocr: t.ocr })], [t], 'clean');
    }
    // One receivable in eight has an unpaid lookalike: same customer, same amount, a later invoice.
    if (rng.chance(12)) {
      const lookalike = item(t, { amountMinor: t.amountMinor });
      openItems.push({ ...lookalike, dueDate: addDays(t.bookingDate as IsoDate, rng.int(20, 45)) });
    }
  }
  return { openItems, truth };
}

/** The ground truth for a seeded demo koncern, from the transactions of its last bank days. */
export function demoReconciliationTruth(
  dataset: DemoDataset,
  recentTransactions: readonly DemoTransaction[],
): ReconciliationTruth {
  return deriveReconciliationTruth({
    seed: dataset.options.seed,
    idNamespace: dataset.options.tenantName,
    tenantId: dataset.tenant.id,
    companyOfAccount: new Map(dataset.bankAccounts.map((a) => [a.id, a.companyId])),
    transactions: recentTransactions,
    planted: dataset.planted,
  });
}
