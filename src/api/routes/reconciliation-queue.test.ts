import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createOcr } from '../../banking/ocr';
import type { Problem } from '../../contract/problem';
import type { ReconciliationMatch } from '../../contract/reconciliation';
import type { ReconciliationSummary, UnmatchedOpenItemList } from '../../contract/reconciliation-queue';
import type { Database } from '../db/client';
import { auditLog, outbox, transactions } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { importOpenItemsCsv, OPEN_ITEMS_CSV_HEADER } from '../reconciliation/open-items-import';
import { book, fixtureFor, insertKoncern } from '../reconciliation/test-fixture';
import type { RunningApi } from '../server';

const ids = fixtureFor('queue');
const otherIds = fixtureFor('queueother');
const SIGMA_OCR = createOcr('7200003', { withLengthDigit: true });

/** Open items and payments the engine finds no evidence for: the work a person does by hand. */
async function seed(db: Database, tenantId: string): Promise<{ unknownPayer: string; bigPayment: string }> {
  await insertKoncern(db, tenantId, ids);
  const rows = [
    `M-1,receivable,5560000001,Omega AB,M-1,,1500.00,SEK,2026-11-10`,
    `M-2,receivable,5560000001,Omega AB,M-2,,2500.00,SEK,2026-11-11`,
    `M-3,receivable,5560000001,Sigma 50% AB,M-3,${SIGMA_OCR},800.00,SEK,2026-11-12`,
    `LF-9,payable,5560000001,Epsilon GmbH,LF-9,,500.00,EUR,2026-12-01`,
  ];
  await withTenant(db, tenantId, (tx) =>
    importOpenItemsCsv(tx, tenantId, [OPEN_ITEMS_CSV_HEADER.join(','), ...rows].join('\n')),
  );
  const [unknownPayer = '', bigPayment = ''] = await book(db, tenantId, [
    {
      accountId: ids.sekAccount,
      amountMinor: 1_500_00n,
      counterpartyName: 'Okänd Betalare',
      bookingDate: '2026-11-10',
    },
    {
      accountId: ids.sekAccount,
      amountMinor: 9_000_00n,
      counterpartyName: 'Zeta KB',
      bookingDate: '2026-11-11',
    },
    // Money from the koncern's own cash pool settles no open item: never counted as unmatched.
    {
      accountId: ids.sekAccount,
      amountMinor: 25_000_00n,
      counterpartyName: 'Koncernkonto',
      bookingDate: '2026-11-11',
      intraGroup: true,
    },
  ]);
  return { unknownPayer, bigPayment };
}

describe.each(testEngines)('reconciliation queue API on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readToken: string;
  let tenantId: string;
  let seeded: { unknownPayer: string; bigPayment: string };
  let otherTransaction: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(database.handle.db, 'queue', [
      'read:reconciliation',
      'write:reconciliation',
    ]);
    tenantId = client.tenantId;
    seeded = await seed(database.handle.db, tenantId);
    token = await fetchToken(api.url, client);
    readToken = await fetchToken(api.url, client, 'read:reconciliation');
    const other = await createTestClient(database.handle.db, 'queue-other', ['read:reconciliation']);
    await insertKoncern(database.handle.db, other.tenantId, otherIds);
    [otherTransaction = ''] = await book(database.handle.db, other.tenantId, [
      { accountId: otherIds.sekAccount, amountMinor: 1_500_00n },
    ]);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function call(
    method: string,
    path: string,
    options: { token?: string; key?: string; body?: unknown } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? token}` };
    if (method === 'POST') {
      headers['idempotency-key'] = options.key ?? randomUUID();
      headers['finvis-acting-user'] = 'david.holm';
      headers['finvis-acting-user-name'] = 'David%20Holm';
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  async function json<T>(path: string): Promise<T> {
    const response = await call('GET', path);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as T;
  }

  const summary = () => json<ReconciliationSummary>('/public/reconciliation/summary');
  const unmatched = async (query = '') =>
    (await json<UnmatchedOpenItemList>(`/public/reconciliation/unmatched-open-items${query}`)).results.map(
      (item) => item.external_id,
    );
  const itemId = async (externalId: string) => {
    const found = (
      await json<UnmatchedOpenItemList>('/public/reconciliation/unmatched-open-items')
    ).results.find((item) => item.external_id === externalId);
    if (!found) throw new Error(`${externalId} is not unmatched`);
    return found.id;
  };
  const propose = (body: unknown, key?: string) =>
    call('POST', '/public/reconciliation/matches', { body, ...(key ? { key } : {}) });

  it('summarises an untouched queue: nothing waiting, everything unmatched', async () => {
    expect(await summary()).toMatchObject({
      confirmed_this_week: 0,
      auto_confirmed_this_week: 0,
      auto_matched_share: null,
      proposals_waiting: 0,
      oldest_waiting_since: null,
      oldest_waiting_booking_date: null,
      unmatched_transactions: 2,
      unmatched_open_items: 4,
    });
    expect((await summary()).week_starts_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('finds unmatched open items by name, invoice number, OCR and open amount', async () => {
    expect(await unmatched()).toEqual(['M-1', 'M-2', 'M-3', 'LF-9']);
    expect(await unmatched('?q=omega')).toEqual(['M-1', 'M-2']);
    expect(await unmatched('?q=50%25')).toEqual(['M-3']);
    expect(await unmatched('?amount=1500')).toEqual(['M-1']);
    expect(await unmatched('?amount=500.00&kind=payable')).toEqual(['LF-9']);
    expect(await unmatched(`?ocr=${SIGMA_OCR}`)).toEqual(['M-3']);
    const page = await json<UnmatchedOpenItemList>('/public/reconciliation/unmatched-open-items?limit=3');
    expect(page.results).toHaveLength(3);
    expect(await unmatched(`?limit=3&cursor=${page.next_cursor ?? ''}`)).toEqual(['LF-9']);
  });

  it('answers 400 for a bad search and 404 for a company that is not yours', async () => {
    const bad = await call('GET', '/public/reconciliation/unmatched-open-items?amount=1,5&ocr=abc');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as Problem).errors?.map((e) => e.path).sort()).toEqual(['/amount', '/ocr']);
    expect(
      (await call('GET', `/public/reconciliation/unmatched-open-items?company_id=${otherIds.company}`))
        .status,
    ).toBe(404);
  });

  it('refuses pairs that cannot settle each other and changes nothing', async () => {
    const omega = await itemId('M-1');
    const payable = await itemId('LF-9');
    const cases: { body: unknown; status: number }[] = [
      { body: {}, status: 400 },
      { body: { transaction_ids: [seeded.unknownPayer], open_item_ids: [] }, status: 400 },
      { body: { transaction_ids: [omega], open_item_ids: [omega] }, status: 400 },
      {
        body: { transaction_ids: [seeded.unknownPayer, seeded.unknownPayer], open_item_ids: [omega] },
        status: 400,
      },
      { body: { transaction_ids: [otherTransaction], open_item_ids: [omega] }, status: 404 },
      {
        body: { transaction_ids: [seeded.unknownPayer], open_item_ids: ['oi_doesnotexist0000000000000'] },
        status: 404,
      },
      { body: { transaction_ids: [seeded.unknownPayer], open_item_ids: [payable] }, status: 422 },
      { body: { transaction_ids: [seeded.bigPayment], open_item_ids: [omega] }, status: 422 },
    ];
    for (const { body, status } of cases) {
      const response = await propose(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await summary()).toMatchObject({
      proposals_waiting: 0,
      unmatched_transactions: 2,
      unmatched_open_items: 4,
    });
  });

  it('proposes a pair by hand, records who did it, and never holds a transaction or item twice', async () => {
    const omega = await itemId('M-1');
    const key = randomUUID();
    const response = await propose({ transaction_ids: [seeded.unknownPayer], open_item_ids: [omega] }, key);
    const text = await response.text();
    expect(response.status, text).toBe(201);
    const match = JSON.parse(text) as ReconciliationMatch;
    expect(match).toMatchObject({
      status: 'proposed',
      auto_confirmed: false,
      account_id: ids.sekAccount,
      company_id: ids.company,
      booking_date: '2026-11-10',
      transactions: [{ id: seeded.unknownPayer, amount: { amount: '1500.00', currency: 'SEK' } }],
      open_items: [{ id: omega, external_id: 'M-1', applied: { amount: '1500.00', currency: 'SEK' } }],
      difference: { amount: '0.00', currency: 'SEK' },
      decided_by: null,
    });
    expect(match.reasons.map((r) => r.code)).toContain('amount_exact');
    expect(match.confidence).toBeGreaterThanOrEqual(0);
    expect(match.confidence).toBeLessThan(0.97);

    // The same key and request answer the stored response; nothing is proposed twice.
    const replay = await propose({ transaction_ids: [seeded.unknownPayer], open_item_ids: [omega] }, key);
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as ReconciliationMatch).id).toBe(match.id);

    const again = await propose({
      transaction_ids: [seeded.unknownPayer],
      open_item_ids: [await itemId('M-2')],
    });
    expect(again.status).toBe(409);
    const itemTaken = await propose({ transaction_ids: [seeded.bigPayment], open_item_ids: [omega] });
    expect(itemTaken.status).toBe(409);

    const listed = await json<{ results: ReconciliationMatch[] }>(
      '/public/reconciliation/matches?status=proposed',
    );
    expect(listed.results.map((m) => m.id)).toEqual([match.id]);
    expect(await unmatched()).toEqual(['M-2', 'M-3', 'LF-9']);
    expect(await summary()).toMatchObject({
      proposals_waiting: 1,
      oldest_waiting_since: match.proposed_at,
      oldest_waiting_booking_date: '2026-11-10',
      unmatched_transactions: 1,
      unmatched_open_items: 3,
    });

    await withTenant(database.handle.db, tenantId, async (tx) => {
      const [state] = await tx
        .select({ state: transactions.reconciliationState })
        .from(transactions)
        .where(eq(transactions.id, seeded.unknownPayer));
      expect(state?.state).toBe('proposed');
      const audit = await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'reconciliation_match.proposed'), eq(auditLog.resourceId, match.id)));
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actingUser).toBe('david.holm');
      const events = await tx
        .select({ type: outbox.type })
        .from(outbox)
        .where(eq(outbox.type, 'reconciliation.match.proposed'));
      expect(events).toHaveLength(1);
    });
  });

  it('pays several invoices of one payer with one payment, and counts a confirmation as manual', async () => {
    const response = await propose({
      transaction_ids: [seeded.bigPayment],
      open_item_ids: [await itemId('M-2'), await itemId('M-3')],
    });
    // 9,000 kr for 2,500 + 800 kr: far more than the fee tolerance.
    expect(response.status).toBe(422);
    expect(((await response.json()) as Problem).detail).toContain('9000.00 SEK');

    const [small = ''] = await book(database.handle.db, tenantId, [
      {
        accountId: ids.sekAccount,
        amountMinor: 3_280_00n,
        counterpartyName: 'Omega AB',
        bookingDate: '2026-11-12',
      },
    ]);
    const combined = await propose({
      transaction_ids: [small],
      open_item_ids: [await itemId('M-3'), await itemId('M-2')],
    });
    const text = await combined.text();
    expect(combined.status, text).toBe(201);
    const match = JSON.parse(text) as ReconciliationMatch;
    // Both in full: 20 kr short of 3,300 kr is within the fee tolerance.
    expect(match.open_items.map((i) => [i.external_id, i.applied.amount])).toEqual([
      ['M-2', '2500.00'],
      ['M-3', '800.00'],
    ]);
    expect(match.difference.amount).toBe('-20.00');
    expect(match.reasons.map((r) => r.code)).toContain('combined_payment');

    const confirmed = await call('POST', `/public/reconciliation/matches/${match.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(await summary()).toMatchObject({
      confirmed_this_week: 1,
      auto_confirmed_this_week: 0,
      auto_matched_share: 0,
      proposals_waiting: 1,
      unmatched_open_items: 1,
    });
  });

  it('needs write:reconciliation to propose and keeps other tenants out', async () => {
    const forbidden = await call('POST', '/public/reconciliation/matches', {
      token: readToken,
      body: { transaction_ids: [seeded.bigPayment], open_item_ids: [await itemId('LF-9')] },
    });
    expect(forbidden.status).toBe(403);
    expect((await call('GET', '/public/reconciliation/summary', { token: readToken })).status).toBe(200);
  });
});
