import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { buildCamt053 } from '../../../test/support/bank-files';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { insertLedger, insertLedgers } from '../../../test/support/ledger-rows';
import type { Account, Transaction } from '../../contract/ledger';
import { bankAccounts } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import type { RunningApi } from '../server';

const IBAN = 'SE4550000000058398257466';

describe.each(testEngines)('ledger reads from memory on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let tokenA: string;
  let tokenB: string;
  let tenantA: string;
  let accountA: string;
  let accountB: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const clientA = await createTestClient(
      database.handle.db,
      'cache-a',
      ['read:ledger', 'write:reconciliation'],
      1_000_000,
    );
    const clientB = await createTestClient(database.handle.db, 'cache-b', ['read:ledger'], 1_000_000);
    tenantA = clientA.tenantId;
    accountA = await insertLedger(database.handle.db, clientA.tenantId, 'a0000001', IBAN);
    accountB = await insertLedger(
      database.handle.db,
      clientB.tenantId,
      'b0000001',
      'SE7280000810340009783242',
    );
    tokenA = await fetchToken(api.url, clientA);
    tokenB = await fetchToken(api.url, clientB);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const stats = () => api.services.readCache.stats();

  async function get<T>(path: string, token: string): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  }

  const accountName = async (token: string) =>
    (await get<{ results: Account[] }>('/public/accounts', token)).body.results[0]?.name;

  it('answers a repeated read from memory, with the same body and fresh rate-limit headers', async () => {
    await expect.poll(() => stats().live).toBe(true);
    const first = await get<{ results: Account[] }>(`/public/accounts?limit=50`, tokenA);
    const hits = stats().hits;
    const second = await get<{ results: Account[] }>(`/public/accounts?limit=50`, tokenA);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.body.results.map((a) => a.id)).toEqual([accountA]);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(
      Number(first.headers.get('x-ratelimit-remaining')) - 1,
    );
    expect(stats().hits).toBe(hits + 1);
  });

  it('shows a change made by another session (the CLI, the seeder, another API) once the database says so', async () => {
    expect(await accountName(tokenA)).toBe('Drift SEK');
    await database.handle.db
      .update(bankAccounts)
      .set({ name: 'Drift SEK (SEB)' })
      .where(eq(bankAccounts.id, accountA));
    await expect.poll(() => accountName(tokenA), { timeout: 2_000 }).toBe('Drift SEK (SEB)');
  });

  it("retires only the changed tenant's answers", async () => {
    expect(await accountName(tokenB)).toBe('Drift SEK');
    await withTenant(database.handle.db, tenantA, (tx) =>
      tx.update(bankAccounts).set({ name: 'Drift' }).where(eq(bankAccounts.id, accountA)),
    );
    await expect.poll(() => accountName(tokenA), { timeout: 2_000 }).toBe('Drift');
    const hits = stats().hits;
    expect(await accountName(tokenB)).toBe('Drift SEK');
    expect(stats().hits).toBe(hits + 1);
  });

  it('never answers the other tenant from memory: the same path gives each tenant its own ledger', async () => {
    const [a, b] = await Promise.all([
      get<Account>(`/public/accounts/${accountA}`, tokenA),
      get<Account>(`/public/accounts/${accountA}`, tokenB),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(404);
    expect((await get<Account>(`/public/accounts/${accountB}`, tokenB)).body.id).toBe(accountB);
    expect((await get<Account>(`/public/accounts/${accountB}`, tokenA)).status).toBe(404);
  });

  it('shows what a write through the API booked on the very next read', async () => {
    const path = `/public/transactions?account_id=${accountA}&limit=100`;
    expect((await get<{ results: Transaction[] }>(path, tokenA)).body.results).toEqual([]);
    const camt = buildCamt053({
      version: '08',
      messageId: 'CACHE-MSG-1',
      statementId: 'CACHE-STMT-1',
      iban: IBAN,
      currency: 'SEK',
      openingMinor: 0n,
      openingDate: '2026-11-23',
      closingDate: '2026-11-24',
      entries: [{ amountMinor: 12_500_00n, bookingDate: '2026-11-24', reference: 'CACHE-REF-1' }],
    });
    const upload = await fetch(`${api.url}/public/imports?kind=camt053`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokenA}`,
        'idempotency-key': randomUUID(),
        'content-type': 'application/xml',
      },
      body: camt,
    });
    expect(upload.status).toBe(201);
    const after = await get<{ results: Transaction[] }>(path, tokenA);
    expect(after.body.results.map((t) => t.amount.amount)).toEqual(['12500.00']);
  });

  it('sends a kept answer gzip-compressed to a caller that accepts gzip, and as it is to anyone else', async () => {
    await expect.poll(() => stats().live).toBe(true);
    const client = await createTestClient(database.handle.db, 'cache-gzip', ['read:ledger'], 1_000_000);
    await insertLedgers(database.handle.db, client.tenantId, 'g');
    const token = await fetchToken(api.url, client);
    // undici's request() hands over the bytes as sent: fetch() would decompress them.
    const raw = async (acceptEncoding?: string) => {
      const response = await request(`${api.url}/public/accounts?limit=50`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
        },
      });
      return {
        status: response.statusCode,
        encoding: response.headers['content-encoding'],
        vary: response.headers.vary,
        bytes: Buffer.from(await response.body.arrayBuffer()),
      };
    };

    const plain = await raw();
    expect(plain).toMatchObject({ status: 200, encoding: undefined, vary: 'accept-encoding' });
    const json = plain.bytes.toString('utf8');
    expect((JSON.parse(json) as { results: Account[] }).results).toHaveLength(3);

    const browser = await raw('gzip, deflate, br, zstd');
    expect(browser).toMatchObject({ status: 200, encoding: 'gzip', vary: 'accept-encoding' });
    expect(gunzipSync(browser.bytes).toString('utf8')).toBe(json);
    expect(browser.bytes.length).toBeLessThan(json.length / 2);

    for (const refusing of ['gzip;q=0, identity', 'br', 'identity']) {
      const answer = await raw(refusing);
      expect(answer.encoding, refusing).toBeUndefined();
      expect(answer.bytes.toString('utf8'), refusing).toBe(json);
    }
  });

  // PGlite in process has no session to lose: its notifications come from the engine itself.
  if (engine === 'postgres') {
    it('reads from the database while its listening session is lost, and from memory again once it is back', async () => {
      const admin = new pg.Client({ connectionString: database.url ?? '' });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and query ilike 'listen %'`,
        );
        expect(rowCount).toBe(1);
        await expect.poll(() => stats().live).toBe(false);
        await admin.query(`update bank_accounts set name = 'Utan cache' where id = $1`, [accountA]);
        expect(await accountName(tokenA)).toBe('Utan cache');
        await expect.poll(() => stats().live, { timeout: 5_000 }).toBe(true);
        await accountName(tokenA);
        const hits = stats().hits;
        expect(await accountName(tokenA)).toBe('Utan cache');
        expect(stats().hits).toBe(hits + 1);
      } finally {
        await admin.end();
      }
    });
  }
});
