import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createOcr } from '../../banking/ocr';
import type { Problem } from '../../contract/problem';
import type { MatchList, OpenItemList, ReconciliationMatch } from '../../contract/reconciliation';
import type { Database } from '../db/client';
import { auditLog, outbox, transactions } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { importOpenItemsCsv, OPEN_ITEMS_CSV_HEADER } from '../reconciliation/open-items-import';
import { saveAutoConfirmBasisPoints } from '../reconciliation/settings';
import { book, fixtureFor, insertKoncern } from '../reconciliation/test-fixture';
import type { RunningApi } from '../server';

const ids = fixtureFor('api');
const OCR_AUTO = createOcr('8100001', { withLengthDigit: true });
const OCR_QUEUE = createOcr('8100002', { withLengthDigit: true });
const OCR_PARTIAL = createOcr('8100003', { withLengthDigit: true });

async function seed(db: Database, tenantId: string): Promise<void> {
  await insertKoncern(db, tenantId, ids);
  const rows = [
    `F8100001,receivable,5560000001,Alfa AB,8100001,${OCR_AUTO},1000.00,SEK,2026-11-10`,
    `F8100002,receivable,5560000001,Beta AB,8100002,${OCR_QUEUE},2000.00,SEK,2026-11-12`,
    `F8100003,receivable,5560000001,Gamma AB,8100003,${OCR_PARTIAL},3000.00,SEK,2026-11-14`,
    `F8100004,receivable,5560000001,Delta AB,8100004,,4000.00,SEK,2026-11-16`,
    `F8100005,receivable,5560000001,Delta AB,8100005,,4000.00,SEK,2026-11-17`,
    `LF-1,payable,5560000001,Epsilon AB,Fakt 1,,500.00,EUR,2026-12-01`,
  ];
  await withTenant(db, tenantId, (tx) =>
    importOpenItemsCsv(tx, tenantId, [OPEN_ITEMS_CSV_HEADER.join(','), ...rows].join('\n')),
  );
  // Only an exact OCR with the exact amount and name reaches 99.98 %: the rest waits in the queue.
  await withTenant(db, tenantId, (tx) => saveAutoConfirmBasisPoints(tx, tenantId, 9_998));
  const booked = await book(db, tenantId, [
    {
      accountId: ids.sekAccount,
      amountMinor: 1_000_00n,
      ocr: OCR_AUTO,
      counterpartyName: 'Alfa AB',
      bookingDate: '2026-11-10',
    },
    {
      accountId: ids.sekAccount,
      amountMinor: 1_990_00n,
      ocr: OCR_QUEUE,
      counterpartyName: 'Beta',
      bookingDate: '2026-11-12',
    },
    {
      accountId: ids.sekAccount,
      amountMinor: 1_000_00n,
      ocr: OCR_PARTIAL,
      counterpartyName: 'Gamma AB',
      bookingDate: '2026-11-14',
    },
    {
      accountId: ids.sekAccount,
      amountMinor: 4_000_00n,
      counterpartyName: 'Delta AB',
      bookingDate: '2026-11-17',
    },
  ]);
  const { reconcileArrivals } = await import('../reconciliation/engine');
  await withTenant(db, tenantId, (tx) => reconcileArrivals(tx, tenantId, { transactionIds: booked }));
}

describe.each(testEngines)('reconciliation API on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readToken: string;
  let otherToken: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(
      database.handle.db,
      'recon',
      ['read:reconciliation', 'write:reconciliation', 'read:ledger'],
      1_000_000,
    );
    tenantId = client.tenantId;
    await seed(database.handle.db, tenantId);
    token = await fetchToken(api.url, client);
    readToken = await fetchToken(api.url, client, 'read:reconciliation');
    const other = await createTestClient(database.handle.db, 'recon-other', [
      'read:reconciliation',
      'write:reconciliation',
    ]);
    await insertKoncern(database.handle.db, other.tenantId, fixtureFor('other'));
    otherToken = await fetchToken(api.url, other);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function call(
    method: string,
    path: string,
    options: { token?: string; key?: string; user?: string; body?: unknown } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? token}` };
    if (method === 'POST') headers['idempotency-key'] = options.key ?? randomUUID();
    if (options.user) headers['finvis-acting-user'] = options.user;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  async function json<T>(path: string, options: { token?: string } = {}): Promise<T> {
    const response = await call('GET', path, options);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as T;
  }

  async function matches(query = ''): Promise<ReconciliationMatch[]> {
    return (await json<MatchList>(`/public/reconciliation/matches${query}`)).results;
  }

  function byItem(list: ReconciliationMatch[], externalId: string): ReconciliationMatch {
    const found = list.find((m) => m.open_items.some((i) => i.external_id === externalId));
    if (!found) throw new Error(`no match for ${externalId} in ${JSON.stringify(list)}`);
    return found;
  }

  it('lists open items by due date with filters and cursor pagination', async () => {
    const all = await json<OpenItemList>('/public/reconciliation/open-items/');
    expect(all.results.map((i) => i.external_id)).toEqual([
      'F8100001',
      'F8100002',
      'F8100003',
      'F8100004',
      'F8100005',
      'LF-1',
    ]);
    expect(all.results[0]).toMatchObject({
      kind: 'receivable',
      status: 'settled',
      amount: { amount: '1000.00', currency: 'SEK' },
      open_amount: { amount: '0.00', currency: 'SEK' },
      ocr: OCR_AUTO,
    });
    const payables = await json<OpenItemList>('/public/reconciliation/open-items?kind=payable');
    expect(payables.results).toMatchObject([
      { external_id: 'LF-1', amount: { amount: '500.00', currency: 'EUR' } },
    ]);
    const open = await json<OpenItemList>(
      `/public/reconciliation/open-items?status=open&company_id=${ids.company}&due_date_from=2026-11-12&due_date_to=2026-11-16`,
    );
    expect(open.results.map((i) => i.external_id)).toEqual(['F8100002', 'F8100003', 'F8100004']);

    const first = await json<OpenItemList>('/public/reconciliation/open-items?limit=4');
    expect(first.results).toHaveLength(4);
    const second = await json<OpenItemList>(
      `/public/reconciliation/open-items?limit=4&cursor=${first.next_cursor ?? ''}`,
    );
    expect(second.results.map((i) => i.external_id)).toEqual(['F8100005', 'LF-1']);
    expect(second.next_cursor).toBeNull();
  });

  it('answers 400 for bad filters and 404 for a company that is not yours', async () => {
    const bad = await call('GET', '/public/reconciliation/open-items?kind=invoice&status=paid');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as Problem).errors?.map((e) => e.path).sort()).toEqual(['/kind', '/status']);
    const reversed = await call(
      'GET',
      '/public/reconciliation/open-items?due_date_from=2026-12-01&due_date_to=2026-11-01',
    );
    expect(((await reversed.json()) as Problem).errors?.map((e) => e.path)).toEqual(['/due_date_from']);
    expect((await call('GET', '/public/reconciliation/open-items?cursor=bm90LW91cnM')).status).toBe(400);
    expect(
      (await call('GET', `/public/reconciliation/open-items?company_id=${fixtureFor('other').company}`))
        .status,
    ).toBe(404);
    expect((await call('GET', '/public/reconciliation/matches?confidence_min=1.5')).status).toBe(400);
    expect(
      (await call('GET', '/public/reconciliation/matches?confidence_min=0.9&confidence_max=0.5')).status,
    ).toBe(400);
    expect(
      (await call('GET', `/public/reconciliation/matches?account_id=${fixtureFor('other').sekAccount}`))
        .status,
    ).toBe(404);
  });

  it('lists the queue with its confidence and reasons, filtered by status, confidence, account, company and date', async () => {
    const all = await matches();
    expect(all).toHaveLength(4);
    const auto = byItem(all, 'F8100001');
    expect(auto).toMatchObject({ status: 'confirmed', auto_confirmed: true, decided_by: { type: 'engine' } });
    expect(auto.confidence).toBeGreaterThanOrEqual(0.9998);
    const fee = byItem(all, 'F8100002');
    expect(fee).toMatchObject({
      status: 'proposed',
      difference: { amount: '-10.00', currency: 'SEK' },
      open_items: [{ external_id: 'F8100002', applied: { amount: '2000.00', currency: 'SEK' } }],
    });
    expect(fee.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['ocr_exact', 'amount_within_tolerance']),
    );

    const proposed = await matches('?status=proposed');
    expect(proposed.map((m) => m.status)).toEqual(['proposed', 'proposed', 'proposed']);
    const confident = await matches('?confidence_min=0.9998');
    expect(confident.map((m) => m.id)).toEqual([auto.id]);
    const unsure = await matches('?confidence_max=0.95');
    expect(unsure.length).toBeGreaterThan(0);
    expect(unsure.every((m) => m.confidence <= 0.95)).toBe(true);
    expect(await matches(`?account_id=${ids.sekAccount}&company_id=${ids.company}`)).toHaveLength(4);
    expect(await matches(`?account_id=${ids.eurAccount}`)).toEqual([]);
    expect(
      (await matches('?date_from=2026-11-14&date_to=2026-11-17')).map((m) => m.booking_date).sort(),
    ).toEqual(['2026-11-14', '2026-11-17']);
    const page = await json<MatchList>('/public/reconciliation/matches?limit=3');
    const rest = await json<MatchList>(
      `/public/reconciliation/matches?limit=3&cursor=${page.next_cursor ?? ''}`,
    );
    expect([...page.results, ...rest.results].map((m) => m.id)).toEqual(all.map((m) => m.id));

    expect(await json<ReconciliationMatch>(`/public/reconciliation/matches/${auto.id}`)).toEqual(auto);
    expect(
      (await call('GET', `/public/reconciliation/matches/${auto.id}`, { token: otherToken })).status,
    ).toBe(404);
    expect((await call('GET', '/public/reconciliation/matches/match_doesnotexist01')).status).toBe(404);
    expect((await call('GET', '/public/reconciliation/matches/txn_wrongkind0001')).status).toBe(400);
  });

  it('confirms a match: reconciles the transaction, settles the item, records who, writes the event; idempotent', async () => {
    const fee = byItem(await matches('?status=proposed'), 'F8100002');
    const key = randomUUID();
    const response = await call('POST', `/public/reconciliation/matches/${fee.id}/confirm`, {
      key,
      user: 'david.holm',
    });
    expect(response.status).toBe(200);
    const confirmed = (await response.json()) as ReconciliationMatch;
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      auto_confirmed: false,
      decided_by: { type: 'user', id: 'david.holm' },
    });

    const replay = await call('POST', `/public/reconciliation/matches/${fee.id}/confirm`, {
      key,
      user: 'david.holm',
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(confirmed);
    const again = await call('POST', `/public/reconciliation/matches/${fee.id}/confirm`, {
      user: 'david.holm',
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).detail).toContain('confirmed');

    const item = (
      await json<OpenItemList>(
        '/public/reconciliation/open-items?due_date_from=2026-11-12&due_date_to=2026-11-12',
      )
    ).results[0];
    expect(item).toMatchObject({ status: 'settled', open_amount: { amount: '0.00', currency: 'SEK' } });
    const db = database.handle.db;
    const [booked] = await withTenant(db, tenantId, (tx) =>
      tx
        .select()
        .from(transactions)
        .where(eq(transactions.id, fee.transactions[0]?.id ?? '')),
    );
    expect(booked?.reconciliationState).toBe('reconciled');
    const events = await withTenant(db, tenantId, (tx) =>
      tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.tenantId, tenantId), eq(outbox.type, 'reconciliation.match.confirmed'))),
    );
    const event = events.find((e) => (e.payload as { data: { id: string } }).data.id === fee.id);
    expect((event?.payload as { data: unknown }).data).toEqual(confirmed);
    const [audit] = await withTenant(db, tenantId, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.resourceId, fee.id), eq(auditLog.action, 'reconciliation_match.confirmed'))),
    );
    expect(audit).toMatchObject({ actingUser: 'david.holm', tenantId });
  });

  it('confirming a partial payment leaves the rest of the invoice open', async () => {
    const partial = byItem(await matches('?status=proposed'), 'F8100003');
    expect(partial.reasons.map((r) => r.code)).toContain('partial_payment');
    expect((await call('POST', `/public/reconciliation/matches/${partial.id}/confirm`)).status).toBe(200);
    const item = (
      await json<OpenItemList>(
        '/public/reconciliation/open-items?due_date_from=2026-11-14&due_date_to=2026-11-14',
      )
    ).results[0];
    expect(item).toMatchObject({
      status: 'open',
      amount: { amount: '3000.00', currency: 'SEK' },
      open_amount: { amount: '2000.00', currency: 'SEK' },
    });
  });

  it('rejecting frees both sides, and the engine never proposes that pair again', async () => {
    const lookalike = (await matches('?status=proposed')).find(
      (m) => m.open_items[0]?.counterparty_name === 'Delta AB',
    );
    if (!lookalike) throw new Error('the Delta AB payment was not proposed');
    const [rejectedItem] = lookalike.open_items.map((i) => i.external_id);
    const transactionId = lookalike.transactions[0]?.id;
    const response = await call('POST', `/public/reconciliation/matches/${lookalike.id}/reject`, {
      user: 'david.holm',
      body: { reason: 'paid the other invoice' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'rejected', decided_by: { id: 'david.holm' } });
    // Freed, the payment is proposed for the other invoice of the same customer instead.
    const next = (await matches('?status=proposed')).find((m) =>
      m.transactions.some((t) => t.id === transactionId),
    );
    expect(next?.open_items.map((i) => i.external_id)).toEqual([
      rejectedItem === 'F8100004' ? 'F8100005' : 'F8100004',
    ]);
    expect((await call('POST', `/public/reconciliation/matches/${lookalike.id}/reject`)).status).toBe(409);
  });

  it('guards the writes: scope, Idempotency-Key, ids of other tenants', async () => {
    const [queued] = await matches('?status=proposed');
    const id = queued?.id ?? 'match_none000000001';
    expect(
      (await call('POST', `/public/reconciliation/matches/${id}/confirm`, { token: readToken })).status,
    ).toBe(403);
    const noKey = await fetch(`${api.url}/public/reconciliation/matches/${id}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(noKey.status).toBe(400);
    expect(
      (await call('POST', `/public/reconciliation/matches/${id}/confirm`, { token: otherToken })).status,
    ).toBe(404);
    expect(
      (await call('POST', `/public/reconciliation/matches/${id}/reject`, { token: otherToken })).status,
    ).toBe(404);
    const unchanged = await json<ReconciliationMatch>(`/public/reconciliation/matches/${id}`);
    expect(unchanged.status).toBe('proposed');
  });
});
