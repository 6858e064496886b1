/**
 * Data for the reconciliation benchmark at scale: the demo koncern's customer receipts and supplier
 * payments cloned, with fresh ids, invoice numbers, OCRs and amounts, into as many transactions as
 * asked for, and open items derived from them by the demo's own ground-truth generator (the same
 * noise: missing and mistyped OCRs, fees, partial, combined and split payments, lookalikes), topped
 * up with unpaid future invoices.
 */
import { sql } from 'drizzle-orm';
import { addDays, type IsoDate } from '../src/banking/dates';
import { createOcr } from '../src/banking/ocr';
import type { Database } from '../src/api/db/client';
import { newId } from '../src/api/ids';
import type { DemoDataset, DemoTransaction } from '../src/demo/model';
import {
  deriveReconciliationTruth,
  type ReconciliationTruth,
  type TruthOpenItem,
} from '../src/demo/reconciliation-truth';
import { Rng } from '../src/demo/rng';

export interface ScaleData {
  transactions: DemoTransaction[];
  truth: ReconciliationTruth;
}

export function scaleData(
  dataset: DemoDataset,
  ledger: readonly DemoTransaction[],
  options: { transactions: number; openItems: number },
): ScaleData {
  const rng = new Rng(dataset.options.seed, 'bench/reconciliation');
  const templates = ledger.filter(
    (t) => t.category === 'customer_receipt' || t.category === 'supplier_payment',
  );
  const today = dataset.period.lastDay as IsoDate;
  const transactions: DemoTransaction[] = [];
  for (let k = 0; k < options.transactions; k++) {
    const template = templates[rng.int(0, templates.length - 1)];
    if (!template) throw new Error('the demo ledger has no payments to clone');
    const invoice = String(9_000_000 + k);
    const scaled = (template.amountMinor * BigInt(rng.int(50, 150))) / 100n;
    const amountMinor = scaled === 0n ? (template.amountMinor > 0n ? 100n : -100n) : scaled;
    const receipt = amountMinor > 0n;
    const withOcr = template.ocr !== null;
    const date = addDays(today, -rng.int(0, 90));
    transactions.push({
      ...template,
      id: newId('transaction'),
      bookingDate: date,
      valueDate: date,
      amountMinor,
      ocr: withOcr ? createOcr(`${receipt ? 7 : 6}${invoice}`, { withLengthDigit: true }) : null,
      message: withOcr ? null : `${receipt ? 'Faktura' : 'Fakt'} ${invoice}`,
      bankReference: `BENCH${k}`,
      endToEndId: receipt ? null : `BENCH-E2E-${k}`,
      reconciliationState: 'unreconciled',
    });
  }
  transactions.sort((a, b) => a.bookingDate.localeCompare(b.bookingDate));
  const truth = deriveReconciliationTruth({
    seed: dataset.options.seed,
    idNamespace: `${dataset.options.tenantName}/bench`,
    tenantId: dataset.tenant.id,
    companyOfAccount: new Map(dataset.bankAccounts.map((a) => [a.id, a.companyId])),
    transactions,
    planted: [],
    externalIdPrefix: 'B',
  });
  // Unpaid invoices due in the coming months make up the rest of the open items.
  const receipts = transactions.filter((t) => t.amountMinor > 0n);
  for (let k = 0; truth.openItems.length < options.openItems; k++) {
    const model = receipts[rng.int(0, receipts.length - 1)];
    const company = dataset.bankAccounts.find((a) => a.id === model?.accountId)?.companyId;
    if (!model || !company) continue;
    const due = addDays(today, rng.int(5, 90));
    const item: TruthOpenItem = {
      id: newId('openItem'),
      tenantId: dataset.tenant.id,
      companyId: company,
      externalId: `FUT-${k}`,
      kind: 'receivable',
      counterpartyName: model.counterpartyName ?? 'Kund AB',
      reference: String(5_000_000 + k),
      ocr: createOcr(`5${k}`, { withLengthDigit: true }),
      amountMinor: (model.amountMinor * BigInt(rng.int(50, 150))) / 100n + 1n,
      currency: model.currency,
      issueDate: addDays(due, -30),
      dueDate: due,
      status: 'open',
      settledMinor: 0n,
      paidOn: null,
      endToEndId: null,
    };
    truth.openItems.push(item);
  }
  return { transactions, truth };
}

const text = (values: readonly (string | null)[]) => sql`${sql.param(values)}::text[]`;
const bigints = (values: readonly bigint[]) => sql`${sql.param(values.map(String))}::bigint[]`;
const CHUNK = 5_000;

/** Inserts the scale data (as the seeder does: one array per column and statement). */
export async function insertScaleData(db: Database, data: ScaleData): Promise<void> {
  for (let i = 0; i < data.transactions.length; i += CHUNK) {
    const rows = data.transactions.slice(i, i + CHUNK);
    await db.execute(sql`
      insert into transactions (id, tenant_id, account_id, booking_date, value_date, amount_minor, currency,
        counterparty_name, ocr, message, bank_reference, end_to_end_id, category)
      select id, tenant_id, account_id, booking_date::date, value_date::date, amount_minor, currency,
        counterparty_name, ocr, message, bank_reference, end_to_end_id, category
      from unnest(${text(rows.map((r) => r.id))}, ${text(rows.map((r) => r.tenantId))},
        ${text(rows.map((r) => r.accountId))}, ${text(rows.map((r) => r.bookingDate))},
        ${text(rows.map((r) => r.valueDate))}, ${bigints(rows.map((r) => r.amountMinor))},
        ${text(rows.map((r) => r.currency))}, ${text(rows.map((r) => r.counterpartyName))},
        ${text(rows.map((r) => r.ocr))}, ${text(rows.map((r) => r.message))},
        ${text(rows.map((r) => r.bankReference))}, ${text(rows.map((r) => r.endToEndId))},
        ${text(rows.map((r) => r.category))})
        as t(id, tenant_id, account_id, booking_date, value_date, amount_minor, currency, counterparty_name,
          ocr, message, bank_reference, end_to_end_id, category)`);
  }
  const items = data.truth.openItems;
  for (let i = 0; i < items.length; i += CHUNK) {
    const rows = items.slice(i, i + CHUNK);
    await db.execute(sql`
      insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr,
        amount_minor, currency, issue_date, due_date, end_to_end_id)
      select id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr, amount_minor,
        currency, issue_date::date, due_date::date, end_to_end_id
      from unnest(${text(rows.map((r) => r.id))}, ${text(rows.map((r) => r.tenantId))},
        ${text(rows.map((r) => r.companyId))}, ${text(rows.map((r) => r.externalId))},
        ${text(rows.map((r) => r.kind))}, ${text(rows.map((r) => r.counterpartyName))},
        ${text(rows.map((r) => r.reference))}, ${text(rows.map((r) => r.ocr))},
        ${bigints(rows.map((r) => r.amountMinor))}, ${text(rows.map((r) => r.currency))},
        ${text(rows.map((r) => r.issueDate))}, ${text(rows.map((r) => r.dueDate))},
        ${text(rows.map((r) => r.endToEndId))})
        as t(id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr, amount_minor,
          currency, issue_date, due_date, end_to_end_id)`);
  }
}
