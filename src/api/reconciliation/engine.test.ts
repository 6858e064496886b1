import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createOcr } from '../../banking/ocr';
import { createTenant } from '../repositories/tenants';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import {
  openItems,
  outbox,
  reconciliationMatches,
  reconciliationMatchTransactions,
  transactions,
} from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { ProblemError } from '../http/problem';
import { onOutboxWrite } from '../webhooks/events';
import { reconcileArrivals, reconcileTenant } from './engine';
import { getMatch } from './matches';
import { importOpenItemsCsv, OPEN_ITEMS_CSV_HEADER } from './open-items-import';
import { saveAutoConfirmBasisPoints } from './settings';
import { book, fixtureFor, insertKoncern } from './test-fixture';

const HEADER = OPEN_ITEMS_CSV_HEADER.join(',');

function csv(...rows: string[]): string {
  return `${HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

describe.each(testEngines)('the reconciliation engine in the database on %s', (engine) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    db = database.handle.db;
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function tenant(name: string) {
    const { id } = await createTenant(db, name);
    const ids = fixtureFor(name.replace(/[^a-z0-9]/g, ''));
    await insertKoncern(db, id, ids);
    return { tenantId: id, ids };
  }

  async function itemsOf(tenantId: string) {
    return withTenant(db, tenantId, (tx) => tx.select().from(openItems).orderBy(openItems.externalId));
  }

  it('imports open items from CSV, reconciles them against booked payments, and is idempotent', async () => {
    const { tenantId, ids } = await tenant('import-a');
    const ocr = createOcr('8001001', { withLengthDigit: true });
    const [paid] = await book(db, tenantId, [
      { accountId: ids.sekAccount, amountMinor: 12_500_00n, ocr, counterpartyName: 'Bergström Bygg AB' },
    ]);
    const file = csv(
      `F8001001,receivable,556000-0001,Bergström Bygg AB,8001001,${ocr},12500.00,SEK,2026-11-18`,
      `LF-77,payable,5560000001,"Kontorsvaror i Norden, AB",Fakt 5531,,"1999.50",SEK,2026-12-01`,
    );
    const first = await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, file));
    expect(first).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    expect(first.reconciliation.autoConfirmed).toBe(1);

    const items = await itemsOf(tenantId);
    expect(items.map((i) => [i.externalId, i.kind, i.counterpartyName, i.amountMinor, i.status])).toEqual([
      ['F8001001', 'receivable', 'Bergström Bygg AB', 12_500_00n, 'settled'],
      ['LF-77', 'payable', 'Kontorsvaror i Norden, AB', 1_999_50n, 'open'],
    ]);
    const [booked] = await withTenant(db, tenantId, (tx) =>
      tx
        .select()
        .from(transactions)
        .where(eq(transactions.id, paid ?? '')),
    );
    expect(booked?.reconciliationState).toBe('reconciled');
    const events = await withTenant(db, tenantId, (tx) =>
      tx.select().from(outbox).where(eq(outbox.tenantId, tenantId)),
    );
    expect(events.map((e) => e.type)).toEqual(['reconciliation.match.confirmed']);
    const data = (events[0]?.payload as { data: Record<string, unknown> }).data;
    expect(data).toMatchObject({
      status: 'confirmed',
      auto_confirmed: true,
      decided_by: { type: 'engine' },
      transactions: [{ id: paid, amount: { amount: '12500.00', currency: 'SEK' } }],
      open_items: [{ external_id: 'F8001001', applied: { amount: '12500.00', currency: 'SEK' } }],
    });

    const again = await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, file));
    expect(again).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await itemsOf(tenantId)).toHaveLength(2);

    const changed = await withTenant(db, tenantId, (tx) =>
      importOpenItemsCsv(
        tx,
        tenantId,
        csv(`LF-77,payable,5560000001,"Kontorsvaror i Norden, AB",Fakt 5531,,2100.00,SEK,2026-12-01`),
      ),
    );
    expect(changed).toMatchObject({ created: 0, updated: 1 });
    expect((await itemsOf(tenantId))[1]?.amountMinor).toBe(2_100_00n);
  });

  it('refuses a broken file with the line and column of every error, and imports nothing', async () => {
    const { tenantId } = await tenant('import-b');
    const file = csv(
      'F1,receivable,5560000001,Good AB,,,100.00,SEK,2026-12-01',
      'F2,invoice,5560000001,Bad Kind AB,,,100.00,SEK,2026-12-01',
      'F3,receivable,5569999999,Nobody AB,,,100.00,SEK,2026-12-01',
      'F4,receivable,5560000001,Bad Ocr AB,,1234567890,100.00,SEK,2026-12-01',
      'F5,receivable,5560000001,Bad Amount AB,,,100.005,SEK,2026-12-01',
      'F6,receivable,5560000001,Bad Date AB,,,100.00,SEK,2026-02-30',
      'F1,receivable,5560000001,Twice AB,,,100.00,SEK,2026-12-01',
      'F8,receivable,5560000001,Short AB',
    );
    const failure = await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, file)).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProblemError);
    const problem = failure as ProblemError;
    expect(problem.status).toBe(422);
    expect(problem.errors?.map((e) => e.path)).toEqual([
      '/lines/3/kind',
      '/lines/4/company_org_number',
      '/lines/5/ocr',
      '/lines/6/amount',
      '/lines/7/due_date',
      '/lines/8/external_id',
      '/lines/9',
    ]);
    expect(problem.errors?.find((e) => e.path === '/lines/5/ocr')?.message).toMatch(/check digit/);
    expect(await itemsOf(tenantId)).toEqual([]);

    const badHeader = (await withTenant(db, tenantId, (tx) =>
      importOpenItemsCsv(tx, tenantId, 'id,amount\n1,2\n'),
    ).catch((error: unknown) => error)) as ProblemError;
    expect(badHeader.errors).toEqual([
      { path: '/lines/1', message: expect.stringContaining(HEADER) as string },
    ]);
  });

  it('reconciles one arriving transaction through indexed lookups in the same transaction', async () => {
    const { tenantId, ids } = await tenant('arrival');
    await withTenant(db, tenantId, (tx) =>
      importOpenItemsCsv(
        tx,
        tenantId,
        csv(
          'F9001,receivable,5560000001,Lindqvist Konsult AB,9001,,8000.00,SEK,2026-11-15',
          'F9002,receivable,5560000001,Lindqvist Konsult AB,9002,,8000.00,SEK,2026-11-16',
        ),
      ),
    );
    const [arrived] = await book(db, tenantId, [
      { accountId: ids.sekAccount, amountMinor: 8_000_00n, counterpartyName: 'Lindqvist Konsult AB' },
    ]);
    const summary = await withTenant(db, tenantId, (tx) =>
      reconcileArrivals(tx, tenantId, { transactionIds: [arrived ?? ''] }),
    );
    // Two invoices fit equally: one is proposed for a person to decide, nothing is confirmed.
    expect(summary).toMatchObject({
      proposed: 1,
      autoConfirmed: 0,
      transactionsConsidered: 1,
      openItemsConsidered: 2,
    });
    const [state] = await withTenant(db, tenantId, (tx) =>
      tx
        .select({ s: transactions.reconciliationState })
        .from(transactions)
        .where(eq(transactions.id, arrived ?? '')),
    );
    expect(state?.s).toBe('proposed');
    const events = await withTenant(db, tenantId, (tx) =>
      tx.select().from(outbox).where(eq(outbox.tenantId, tenantId)),
    );
    expect(events.map((e) => e.type)).toEqual(['reconciliation.match.proposed']);
  });

  it('writes every match event with exactly the match the API answers, combined payments and fees included, and wakes the dispatchers', async () => {
    const { tenantId, ids } = await tenant('events');
    const ocr = createOcr('6006006', { withLengthDigit: true });
    await withTenant(db, tenantId, (tx) =>
      importOpenItemsCsv(
        tx,
        tenantId,
        csv(
          `F6006,receivable,5560000001,Ek & Co AB,6006,${ocr},1234.50,SEK,2026-11-18`,
          'F6101,receivable,5560000001,Dahl Åkeri AB,6101,,3000.00,SEK,2026-11-10',
          'F6102,receivable,5560000001,Dahl Åkeri AB,6102,,4500.25,SEK,2026-11-12',
          'F6201,receivable,5560000001,Nyberg Trä AB,6201,,950.00,SEK,2026-11-14',
        ),
      ),
    );
    await book(db, tenantId, [
      // A bank fee taken off an exact OCR, one payment for two invoices, and an amount alone.
      { accountId: ids.sekAccount, amountMinor: 1_204_50n, ocr, counterpartyName: 'EK & CO AB' },
      { accountId: ids.sekAccount, amountMinor: 7_500_25n, counterpartyName: 'Dahl Åkeri AB' },
      { accountId: ids.sekAccount, amountMinor: 950_00n, counterpartyName: 'Nyberg Trä' },
    ]);
    let dispatcherWoken = 0;
    const stopListening = onOutboxWrite(() => (dispatcherWoken += 1));
    const summary = await withTenant(db, tenantId, (tx) => reconcileTenant(tx, tenantId)).finally(
      stopListening,
    );
    expect(summary.autoConfirmed + summary.proposed).toBe(3);
    // The webhook dispatchers of this process look at once instead of at their next poll.
    expect(dispatcherWoken).toBe(1);

    const { events, views } = await withTenant(db, tenantId, async (tx) => {
      const rows = await tx.select().from(outbox).where(eq(outbox.tenantId, tenantId));
      const payloads = rows.map((row) => row.payload as { id: string; type: string; data: { id: string } });
      // One after another: a transaction's connection runs one query at a time.
      const matches = [];
      for (const payload of payloads) matches.push(await getMatch(tx, payload.data.id));
      return { events: rows, views: matches };
    });
    expect(events).toHaveLength(3);
    events.forEach((event, i) => {
      const view = views[i];
      expect(view).not.toBeNull();
      expect(event.type).toBe(`reconciliation.match.${view?.status ?? ''}`);
      expect(event.payload).toEqual({
        id: event.id,
        type: event.type,
        created_at: view?.proposed_at,
        data: view,
      });
    });
    const combined = views.find((view) => view?.open_items.length === 2);
    expect(combined?.open_items.map((item) => item.applied.amount).sort()).toEqual(['3000.00', '4500.25']);
    const fee = views.find((view) => view?.open_items[0]?.external_id === 'F6006');
    expect(fee?.difference).toEqual({ amount: '-30.00', currency: 'SEK' });
  });

  it('lets the database refuse a transaction in two live matches', async () => {
    const { tenantId, ids } = await tenant('wall');
    const ocr = createOcr('7007007', { withLengthDigit: true });
    await withTenant(db, tenantId, (tx) =>
      importOpenItemsCsv(
        tx,
        tenantId,
        csv(`F7007,receivable,5560000001,Wall AB,,${ocr},700.00,SEK,2026-11-20`),
      ),
    );
    await withTenant(db, tenantId, (tx) => saveAutoConfirmBasisPoints(tx, tenantId, 10_000));
    const [paid] = await book(db, tenantId, [{ accountId: ids.sekAccount, amountMinor: 700_00n, ocr }]);
    await withTenant(db, tenantId, (tx) => reconcileArrivals(tx, tenantId, { transactionIds: [paid ?? ''] }));
    const [match] = await withTenant(db, tenantId, (tx) =>
      tx.select().from(reconciliationMatches).where(eq(reconciliationMatches.tenantId, tenantId)),
    );
    // The tenant's threshold is 100 %: an exact OCR waits for a person.
    expect(match?.status).toBe('proposed');
    const duplicate = withTenant(db, tenantId, async (tx) => {
      if (!match) throw new Error('no match was proposed');
      await tx.insert(reconciliationMatches).values({ ...match, id: 'match_duplicate0001' });
      await tx
        .insert(reconciliationMatchTransactions)
        .values({ tenantId, matchId: 'match_duplicate0001', transactionId: paid ?? '' });
    });
    await expect(duplicate).rejects.toMatchObject({
      cause: { code: '23505', constraint: 'reconciliation_match_transactions_live_idx' },
    });
  });

  it('lets the database refuse a match or a member row that points into another tenant', async () => {
    const ours = await tenant('own-refs');
    const theirs = await tenant('their-refs');
    const [paid] = await book(db, ours.tenantId, [{ accountId: ours.ids.sekAccount, amountMinor: 100_00n }]);
    const match = (id: string, tenantId: string, accountId: string, companyId: string) => ({
      id,
      tenantId,
      status: 'proposed',
      confidenceBasisPoints: 6_000,
      reasons: [],
      accountId,
      companyId,
      bookingDate: '2026-11-20',
      currency: 'SEK',
      differenceMinor: 0n,
    });
    const violation = { cause: { code: '23503' } };
    // The owner's connection, which row-level security does not limit: only the foreign keys refuse.
    await expect(
      db
        .insert(reconciliationMatches)
        .values(match('match_crossaccount01', ours.tenantId, theirs.ids.sekAccount, ours.ids.company)),
    ).rejects.toMatchObject(violation);
    await expect(
      db
        .insert(reconciliationMatches)
        .values(match('match_crosscompany01', ours.tenantId, ours.ids.sekAccount, theirs.ids.company)),
    ).rejects.toMatchObject(violation);
    await db
      .insert(reconciliationMatches)
      .values(match('match_ownrefs000001', ours.tenantId, ours.ids.sekAccount, ours.ids.company));
    await expect(
      db.insert(reconciliationMatchTransactions).values({
        tenantId: theirs.tenantId,
        matchId: 'match_ownrefs000001',
        transactionId: paid ?? '',
      }),
    ).rejects.toMatchObject(violation);
    await db
      .insert(reconciliationMatchTransactions)
      .values({ tenantId: ours.tenantId, matchId: 'match_ownrefs000001', transactionId: paid ?? '' });
    const members = await db
      .select()
      .from(reconciliationMatchTransactions)
      .where(eq(reconciliationMatchTransactions.matchId, 'match_ownrefs000001'));
    expect(members.map((m) => m.tenantId)).toEqual([ours.tenantId]);
  });

  it('matches our own payment batch lines by end-to-end id on a full run', async () => {
    const { tenantId, ids } = await tenant('ownpay');
    await withTenant(db, tenantId, async (tx) => {
      await tx.execute(sql`insert into payment_batches (id, tenant_id, debtor_account_id, company_id, status,
          payment_count, first_execution_date, last_execution_date, created_by)
        values ('batch_ownpay000001', ${tenantId}, ${ids.sekAccount}, ${ids.company}, 'executed', 1,
          '2026-11-19', '2026-11-19', '{"type":"client","id":"cli_x","name":null}'::jsonb)`);
      await tx.execute(sql`insert into payment_lines (id, tenant_id, batch_id, position, creditor_name,
          creditor_kind, creditor_account, amount_minor, currency, execution_date, message, end_to_end_id, status)
        values ('pmt_ownpay00000001', ${tenantId}, 'batch_ownpay000001', 0, 'Leverantör AB', 'bankgiro',
          '50501055', 4200000, 'SEK', '2026-11-19', 'Fakt 991', 'E2E-OWN-0001', 'executed')`);
    });
    await book(db, tenantId, [
      {
        accountId: ids.sekAccount,
        amountMinor: -42_000_00n,
        endToEndId: 'E2E-OWN-0001',
        counterpartyName: 'LEV AB',
      },
      { accountId: ids.sekAccount, amountMinor: -5_00n, counterpartyName: 'SEB', message: 'Avgift' },
    ]);
    const summary = await withTenant(db, tenantId, (tx) => reconcileTenant(tx, tenantId));
    expect(summary).toMatchObject({ autoConfirmed: 1, proposed: 0, openItemsConsidered: 1 });
    const items = await itemsOf(tenantId);
    expect(items).toMatchObject([
      {
        externalId: 'pmt_ownpay00000001',
        paymentLineId: 'pmt_ownpay00000001',
        kind: 'payable',
        status: 'settled',
      },
    ]);
    // A second full run finds nothing new.
    expect(await withTenant(db, tenantId, (tx) => reconcileTenant(tx, tenantId))).toMatchObject({
      autoConfirmed: 0,
      proposed: 0,
    });
  });

  it("never sees another tenant's transactions or items", async () => {
    const a = await tenant('iso-a');
    const b = await tenant('iso-b');
    const ocr = createOcr('5005005', { withLengthDigit: true });
    await withTenant(db, a.tenantId, (tx) =>
      importOpenItemsCsv(
        tx,
        a.tenantId,
        csv(`F5005,receivable,5560000001,Iso AB,,${ocr},500.00,SEK,2026-11-20`),
      ),
    );
    await book(db, b.tenantId, [{ accountId: b.ids.sekAccount, amountMinor: 500_00n, ocr }]);
    expect(await withTenant(db, b.tenantId, (tx) => reconcileTenant(tx, b.tenantId))).toMatchObject({
      openItemsConsidered: 0,
      proposed: 0,
      autoConfirmed: 0,
    });
    const rows = await selectRows<{ n: string }>(
      db,
      sql`select count(*)::text as n from reconciliation_matches where tenant_id = ${b.tenantId}`,
    );
    expect(rows[0]?.n).toBe('0');
    const [item] = await withTenant(db, a.tenantId, (tx) =>
      tx
        .select()
        .from(openItems)
        .where(and(eq(openItems.tenantId, a.tenantId))),
    );
    expect(item?.status).toBe('open');
  });
});
