import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createOcr } from '../../banking/ocr';
import type { Transaction } from '../../contract/ledger';
import type { ReconciliationSummary } from '../../contract/reconciliation-queue';
import type { MatchList } from '../../contract/reconciliation';
import type { ReopenedTransaction, TransactionExplanation } from '../../contract/reconciliation-explanations';
import { auditLog } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { reconcileArrivals } from '../reconciliation/engine';
import { saveAutoConfirmBasisPoints } from '../reconciliation/settings';
import { importOpenItemsCsv, OPEN_ITEMS_CSV_HEADER } from '../reconciliation/open-items-import';
import { book, fixtureFor, insertKoncern } from '../reconciliation/test-fixture';
import type { RunningApi } from '../server';

const ids = fixtureFor('explain');
const OCR_LATE = createOcr('8300001', { withLengthDigit: true });
const OCR_QUEUED = createOcr('8300002', { withLengthDigit: true });

describe.each(testEngines)('explaining transactions over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readToken: string;
  let otherToken: string;
  let tenantId: string;
  let salary: string;
  let tax: string;
  let late: string;
  let queued: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(
      database.handle.db,
      'explain',
      ['read:reconciliation', 'write:reconciliation', 'read:ledger'],
      1_000_000,
    );
    tenantId = client.tenantId;
    const db = database.handle.db;
    await insertKoncern(db, tenantId, ids);
    // An invoice the engine will propose, but below the threshold: the payer's name is not the customer's.
    const csv = [
      OPEN_ITEMS_CSV_HEADER.join(','),
      `F8300002,receivable,${ids.orgNumber},Beta AB,8300002,${OCR_QUEUED},2000.00,SEK,2026-11-12`,
    ].join('\n');
    await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, csv));
    // Only an exact OCR with the exact amount and name is confirmed by the engine; Beta's payment waits.
    await withTenant(db, tenantId, (tx) => saveAutoConfirmBasisPoints(tx, tenantId, 9_998));
    [salary = '', tax = '', late = '', queued = ''] = await book(db, tenantId, [
      { accountId: ids.sekAccount, amountMinor: -412_000_00n, counterpartyName: 'Bankgirot Löner' },
      { accountId: ids.sekAccount, amountMinor: -98_500_00n, counterpartyName: 'Skatteverket' },
      // Pays an invoice that is not imported yet.
      { accountId: ids.sekAccount, amountMinor: 1_500_00n, ocr: OCR_LATE, counterpartyName: 'Alfa AB' },
      { accountId: ids.sekAccount, amountMinor: 1_990_00n, ocr: OCR_QUEUED, counterpartyName: 'Beta' },
    ]);
    await withTenant(db, tenantId, (tx) =>
      reconcileArrivals(tx, tenantId, { transactionIds: [salary, tax, late, queued] }),
    );
    token = await fetchToken(api.url, client);
    readToken = await fetchToken(api.url, client, 'read:reconciliation');
    const other = await createTestClient(db, 'explain-other', [
      'read:reconciliation',
      'write:reconciliation',
    ]);
    await insertKoncern(db, other.tenantId, fixtureFor('explain-other'));
    otherToken = await fetchToken(api.url, other);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function post(
    path: string,
    body?: unknown,
    options: { bearer?: string; key?: string; user?: string } = {},
  ) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.bearer ?? token}`,
      'idempotency-key': options.key ?? randomUUID(),
    };
    if (options.user) headers['finvis-acting-user'] = options.user;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${api.url}${path}`, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  const unmatched = async () =>
    (await get<ReconciliationSummary>('/public/reconciliation/summary')).unmatched_transactions;
  const stateOf = async (id: string) => {
    const list = await get<{ results: Transaction[] }>(
      `/public/transactions?account_id=${ids.sekAccount}&limit=100`,
    );
    return list.results.find((t) => t.id === id)?.reconciliation_state;
  };

  it('reconciles a salary run without a match, and it leaves the unmatched transactions', async () => {
    const before = await unmatched();
    const response = await post(
      `/public/reconciliation/transactions/${salary}/explain`,
      { reason: 'salary', note: 'Löner november' },
      { user: 'usr_david_holm' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as TransactionExplanation;
    expect(body).toMatchObject({
      transaction_id: salary,
      account_id: ids.sekAccount,
      booking_date: '2026-11-20',
      amount: { amount: '-412000.00', currency: 'SEK' },
      counterparty_name: 'Bankgirot Löner',
      reason: 'salary',
      note: 'Löner november',
      explained_by: { type: 'user', id: 'usr_david_holm' },
    });
    expect(await stateOf(salary)).toBe('reconciled');
    expect(await unmatched()).toBe(before - 1);
    const [audited] = await database.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.resourceId, salary), eq(auditLog.action, 'transaction.explained')));
    expect(audited).toMatchObject({
      actingUser: 'usr_david_holm',
      detail: { reason: 'salary', note: 'Löner november' },
    });

    const again = await post(`/public/reconciliation/transactions/${salary}/explain`, { reason: 'salary' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { detail: string }).detail).toContain('already reconciled');
  });

  it('refuses a transaction in a proposed match, one of another tenant, and bad reasons, changing nothing', async () => {
    expect(await stateOf(queued)).toBe('proposed');
    const proposed = await post(`/public/reconciliation/transactions/${queued}/explain`, {
      reason: 'other',
      note: 'x',
    });
    expect(proposed.status).toBe(409);
    expect(((await proposed.json()) as { detail: string }).detail).toContain('proposed match');

    const foreign = await post(
      `/public/reconciliation/transactions/${tax}/explain`,
      { reason: 'tax' },
      { bearer: otherToken },
    );
    expect(foreign.status).toBe(404);
    const missing = await post('/public/reconciliation/transactions/txn_zzzzzzzzzzzzzzzz/explain', {
      reason: 'tax',
    });
    expect(missing.status).toBe(404);

    for (const body of [
      { reason: 'other' },
      { reason: 'gift' },
      { reason: 'tax', note: '' },
      {},
      { reason: 'tax', extra: 1 },
    ]) {
      const bad = await post(`/public/reconciliation/transactions/${tax}/explain`, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const readOnly = await post(
      `/public/reconciliation/transactions/${tax}/explain`,
      { reason: 'tax' },
      { bearer: readToken },
    );
    expect(readOnly.status).toBe(403);
    expect(await stateOf(tax)).toBe('unreconciled');
    expect(await stateOf(queued)).toBe('proposed');
  });

  it('replays an explanation sent again with the same key', async () => {
    const first = await post(
      `/public/reconciliation/transactions/${tax}/explain`,
      { reason: 'tax' },
      { key: 'explain-tax' },
    );
    const again = await post(
      `/public/reconciliation/transactions/${tax}/explain`,
      { reason: 'tax' },
      { key: 'explain-tax' },
    );
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
  });

  it('lists what was explained, newest first, by reason and account, a page at a time', async () => {
    type List = { results: TransactionExplanation[]; next_cursor: string | null };
    const all = await get<List>('/public/reconciliation/explanations');
    expect(all.results.map((e) => [e.transaction_id, e.reason, e.note])).toEqual([
      [tax, 'tax', null],
      [salary, 'salary', 'Löner november'],
    ]);
    expect(all.next_cursor).toBeNull();
    const first = await get<List>('/public/reconciliation/explanations?limit=1');
    expect(first.results.map((e) => e.transaction_id)).toEqual([tax]);
    const second = await get<List>(
      `/public/reconciliation/explanations?limit=1&cursor=${encodeURIComponent(first.next_cursor ?? '')}`,
    );
    expect(second.results.map((e) => e.transaction_id)).toEqual([salary]);
    expect(second.next_cursor).toBeNull();
    const salaries = await get<List>(
      `/public/reconciliation/explanations?reason=salary&account_id=${ids.sekAccount}`,
    );
    expect(salaries.results.map((e) => e.transaction_id)).toEqual([salary]);
    const onEur = await get<List>(`/public/reconciliation/explanations?account_id=${ids.eurAccount}`);
    expect(onEur.results).toEqual([]);

    const read = (query: string, bearer = token) =>
      fetch(`${api.url}/public/reconciliation/explanations${query}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    expect((await read('?cursor=garbage')).status).toBe(400);
    expect((await read('?reason=gift')).status).toBe(400);
    expect((await read('?account_id=acct_zzzzzzzzzzzzzzzz')).status).toBe(404);
    // Another tenant sees none of them; reading needs only read:reconciliation.
    const theirs = (await (await read('', otherToken)).json()) as List;
    expect(theirs.results).toEqual([]);
    expect((await read('', readToken)).status).toBe(200);
  });

  it('reopens an explained transaction, and the engine then looks for its counterpart', async () => {
    const explained = await post(`/public/reconciliation/transactions/${late}/explain`, {
      reason: 'other',
      note: 'okänd',
    });
    expect(explained.status).toBe(200);
    // The invoice arrives after the payment was explained away: the engine does not look at reconciled payments.
    const csv = [
      OPEN_ITEMS_CSV_HEADER.join(','),
      `F8300001,receivable,${ids.orgNumber},Alfa AB,8300001,${OCR_LATE},1500.00,SEK,2026-11-10`,
    ].join('\n');
    await withTenant(database.handle.db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, csv));
    const matchesOf = async () =>
      (await get<MatchList>('/public/reconciliation/matches?limit=200')).results.filter((m) =>
        m.transactions.some((t) => t.id === late),
      );
    expect(await matchesOf()).toEqual([]);

    const reopened = await post(`/public/reconciliation/transactions/${late}/reopen`);
    expect(reopened.status).toBe(200);
    expect((await reopened.json()) as ReopenedTransaction).toEqual({
      transaction_id: late,
      reconciliation_state: 'reconciled',
    });
    expect((await matchesOf()).map((m) => [m.status, m.open_items[0]?.external_id])).toEqual([
      ['confirmed', 'F8300001'],
    ]);

    const notExplained = await post(`/public/reconciliation/transactions/${late}/reopen`);
    expect(notExplained.status).toBe(409);
    expect(((await notExplained.json()) as { detail: string }).detail).toContain(
      'not reconciled by an explanation',
    );
  });

  it('reopens a salary run into the unmatched transactions', async () => {
    const before = await unmatched();
    const reopened = await post(`/public/reconciliation/transactions/${salary}/reopen`);
    expect((await reopened.json()) as ReopenedTransaction).toEqual({
      transaction_id: salary,
      reconciliation_state: 'unreconciled',
    });
    expect(await unmatched()).toBe(before + 1);
  });
});
