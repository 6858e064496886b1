import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectLedger, generateDemoTenant } from '../../demo/generate';
import type { DemoDataset } from '../../demo/model';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { findTenantByName } from '../repositories/tenants';
import { seedDemoTenant, type SeedResult } from './seed';

const OPTIONS = { tenantName: 'seed-test', seed: 20251120, size: 'demo', today: '2025-11-20' } as const;

let handle: DatabaseHandle;
let result: SeedResult;
let dataset: DemoDataset;
let ledger: ReturnType<typeof collectLedger>;

beforeAll(async () => {
  handle = await openDatabase({ kind: 'pglite', dataDir: null });
  result = await seedDemoTenant(handle.db, OPTIONS);
  dataset = generateDemoTenant({ ...OPTIONS });
  ledger = collectLedger(dataset);
});

afterAll(async () => {
  await handle.close();
});

/** Raw SQL straight on the embedded engine, typed rows (Database.execute's result type is opaque). */
async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  if (!handle.pglite) throw new Error('the seeder test runs on PGlite');
  return (await handle.pglite.query<T>(text, params)).rows;
}

async function count(table: string, tenantId: string | null): Promise<number> {
  const rows = await query<{ n: string }>(
    `select count(*)::text as n from ${table}${tenantId === null ? '' : ' where tenant_id = $1'}`,
    tenantId === null ? [] : [tenantId],
  );
  return Number(rows[0]?.n ?? -1);
}

describe('seedDemoTenant', () => {
  it('writes exactly the generated rows', async () => {
    expect(result.tenantId).toBe(dataset.tenant.id);
    expect(result.counts).toEqual({
      tenants: 1,
      koncerner: dataset.koncerner.length,
      companies: dataset.companies.length,
      bankAccounts: dataset.bankAccounts.length,
      accountBalances: ledger.balances.length,
      transactions: ledger.transactions.length,
      openItems: dataset.openItems.length,
      invoiceHistory: ledger.paidInvoices.length,
      fxRates: dataset.fxRates.length,
    });
    const id = result.tenantId;
    expect(await count('tenants', null)).toBe(1);
    expect(await count('koncerner', id)).toBe(dataset.koncerner.length);
    expect(await count('companies', id)).toBe(dataset.companies.length);
    expect(await count('bank_accounts', id)).toBe(dataset.bankAccounts.length);
    expect(await count('account_balances', id)).toBe(ledger.balances.length);
    expect(await count('transactions', id)).toBe(ledger.transactions.length);
    // The generated open items, the settled invoice history, and those derived from the last days'
    // payments as the reconciliation ground truth.
    expect(await count('open_items', id)).toBe(
      dataset.openItems.length + ledger.paidInvoices.length + result.reconciliation.openItems,
    );
    expect(await count('fx_rates', null)).toBe(dataset.fxRates.length);
    // Reported for the record (no timing assertion): generation + insertion of the demo size.
    expect(result.ms).toBeGreaterThan(0);
  });

  it("opening balance + the sum of each account's transactions equals its last balance row", async () => {
    const res = await query<{ account_id: string; opening: string; total: string; last: string }>(
      `
      select a.id as account_id,
        (select booked_minor from account_balances b where b.account_id = a.id and b.source = 'bank')::text as opening,
        coalesce((select sum(amount_minor) from transactions t where t.account_id = a.id), 0)::text as total,
        (select booked_minor from account_balances b where b.account_id = a.id
          order by balance_date desc limit 1)::text as last
      from bank_accounts a where a.tenant_id = $1`,
      [result.tenantId],
    );
    expect(res).toHaveLength(dataset.bankAccounts.length);
    for (const row of res) {
      expect(BigInt(row.opening) + BigInt(row.total), row.account_id).toBe(BigInt(row.last));
    }
  });

  it('every daily balance row equals opening + transactions up to that day (in SQL)', async () => {
    const res = await query<{ bad: string; checked: string }>(
      `
      with daily as (
        select account_id, booking_date, sum(amount_minor) as amount
        from transactions where tenant_id = $1 group by account_id, booking_date
      ), opening as (
        select account_id, booked_minor from account_balances where tenant_id = $2 and source = 'bank'
      ), expected as (
        select b.account_id, b.balance_date, b.booked_minor,
          o.booked_minor + coalesce(sum(d.amount) over (partition by b.account_id order by b.balance_date), 0) as want
        from account_balances b
        join opening o on o.account_id = b.account_id
        left join daily d on d.account_id = b.account_id and d.booking_date = b.balance_date
        where b.tenant_id = $3
      )
      select count(*) filter (where booked_minor <> want)::text as bad, count(*)::text as checked from expected`,
      [result.tenantId, result.tenantId, result.tenantId],
    );
    expect(res[0]?.checked).toBe(String(ledger.balances.length));
    expect(res[0]?.bad).toBe('0');
  });

  it('round-trips money, dates and the rates exactly', async () => {
    const rows = await query<{ amount_minor: string; booking_date: string; bank_reference: string }>(
      `
      select amount_minor::text, booking_date::text, bank_reference from transactions
      where tenant_id = $1 order by seq limit 50`,
      [result.tenantId],
    );
    expect(rows.map((r) => [BigInt(r.amount_minor), r.booking_date, r.bank_reference])).toEqual(
      ledger.transactions.slice(0, 50).map((t) => [t.amountMinor, t.bookingDate, t.bankReference]),
    );
    const rate = dataset.fxRates[dataset.fxRates.length - 1];
    const stored = await query<{ r: string }>(
      `
      select sek_per_unit::text as r from fx_rates where currency = $1 and rate_date = $2`,
      [rate?.currency ?? '', rate?.rateDate ?? ''],
    );
    expect(stored[0]?.r).toBe(`${rate?.sekPerUnit ?? ''}00`);
  });

  it('writes the invoice history settled, with the day it was paid, and leaves the engine to the open items', async () => {
    expect(ledger.paidInvoices.length).toBeGreaterThan(10_000);
    const rows = await query<{
      external_id: string;
      status: string;
      amount_minor: string;
      settled_minor: string;
      issue_date: string;
      due_date: string;
      paid_on: string;
    }>(
      `
      select external_id, status, amount_minor::text, settled_minor::text, issue_date::text, due_date::text,
        paid_on::text
      from open_items where tenant_id = $1 and paid_on is not null order by id`,
      [result.tenantId],
    );
    const want = [...ledger.paidInvoices].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(rows).toEqual(
      want.map((i) => ({
        external_id: i.externalId,
        status: 'settled',
        amount_minor: String(i.amountMinor),
        settled_minor: String(i.amountMinor),
        issue_date: i.issueDate,
        due_date: i.dueDate,
        paid_on: i.paidOn,
      })),
    );
    // The engine never matched anything to them: it only looks at open items.
    const matched = await query<{ n: string }>(
      `
      select count(*)::text as n from reconciliation_match_items mi join open_items i on i.id = mi.open_item_id
      where i.tenant_id = $1 and i.paid_on is not null`,
      [result.tenantId],
    );
    expect(matched[0]?.n).toBe('0');
  });

  it('creates the tenant under the name asked for', async () => {
    expect((await findTenantByName(handle.db, OPTIONS.tenantName))?.id).toBe(result.tenantId);
    expect(await findTenantByName(handle.db, 'nobody')).toBeNull();
  });

  it('a second tenant with the same seed gets its own ids; shared FX rates are not duplicated', async () => {
    const second = await seedDemoTenant(handle.db, { ...OPTIONS, tenantName: 'seed-test-2' });
    expect(second.tenantId).not.toBe(result.tenantId);
    expect(second.counts.transactions).toBe(result.counts.transactions);
    expect(await count('fx_rates', null)).toBe(dataset.fxRates.length);
    expect(await count('tenants', null)).toBe(2);
  });

  it('seeding a taken tenant name fails and writes nothing', async () => {
    const before = await count('transactions', null);
    await expect(seedDemoTenant(handle.db, { ...OPTIONS, seed: 99 })).rejects.toThrow();
    expect(await count('transactions', null)).toBe(before);
  });
});
