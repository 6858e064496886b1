import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createOcr } from '../../banking/ocr';
import type { MatchList } from '../../contract/reconciliation';
import type { ReconciliationSettings } from '../../contract/reconciliation-settings';
import { auditLog } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { reconcileArrivals } from '../reconciliation/engine';
import { importOpenItemsCsv, OPEN_ITEMS_CSV_HEADER } from '../reconciliation/open-items-import';
import { book, fixtureFor, insertKoncern } from '../reconciliation/test-fixture';
import type { RunningApi } from '../server';

const ids = fixtureFor('settings');
const PATH = '/public/reconciliation/settings';

describe.each(testEngines)('reconciliation settings API on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readToken: string;
  let ledgerToken: string;
  let otherToken: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(
      database.handle.db,
      'recon-settings',
      ['read:reconciliation', 'write:reconciliation', 'read:ledger'],
      1_000_000,
    );
    tenantId = client.tenantId;
    await insertKoncern(database.handle.db, tenantId, ids);
    token = await fetchToken(api.url, client);
    readToken = await fetchToken(api.url, client, 'read:reconciliation');
    ledgerToken = await fetchToken(api.url, client, 'read:ledger');
    const other = await createTestClient(database.handle.db, 'recon-settings-other', [
      'read:reconciliation',
      'write:reconciliation',
    ]);
    otherToken = await fetchToken(api.url, other);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function read(bearer = token) {
    return fetch(`${api.url}${PATH}`, { headers: { authorization: `Bearer ${bearer}` } });
  }

  function write(body: unknown, options: { key?: string | null; bearer?: string; user?: string } = {}) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.bearer ?? token}`,
      'content-type': 'application/json',
    };
    if (options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
    if (options.user) headers['finvis-acting-user'] = options.user;
    return fetch(`${api.url}${PATH}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  async function settings(bearer = token): Promise<ReconciliationSettings> {
    const response = await read(bearer);
    expect(response.status).toBe(200);
    return (await response.json()) as ReconciliationSettings;
  }

  /** One exact pair (OCR, amount, name): the engine gives it 0.9999. Returns the match's status. */
  let pairs = 0;
  async function arrivePair(): Promise<{ status: string; confidence: number }> {
    pairs += 1;
    const reference = `820000${pairs}`;
    const ocr = createOcr(reference, { withLengthDigit: true });
    const csv = [
      OPEN_ITEMS_CSV_HEADER.join(','),
      `F${reference},receivable,${ids.orgNumber},Alfa AB,${reference},${ocr},1500.00,SEK,2026-11-10`,
    ].join('\n');
    const db = database.handle.db;
    await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, csv));
    const booked = await book(db, tenantId, [
      {
        accountId: ids.sekAccount,
        amountMinor: 1_500_00n,
        ocr,
        counterpartyName: 'Alfa AB',
        bookingDate: '2026-11-10',
      },
    ]);
    await withTenant(db, tenantId, (tx) => reconcileArrivals(tx, tenantId, { transactionIds: booked }));
    const response = await fetch(`${api.url}/public/reconciliation/matches?limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const list = (await response.json()) as MatchList;
    const match = list.results.find((m) => m.open_items.some((item) => item.external_id === `F${reference}`));
    if (!match) throw new Error(`no match for F${reference}`);
    return { status: match.status, confidence: match.confidence };
  }

  it('answers the default threshold until the tenant sets one', async () => {
    expect(await settings()).toEqual({ auto_confirm_threshold: 0.97, is_default: true, updated_at: null });
    expect(await settings(readToken)).toMatchObject({ auto_confirm_threshold: 0.97 });
  });

  it('sets the threshold, audits who changed it from what, and the engine applies it to what arrives next', async () => {
    expect(await arrivePair()).toEqual({ status: 'confirmed', confidence: 0.9999 });

    const raised = await write({ auto_confirm_threshold: 1 }, { user: 'usr_treasurer' });
    expect(raised.status).toBe(200);
    const body = (await raised.json()) as ReconciliationSettings;
    expect(body).toMatchObject({ auto_confirm_threshold: 1, is_default: false });
    expect(Date.parse(body.updated_at ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(await settings()).toEqual(body);
    expect(await arrivePair()).toEqual({ status: 'proposed', confidence: 0.9999 });

    const lowered = await write({ auto_confirm_threshold: 0.9999 });
    expect(((await lowered.json()) as ReconciliationSettings).auto_confirm_threshold).toBe(0.9999);
    expect(await arrivePair()).toEqual({ status: 'confirmed', confidence: 0.9999 });

    const audited = await database.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, 'reconciliation_settings.updated')))
      .orderBy(auditLog.id);
    expect(audited.map((row) => [row.actingUser, row.detail])).toEqual([
      ['usr_treasurer', { auto_confirm_threshold: { from: 0.97, to: 1 } }],
      [null, { auto_confirm_threshold: { from: 1, to: 0.9999 } }],
    ]);
  });

  it("leaves another tenant's threshold alone", async () => {
    expect(await settings(otherToken)).toEqual({
      auto_confirm_threshold: 0.97,
      is_default: true,
      updated_at: null,
    });
  });

  it('replays a write with the same key and refuses another body with it', async () => {
    const first = await write({ auto_confirm_threshold: 0.95 }, { key: 'settings-replay' });
    const again = await write({ auto_confirm_threshold: 0.95 }, { key: 'settings-replay' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const other = await write({ auto_confirm_threshold: 0.9 }, { key: 'settings-replay' });
    expect(other.status).toBe(422);
    expect((await settings()).auto_confirm_threshold).toBe(0.95);
  });

  it('refuses a bad threshold with a problem and changes nothing', async () => {
    const before = await settings();
    const cases: unknown[] = [
      { auto_confirm_threshold: 1.5 },
      { auto_confirm_threshold: -0.1 },
      { auto_confirm_threshold: 0.97001 },
      { auto_confirm_threshold: '0.97' },
      { auto_confirm_threshold: null },
      {},
      { auto_confirm_threshold: 0.9, extra: true },
    ];
    for (const body of cases) {
      const response = await write(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { errors?: { path: string }[] };
      expect(problem.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    const withoutKey = await write({ auto_confirm_threshold: 0.9 }, { key: null });
    expect(withoutKey.status).toBe(400);
    expect(await settings()).toEqual(before);
  });

  it('needs read:reconciliation to read and write:reconciliation to set', async () => {
    expect((await read(ledgerToken)).status).toBe(403);
    const refused = await write({ auto_confirm_threshold: 0.5 }, { bearer: readToken });
    expect(refused.status).toBe(403);
    expect((await settings()).auto_confirm_threshold).toBe(0.95);
  });
});
