import { sql, type SQL } from 'drizzle-orm';
import { generateDemoTenant } from '../../demo/generate';
import { demoReconciliationTruth, GROUND_TRUTH_BANK_DAYS } from '../../demo/reconciliation-truth';
import { reconcileTenant } from '../reconciliation/engine';
import type {
  DemoAccountBalance,
  DemoDataset,
  DemoOpenItem,
  DemoSize,
  DemoTransaction,
} from '../../demo/model';
import type { Database } from '../db/client';
import { assertTenantName } from '../repositories/tenants';
import { bankAccounts, companies, koncerner, tenants } from '../db/schema';

export interface SeedOptions {
  tenantName: string;
  seed: number;
  size: DemoSize;
  /** The business date the demo history ends on ('YYYY-MM-DD'); the caller decides what today is. */
  today: string;
}

export interface SeedCounts {
  tenants: number;
  koncerner: number;
  companies: number;
  bankAccounts: number;
  accountBalances: number;
  transactions: number;
  openItems: number;
  /** The settled invoices behind the reconciled receipts and payments: open_items rows too. */
  invoiceHistory: number;
  /** Rate rows offered; rates already present (they are global) are kept as they are. */
  fxRates: number;
}

export interface SeedResult {
  tenantId: string;
  counts: SeedCounts;
  /** Wall-clock milliseconds for generation and insertion together. */
  ms: number;
  /** The reconciliation ground truth seeded with the koncern, and what the engine made of it. */
  reconciliation: {
    openItems: number;
    truthMatches: number;
    autoConfirmed: number;
    proposed: number;
    ms: number;
  };
}

/**
 * Rows per INSERT for the large tables. Each batch is one statement with one array parameter per
 * column (`INSERT … SELECT … FROM unnest($1::text[], $2::date[], …)`), so the batch size is not
 * bounded by PostgreSQL's 65 535 bind parameters and the statement text stays constant.
 */
export const SEED_BATCH_ROWS = 5_000;

type Executor = Pick<Database, 'execute'>;

/** Anything the transaction callback receives: a Database-compatible handle. */
type TxCallback = Parameters<Database['transaction']>[0];
type Tx = Parameters<TxCallback>[0];

function textArray(values: readonly (string | null)[]): SQL {
  return sql`${sql.param(values)}::text[]`;
}

function bigintArray(values: readonly bigint[]): SQL {
  return sql`${sql.param(values.map((v) => v.toString()))}::bigint[]`;
}

async function insertTransactions(db: Executor, rows: readonly DemoTransaction[]): Promise<void> {
  if (rows.length === 0) return;
  // WITH ORDINALITY + ORDER BY keeps `seq` (bigserial) in generation order.
  await db.execute(sql`
    insert into transactions (
      id, tenant_id, account_id, booking_date, value_date, amount_minor, currency,
      counterparty_name, counterparty_account, ocr, message, bank_reference, end_to_end_id,
      category, intra_group, reconciliation_state
    )
    select id, tenant_id, account_id, booking_date::date, value_date::date, amount_minor, currency,
      counterparty_name, counterparty_account, ocr, message, bank_reference, end_to_end_id,
      category, intra_group, reconciliation_state
    from unnest(
      ${textArray(rows.map((r) => r.id))},
      ${textArray(rows.map((r) => r.tenantId))},
      ${textArray(rows.map((r) => r.accountId))},
      ${textArray(rows.map((r) => r.bookingDate))},
      ${textArray(rows.map((r) => r.valueDate))},
      ${bigintArray(rows.map((r) => r.amountMinor))},
      ${textArray(rows.map((r) => r.currency))},
      ${textArray(rows.map((r) => r.counterpartyName))},
      ${textArray(rows.map((r) => r.counterpartyAccount))},
      ${textArray(rows.map((r) => r.ocr))},
      ${textArray(rows.map((r) => r.message))},
      ${textArray(rows.map((r) => r.bankReference))},
      ${textArray(rows.map((r) => r.endToEndId))},
      ${textArray(rows.map((r) => r.category))},
      ${sql.param(rows.map((r) => r.intraGroup))}::boolean[],
      ${textArray(rows.map((r) => r.reconciliationState))}
    ) with ordinality as t(
      id, tenant_id, account_id, booking_date, value_date, amount_minor, currency,
      counterparty_name, counterparty_account, ocr, message, bank_reference, end_to_end_id,
      category, intra_group, reconciliation_state, ord
    )
    order by ord`);
}

async function insertBalances(db: Executor, rows: readonly DemoAccountBalance[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into account_balances (tenant_id, account_id, balance_date, booked_minor, available_minor, source, as_of)
    select tenant_id, account_id, balance_date::date, booked_minor, available_minor, source, as_of::timestamptz
    from unnest(
      ${textArray(rows.map((r) => r.tenantId))},
      ${textArray(rows.map((r) => r.accountId))},
      ${textArray(rows.map((r) => r.balanceDate))},
      ${bigintArray(rows.map((r) => r.bookedMinor))},
      ${bigintArray(rows.map((r) => r.availableMinor))},
      ${textArray(rows.map((r) => r.source))},
      ${textArray(rows.map((r) => r.asOf))}
    ) as t(tenant_id, account_id, balance_date, booked_minor, available_minor, source, as_of)`);
}

async function insertOpenItems(db: Executor, rows: readonly DemoOpenItem[]): Promise<void> {
  for (let i = 0; i < rows.length; i += SEED_BATCH_ROWS) {
    const batch = rows.slice(i, i + SEED_BATCH_ROWS);
    await db.execute(sql`
      insert into open_items (
        id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr,
        amount_minor, currency, issue_date, due_date, status, settled_minor, paid_on
      )
      select id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr,
        amount_minor, currency, issue_date::date, due_date::date, status, settled_minor, paid_on::date
      from unnest(
        ${textArray(batch.map((r) => r.id))},
        ${textArray(batch.map((r) => r.tenantId))},
        ${textArray(batch.map((r) => r.companyId))},
        ${textArray(batch.map((r) => r.externalId))},
        ${textArray(batch.map((r) => r.kind))},
        ${textArray(batch.map((r) => r.counterpartyName))},
        ${textArray(batch.map((r) => r.reference))},
        ${textArray(batch.map((r) => r.ocr))},
        ${bigintArray(batch.map((r) => r.amountMinor))},
        ${textArray(batch.map((r) => r.currency))},
        ${textArray(batch.map((r) => r.issueDate))},
        ${textArray(batch.map((r) => r.dueDate))},
        ${textArray(batch.map((r) => r.status))},
        ${bigintArray(batch.map((r) => r.settledMinor))},
        ${textArray(batch.map((r) => r.paidOn))}
      ) as t(id, tenant_id, company_id, external_id, kind, counterparty_name, reference, ocr,
        amount_minor, currency, issue_date, due_date, status, settled_minor, paid_on)`);
  }
}

async function insertFxRates(db: Executor, dataset: DemoDataset): Promise<void> {
  const rows = dataset.fxRates;
  for (let i = 0; i < rows.length; i += SEED_BATCH_ROWS) {
    const batch = rows.slice(i, i + SEED_BATCH_ROWS);
    await db.execute(sql`
      insert into fx_rates (currency, rate_date, sek_per_unit)
      select currency, rate_date::date, sek_per_unit::numeric
      from unnest(
        ${textArray(batch.map((r) => r.currency))},
        ${textArray(batch.map((r) => r.rateDate))},
        ${textArray(batch.map((r) => r.sekPerUnit))}
      ) as t(currency, rate_date, sek_per_unit)
      on conflict do nothing`);
  }
}

async function insertStatic(tx: Tx, dataset: DemoDataset): Promise<void> {
  await tx.insert(tenants).values({ id: dataset.tenant.id, name: dataset.tenant.name });
  await tx.insert(koncerner).values(
    dataset.koncerner.map((k) => ({
      id: k.id,
      tenantId: k.tenantId,
      name: k.name,
      reportingCurrency: k.reportingCurrency,
    })),
  );
  // The parent precedes its subsidiaries, and every row's parent is inserted in the same statement.
  await tx.insert(companies).values(
    dataset.companies.map((c) => ({
      id: c.id,
      tenantId: c.tenantId,
      koncernId: c.koncernId,
      parentId: c.parentId,
      name: c.name,
      orgNumber: c.orgNumber,
      foreignId: c.foreignId,
      country: c.country,
      functionalCurrency: c.functionalCurrency,
      ownershipBasisPoints: c.ownershipBasisPoints,
    })),
  );
  await tx.insert(bankAccounts).values(
    dataset.bankAccounts.map((a) => ({
      id: a.id,
      tenantId: a.tenantId,
      companyId: a.companyId,
      name: a.name,
      bankName: a.bankName,
      bic: a.bic,
      iban: a.iban,
      clearingNumber: a.clearingNumber,
      accountNumber: a.accountNumber,
      bankgiro: a.bankgiro,
      currency: a.currency,
      kind: a.kind,
      cashPoolTopId: a.cashPoolTopId,
      openedOn: a.openedOn,
    })),
  );
}

/**
 * Generates the demo koncern for `options` and writes it in one database transaction: the tenant,
 * koncern, companies and accounts, the (global) FX rates with ON CONFLICT DO NOTHING, the open
 * items, and then the ledger (with the settled invoice history its payments paid) streamed day by
 * day in batches of SEED_BATCH_ROWS, so memory stays bounded for the `large` size. Fails (and
 * writes nothing) if the tenant name is taken.
 */
export async function seedDemoTenant(db: Database, options: SeedOptions): Promise<SeedResult> {
  assertTenantName(options.tenantName);
  const started = performance.now();
  const dataset = generateDemoTenant({
    seed: options.seed,
    size: options.size,
    today: options.today,
    tenantName: options.tenantName,
  });
  const counts: SeedCounts = {
    tenants: 1,
    koncerner: dataset.koncerner.length,
    companies: dataset.companies.length,
    bankAccounts: dataset.bankAccounts.length,
    accountBalances: 0,
    transactions: 0,
    openItems: dataset.openItems.length,
    invoiceHistory: 0,
    fxRates: dataset.fxRates.length,
  };

  let reconciliation: SeedResult['reconciliation'] = {
    openItems: 0,
    truthMatches: 0,
    autoConfirmed: 0,
    proposed: 0,
    ms: 0,
  };
  await db.transaction(async (tx) => {
    await insertStatic(tx, dataset);
    await insertFxRates(tx, dataset);
    await insertOpenItems(tx, dataset.openItems);

    let txBuffer: DemoTransaction[] = [];
    let balanceBuffer: DemoAccountBalance[] = [...dataset.openingBalances];
    let invoiceBuffer: DemoOpenItem[] = [];
    const recentDays: DemoTransaction[][] = [];
    for (const day of dataset.ledger()) {
      recentDays.push(day.transactions);
      if (recentDays.length > GROUND_TRUTH_BANK_DAYS) recentDays.shift();
      for (const t of day.transactions) txBuffer.push(t);
      for (const b of day.balances) balanceBuffer.push(b);
      for (const i of day.paidInvoices) invoiceBuffer.push(i);
      if (txBuffer.length >= SEED_BATCH_ROWS) {
        await insertTransactions(tx, txBuffer);
        counts.transactions += txBuffer.length;
        txBuffer = [];
      }
      if (balanceBuffer.length >= SEED_BATCH_ROWS) {
        await insertBalances(tx, balanceBuffer);
        counts.accountBalances += balanceBuffer.length;
        balanceBuffer = [];
      }
      if (invoiceBuffer.length >= SEED_BATCH_ROWS) {
        await insertOpenItems(tx, invoiceBuffer);
        counts.invoiceHistory += invoiceBuffer.length;
        invoiceBuffer = [];
      }
    }
    await insertTransactions(tx, txBuffer);
    counts.transactions += txBuffer.length;
    await insertBalances(tx, balanceBuffer);
    counts.accountBalances += balanceBuffer.length;
    await insertOpenItems(tx, invoiceBuffer);
    counts.invoiceHistory += invoiceBuffer.length;

    // Open items derived from the last bank days' payments (the ground truth), then a full engine run.
    const reconciliationStarted = performance.now();
    const truth = demoReconciliationTruth(dataset, recentDays.flat());
    await insertOpenItems(tx, truth.openItems);
    const own = truth.openItems.filter((item) => item.endToEndId !== null);
    await tx.execute(sql`
      update open_items set end_to_end_id = s.end_to_end_id
      from unnest(${textArray(own.map((item) => item.id))}, ${textArray(own.map((item) => item.endToEndId))})
        as s(id, end_to_end_id)
      where open_items.id = s.id`);
    const engine = await reconcileTenant(tx, dataset.tenant.id);
    reconciliation = {
      openItems: truth.openItems.length,
      truthMatches: truth.truth.length,
      autoConfirmed: engine.autoConfirmed,
      proposed: engine.proposed,
      ms: Math.round(performance.now() - reconciliationStarted),
    };
  });
  // Statistics for the planner: PostgreSQL's autovacuum would gather them later, PGlite never does,
  // and without them the first requests on freshly seeded tables take several times as long.
  await db.execute(sql`analyze`);

  return { tenantId: dataset.tenant.id, counts, ms: Math.round(performance.now() - started), reconciliation };
}
