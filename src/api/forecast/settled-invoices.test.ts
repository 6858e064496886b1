import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { addDays, toEpochDay, type IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { withTenant } from '../db/tenant-scope';
import { seedDemoTenant } from '../demo/seed';
import { confirmMatch } from '../reconciliation/matches';
import { createTenant } from '../repositories/tenants';
import { historyStart, loadKoncernHistory } from './history-query';
import { planSettledRead, readSettledInvoices, readSettledInvoicesInBlockRanges } from './invoice-query';
import type { InvoiceHistory } from './invoice-history';
import { InvoiceRecords } from './invoice-records';
import { SettledInvoiceStore } from './settled-invoice-store';
import { SettledInvoiceCache } from './settled-invoices';

/*
 * The settled invoices the forecast keeps between requests: after items are settled (a confirmed match, invoice
 * history brought in paid) and opened, a history loaded with what was kept must equal one read from scratch,
 * and the kept part must have grown by exactly what was settled since.
 */

const TODAY = '2026-06-15' as IsoDate;

/** The history's invoices as sorted lines, so two histories holding the same invoices compare equal. */
function invoiceLines(invoices: InvoiceHistory): string[] {
  const lines: string[] = [];
  for (let i = 0; i < invoices.count; i++) {
    lines.push(
      [
        invoices.accounts[invoices.account[i] ?? 0],
        invoices.receivable[i],
        invoices.currencies[invoices.currency[i] ?? 0],
        invoices.names[invoices.name[i] ?? 0],
        invoices.knownSince[i],
        invoices.due[i],
        invoices.paid[i],
        invoices.amountMinor[i],
        invoices.inPaymentBatch[i],
        invoices.references.get(i) ?? null,
      ].join('|'),
    );
  }
  return lines.sort();
}

/** Read records as sorted lines, each naming its company, currency, batch and name, as `invoiceLines` does. */
function recordLines(records: InvoiceRecords): string[] {
  return Array.from({ length: records.count }, (_, i) =>
    [
      records.companies[records.company[i] ?? 0],
      records.currencies[records.currency[i] ?? 0],
      records.receivable[i],
      records.knownSince[i],
      records.due[i],
      records.paid[i],
      records.amountMinor[i],
      records.amount[i],
      records.batches[records.batch[i] ?? -1] ?? '',
      records.names[records.name[i] ?? 0],
      records.references.get(i) ?? null,
    ].join('|'),
  ).sort();
}

/** What the database said when it refused (the driver's error wraps it). */
const refusal = (work: Promise<unknown>) =>
  work.then(
    () => 'done',
    (error: unknown) => String((error as { cause?: unknown }).cause ?? error),
  );

const settledCount = (invoices: InvoiceHistory) => invoices.paid.filter((day) => day !== -1).length;

describe.each(testEngines)('the settled invoices kept for the forecast (%s)', (engine) => {
  let database: TestDatabase;
  let db: Database;
  let tenantId: string;
  let koncernId: string;
  let companyId: string;

  const load = (settled?: SettledInvoiceCache) =>
    withTenant(
      db,
      tenantId,
      async (tx) => (await loadKoncernHistory(tx, tenantId, koncernId, TODAY, settled)).invoices,
    );

  /** Invoice history brought in from the ERP already paid, as the demo seeds it. */
  const insertPaidInvoice = (executor: Database, id: string, paidOn: IsoDate) =>
    executor.execute(sql`
      insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, amount_minor, currency,
        issue_date, due_date, status, settled_minor, paid_on)
      values (${id}, ${tenantId}, ${companyId}, ${id}, 'receivable', 'Kund Ett AB', 1234500, 'SEK',
        '2026-05-01', '2026-05-31', 'settled', 1234500, ${paidOn})`);

  /** An open item issued on `issued`, due 30 days later. */
  const insertOpenItem = (
    executor: Database,
    id: string,
    kind: 'receivable' | 'payable',
    counterparty: string,
    issued: IsoDate,
  ) =>
    executor.execute(sql`
      insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, amount_minor, currency,
        issue_date, due_date)
      values (${id}, ${tenantId}, ${companyId}, ${id}, ${kind}, ${counterparty}, 990000, 'SEK',
        ${issued}, ${addDays(issued, 30)})`);

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    db = database.handle.db;
    const seeded = await seedDemoTenant(db, {
      tenantName: 'demo-settled',
      seed: 5,
      size: 'demo',
      today: TODAY,
    });
    tenantId = seeded.tenantId;
    const [row] = await selectRows<{ koncern: string; company: string }>(
      db,
      sql`select k.id as koncern, c.id as company from koncerner k join companies c on c.koncern_id = k.id
          where k.tenant_id = ${tenantId} order by c.id limit 1`,
    );
    koncernId = row?.koncern ?? '';
    companyId = row?.company ?? '';
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('adds to what it keeps exactly the items settled since, and answers as a fresh read does', async () => {
    const settled = new SettledInvoiceCache();
    const first = await load(settled);
    expect(invoiceLines(first)).toEqual(invoiceLines(await load()));
    expect(settledCount(first)).toBeGreaterThan(100);

    // A proposed match confirmed (its items settled on the match's booking day), invoice history brought in paid,
    // and a new open item.
    const [proposed] = await selectRows<{ id: string; items: number; booking_date: string }>(
      db,
      sql`select m.id, count(*)::int as items, m.booking_date::text as booking_date
          from reconciliation_matches m join reconciliation_match_items mi on mi.match_id = m.id
          join open_items oi on oi.id = mi.open_item_id
          where m.tenant_id = ${tenantId} and m.status = 'proposed' and oi.amount_minor = mi.applied_minor
          group by m.id order by m.id limit 1`,
    );
    expect(proposed).toBeDefined();
    await withTenant(db, tenantId, (tx) =>
      confirmMatch(tx, tenantId, proposed?.id ?? '', { type: 'user', id: 'usr_test', name: 'Test' }),
    );
    await withTenant(db, tenantId, (tx) => insertPaidInvoice(tx, 'oit_settled_erp', '2026-06-10' as IsoDate));
    await withTenant(db, tenantId, (tx) =>
      insertOpenItem(tx, 'oit_new_open', 'payable', 'Leverantör Två AB', '2026-06-12' as IsoDate),
    );

    const second = await load(settled);
    expect(invoiceLines(second)).toEqual(invoiceLines(await load()));
    expect(settledCount(second)).toBe(settledCount(first) + (proposed?.items ?? 0) + 1);
    expect([...second.references.values()]).toContain('oit_new_open');
    const erp = invoiceLines(second).filter(
      (line) => line.includes('Kund Ett AB') && line.includes('|1234500|'),
    );
    expect(erp).toHaveLength(1);

    // Only what was settled since was read: the kept parts are the first read and one of the new items.
    const parts = await withTenant(db, tenantId, (tx) => settled.load(tx, tenantId, historyStart(TODAY)));
    expect(parts.map((p) => p.count).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(settledCount(second));
    expect(parts.at(-1)?.count).toBe((proposed?.items ?? 0) + 1);
  });

  it('builds the invoice history anew only when what it is built from changed', async () => {
    const settled = new SettledInvoiceCache();
    const first = await load(settled);
    expect(await load(settled)).toBe(first);
    // A bank transaction today changes the flows, not the invoices, nor here where items are paid.
    await withTenant(db, tenantId, (tx) =>
      tx.execute(sql`
        insert into transactions (id, tenant_id, account_id, booking_date, value_date, amount_minor, currency,
          bank_reference, counterparty_name)
        select 'txn_kept_invoices', tenant_id, account_id, ${TODAY}::date, ${TODAY}::date, 100, currency,
          'kept-invoices', 'Kund Tre AB'
        from transactions where tenant_id = ${tenantId} order by booking_date desc, seq desc limit 1`),
    );
    expect(await load(settled)).toBe(first);

    // A new open item, then invoice history brought in paid: each time built anew, as a fresh read builds it.
    await withTenant(db, tenantId, (tx) =>
      insertOpenItem(tx, 'oit_kept_open', 'receivable', 'Kund Fyra AB', '2026-06-13' as IsoDate),
    );
    const withOpen = await load(settled);
    expect(withOpen).not.toBe(first);
    expect(invoiceLines(withOpen)).toEqual(invoiceLines(await load()));
    await withTenant(db, tenantId, (tx) => insertPaidInvoice(tx, 'oit_kept_paid', '2026-06-14' as IsoDate));
    const withPaid = await load(settled);
    expect(withPaid).not.toBe(withOpen);
    expect(settledCount(withPaid)).toBe(settledCount(withOpen) + 1);
    expect(invoiceLines(withPaid)).toEqual(invoiceLines(await load()));
  });

  describe('read in ranges of the table’s blocks', () => {
    const from = historyStart(TODAY);
    let otherTenantId = '';
    beforeAll(async () => {
      // Another tenant's settled item in the same blocks: the ranges cut the table, not the tenant's rows.
      const other = await createTenant(db, 'demo-settled-ranges');
      otherTenantId = other.id;
      await db.execute(
        sql`insert into koncerner (id, tenant_id, name) values ('kon_ranges_other', ${other.id}, 'Annan Koncern')`,
      );
      await db.execute(sql`
        insert into companies (id, tenant_id, koncern_id, name, country, functional_currency)
        values ('com_ranges_other', ${other.id}, 'kon_ranges_other', 'Annat Bolag AB', 'SE', 'SEK')`);
      await db.execute(sql`
        insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, amount_minor,
          currency, issue_date, due_date, status, settled_minor, paid_on)
        values ('oit_ranges_other', ${other.id}, 'com_ranges_other', 'ranges-other', 'receivable', 'Annan Kund AB',
          777700, 'SEK', '2026-05-01', '2026-05-31', 'settled', 777700, '2026-06-01')`);
    });

    it('hold exactly what one statement reads, however the table is cut, and nothing of another tenant', async () => {
      const read = (how: (tx: Database) => ReturnType<typeof readSettledInvoices>) =>
        withTenant(db, tenantId, async (tx) => (await how(tx)).records);
      const whole = await read((tx) =>
        readSettledInvoicesInBlockRanges(tx, tenantId, from, Number.MAX_SAFE_INTEGER),
      );
      const lines = recordLines(whole);
      // The demo's invoice history, paid on days of its own, and the items of the match confirmed above.
      expect(whole.count).toBeGreaterThan(100);
      expect(whole.paid.every((day) => day >= toEpochDay(from))).toBe(true);
      const paidByMatches = await selectRows<{ count: number }>(
        db,
        sql`select count(*)::int as count from open_items
            where tenant_id = ${tenantId} and status = 'settled' and paid_on is null`,
      );
      expect(paidByMatches[0]?.count).toBeGreaterThan(0);
      expect(whole.names).not.toContain('Annan Kund AB');

      // One statement (as an index finds them), a block per range (more ranges than rows of a page), seven blocks
      // per range with columns sized for one record, and as planned: the same records.
      const single = await withTenant(db, tenantId, async (tx) => {
        // The demo's tenant holds nearly all of open_items: left to the planner, it reads in ranges.
        await tx.execute(sql`set local enable_seqscan = off`);
        expect((await planSettledRead(tx, tenantId, from)).inBlockRanges).toBe(false);
        return (await readSettledInvoices(tx, tenantId, from)).records;
      });
      expect(recordLines(single)).toEqual(lines);
      expect(
        recordLines(await read((tx) => readSettledInvoicesInBlockRanges(tx, tenantId, from, 1))),
      ).toEqual(lines);
      const sevens = await read((tx) => readSettledInvoicesInBlockRanges(tx, tenantId, from, 7, 1));
      expect(recordLines(sevens)).toEqual(lines);
      expect(sevens.paid.length).toBe(sevens.count);
      // Sized from an estimate far too high, the columns keep only what they hold.
      const overestimated = await read((tx) =>
        readSettledInvoicesInBlockRanges(tx, tenantId, from, 7, 1_000_000),
      );
      expect(recordLines(overestimated)).toEqual(lines);
      expect(overestimated.paid.buffer.byteLength).toBe(4 * overestimated.count);
      expect(recordLines(await read((tx) => readSettledInvoices(tx, tenantId, from)))).toEqual(lines);
    });

    it('are how a tenant holding most of the table is read, and not one holding a few of its rows', async () => {
      await db.execute(sql`analyze open_items`);
      const planFor = (tenant: string) => withTenant(db, tenant, (tx) => planSettledRead(tx, tenant, from));
      const large = await planFor(tenantId);
      expect(large.inBlockRanges).toBe(true);
      expect(large.expectedRows).toBeGreaterThan(100);
      expect((await planFor(otherTenantId)).inBlockRanges).toBe(false);
    });
  });

  describe('stored for the next process', () => {
    const storeErrors: unknown[] = [];
    const store = () => new SettledInvoiceStore(db, (error) => storeErrors.push(error));
    const loadParts = (settled: SettledInvoiceCache) =>
      withTenant(db, tenantId, (tx) => settled.load(tx, tenantId, historyStart(TODAY)));
    const storedRow = async () =>
      (
        await selectRows<{ row_count: number; cluster: string }>(
          db,
          sql`select row_count, cluster from forecast_settled_invoices where tenant_id = ${tenantId}`,
        )
      )[0];

    it('start a process that kept nothing from what an earlier one stored, adding what was settled since', async () => {
      const earlierStore = store();
      const earlier = await loadParts(new SettledInvoiceCache(earlierStore));
      await earlierStore.settle();
      const stored = await storedRow();
      expect(stored?.row_count).toBe(earlier.reduce((n, p) => n + p.count, 0));
      expect(stored?.row_count).toBeGreaterThan(100);

      await withTenant(db, tenantId, (tx) =>
        insertPaidInvoice(tx, 'oit_settled_after_store', '2026-06-12' as IsoDate),
      );
      const laterStore = store();
      const later = await loadParts(new SettledInvoiceCache(laterStore));
      // What was stored, then the one item settled since: nothing else was read.
      expect(later.map((p) => p.count)).toEqual([stored?.row_count, 1]);
      expect(invoiceLines(await load(new SettledInvoiceCache(laterStore)))).toEqual(
        invoiceLines(await load()),
      );
      await laterStore.settle();
      expect(storeErrors).toEqual([]);
    });

    it('report a write that fails to whoever made the store, and nothing else waits for it', async () => {
      const failures: unknown[] = [];
      const failing = new SettledInvoiceStore(db, (error) => failures.push(error));
      // No such tenant: the row's foreign key refuses it.
      failing.write('ten_nobody', {
        from: TODAY,
        snapshot: '1:1:',
        records: InvoiceRecords.read([], 0, ''),
      });
      await failing.settle();
      expect(failures).toHaveLength(1);
      const [row] = await selectRows<{ count: number }>(
        db,
        sql`select count(*)::int as count from forecast_settled_invoices where tenant_id = 'ten_nobody'`,
      );
      expect(row?.count).toBe(0);
    });

    it('are joined into one part holding only what the history asks for, and stored again so', async () => {
      const joinStore = store();
      const settled = new SettledInvoiceCache(joinStore, { maxParts: 1 });
      const from = historyStart(TODAY);
      await withTenant(db, tenantId, (tx) => settled.load(tx, tenantId, from));
      await withTenant(db, tenantId, (tx) =>
        insertPaidInvoice(tx, 'oit_settled_before_join', '2026-06-13' as IsoDate),
      );
      // Two months on: the history starts later, so the items paid in between are no longer needed.
      const later = addDays(from, 60);
      const joined = await withTenant(db, tenantId, (tx) => settled.load(tx, tenantId, later));
      const fresh = await withTenant(db, tenantId, (tx) =>
        new SettledInvoiceCache().load(tx, tenantId, later),
      );
      expect(joined).toHaveLength(1);
      expect(joined[0]?.count).toBe(fresh[0]?.count);
      await joinStore.settle();
      const [stored] = await selectRows<{ row_count: number; from_date: string }>(
        db,
        sql`select row_count, from_date::text as from_date from forecast_settled_invoices where tenant_id = ${tenantId}`,
      );
      expect(stored).toEqual({ row_count: fresh[0]?.count, from_date: later });
      expect(storeErrors).toEqual([]);
    });

    it("are read anew when stored by another cluster or from over a month before, and are no other tenant's to see", async () => {
      const storedFresh = async () => {
        const fresh = store();
        await loadParts(new SettledInvoiceCache(fresh));
        await fresh.settle();
      };
      // Read from what is stored, a load has two parts: what was stored and what was settled since.
      await storedFresh();
      await withTenant(db, tenantId, (tx) =>
        insertPaidInvoice(tx, 'oit_settled_cluster', '2026-06-13' as IsoDate),
      );
      expect(await loadParts(new SettledInvoiceCache(store()))).toHaveLength(2);

      await db.execute(
        sql`update forecast_settled_invoices set cluster = 'another cluster' where tenant_id = ${tenantId}`,
      );
      const anew = store();
      const parts = await loadParts(new SettledInvoiceCache(anew));
      expect(parts).toHaveLength(1);
      await anew.settle();
      const stored = await storedRow();
      expect(stored?.cluster).not.toBe('another cluster');
      expect(stored?.row_count).toBe(parts[0]?.count);

      await withTenant(db, tenantId, (tx) =>
        insertPaidInvoice(tx, 'oit_settled_stale', '2026-06-13' as IsoDate),
      );
      await db.execute(
        sql`update forecast_settled_invoices set from_date = from_date - 40 where tenant_id = ${tenantId}`,
      );
      expect(await loadParts(new SettledInvoiceCache(store()))).toHaveLength(1);

      const other = await createTenant(db, 'demo-settled-other');
      const seen = await withTenant(db, other.id, (tx) =>
        selectRows<{ count: number }>(tx, sql`select count(*)::int as count from forecast_settled_invoices`),
      );
      expect(seen[0]?.count).toBe(0);
      expect(storeErrors).toEqual([]);
    });
  });

  it('does not keep what a transaction read after writing, which may roll back', async () => {
    const settled = new SettledInvoiceCache();
    const before = await load(settled);
    await expect(
      withTenant(db, tenantId, async (tx) => {
        await insertPaidInvoice(tx, 'oit_rolled_back', '2026-06-11' as IsoDate);
        const seen = await loadKoncernHistory(tx, tenantId, koncernId, TODAY, settled);
        expect(settledCount(seen.invoices)).toBe(settledCount(before) + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await load(settled);
    expect(settledCount(after)).toBe(settledCount(before));
    expect(invoiceLines(after)).toEqual(invoiceLines(await load()));
  });

  it('refuses to change what a settled item says, or to delete it, and lets the rest be', async () => {
    const [item] = await selectRows<{ id: string; amount: string }>(
      db,
      sql`select id, amount_minor::text as amount from open_items
          where tenant_id = ${tenantId} and status = 'settled' order by id limit 1`,
    );
    const id = item?.id ?? '';
    expect(
      await refusal(
        withTenant(db, tenantId, (tx) =>
          tx.execute(sql`update open_items set amount_minor = 1 where id = ${id}`),
        ),
      ),
    ).toMatch(/is settled/);
    expect(
      await refusal(
        withTenant(db, tenantId, (tx) =>
          tx.execute(sql`update open_items set status = 'open' where id = ${id}`),
        ),
      ),
    ).toMatch(/is settled/);
    expect(
      await refusal(
        withTenant(db, tenantId, (tx) => tx.execute(sql`delete from open_items where id = ${id}`)),
      ),
    ).toMatch(/is settled/);
    expect(await refusal(db.execute(sql`truncate open_items cascade`))).toMatch(/cannot be deleted/);
    await withTenant(db, tenantId, (tx) =>
      tx.execute(sql`update open_items set reference = 'noted later' where id = ${id}`),
    );
    const [after] = await selectRows<{ amount: string; status: string; reference: string }>(
      db,
      sql`select amount_minor::text as amount, status, reference from open_items where id = ${id}`,
    );
    expect(after).toEqual({ amount: item?.amount, status: 'settled', reference: 'noted later' });
  });

  // A second connection: PostgreSQL only (PGlite serves one).
  if (engine === 'postgres') {
    it('finds an item settled by a transaction that was still running when it last read', async () => {
      const settled = new SettledInvoiceCache();
      const before = await load(settled);
      const other = new pg.Client({ connectionString: database.url ?? '' });
      await other.connect();
      try {
        await other.query('begin');
        await other.query(
          `insert into open_items (id, tenant_id, company_id, external_id, kind, counterparty_name, amount_minor,
             currency, issue_date, due_date, status, settled_minor, paid_on)
           values ('oit_concurrent', $1, $2, 'concurrent', 'payable', 'Leverantör Tre AB', 500000, 'SEK',
             '2026-05-20', '2026-06-05', 'settled', 500000, '2026-06-12')`,
          [tenantId, companyId],
        );
        const during = await load(settled);
        expect(settledCount(during)).toBe(settledCount(before));
        await other.query('commit');
      } finally {
        await other.end();
      }
      const after = await load(settled);
      expect(settledCount(after)).toBe(settledCount(before) + 1);
      expect(invoiceLines(after)).toEqual(invoiceLines(await load()));
    });
  }
});
