import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startTestApi, testApiConfig } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, type TestDatabase } from '../../../test/support/databases';
import { startApiServer, type RunningApi } from '../server';

function expectRateLimitHeaders(response: Response, limit: number, remaining: number): void {
  expect(response.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('x-ratelimit-remaining')).toBe(String(remaining));
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  const now = Date.now() / 1000;
  expect(reset).toBeGreaterThan(now - 1);
  expect(reset).toBeLessThanOrEqual(now + 61);
  expect(response.headers.get('ratelimit-policy')).toMatch(new RegExp(`;q=${limit};w=60$`));
  expect(response.headers.get('ratelimit')).toMatch(new RegExp(`;r=${remaining};t=\\d+$`));
}

/** Windows are whole minutes: a test that counts to a limit must not straddle a minute's end. */
async function awayFromWindowEdge(): Promise<void> {
  const msIntoMinute = Date.now() % 60_000;
  if (msIntoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - msIntoMinute));
}

describe('rate limits over HTTP', () => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('counts each client against its own limit and answers 429 problem with Retry-After past it', async () => {
    const client = await createTestClient(database.handle.db, 'limited', ['read:ledger'], 3);
    const token = await fetchToken(api.url, client);
    await awayFromWindowEdge();
    const call = () =>
      fetch(`${api.url}/public/koncerner`, { headers: { authorization: `Bearer ${token}` } });
    for (const remaining of [2, 1, 0]) {
      const response = await call();
      expect(response.status).toBe(200);
      expectRateLimitHeaders(response, 3, remaining);
    }
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({
      status: 429,
      type: 'https://finvis.se/problems/rate-limited',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(Date.now() / 1000 + retryAfter).toBeGreaterThanOrEqual(reset - 1);

    // Another client of the same tenant has its own counter.
    const other = await createTestClient(database.handle.db, 'limited', ['read:ledger'], 3);
    const otherToken = await fetchToken(api.url, other);
    expect(
      (await fetch(`${api.url}/public/koncerner`, { headers: { authorization: `Bearer ${otherToken}` } }))
        .status,
    ).toBe(200);
  });

  it('puts the headers on every response, refusals and public endpoints included', async () => {
    const anonymous = await fetch(`${api.url}/public/koncerner`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('300');
    const health = await fetch(`${api.url}/public/health`);
    expect(health.headers.get('x-ratelimit-remaining')).not.toBeNull();
    const token = await fetch(`${api.url}/public/auth/token`, { method: 'POST' });
    expect(token.headers.get('x-ratelimit-limit')).toBe('60');

    // A known client refused for scope counts against its own limit, not its address's.
    const ledgerOnly = await createTestClient(database.handle.db, 'scoped', ['read:ledger'], 7);
    const ledgerToken = await fetchToken(api.url, ledgerOnly);
    const forbidden = await fetch(`${api.url}/public/reporting/positions`, {
      headers: { authorization: `Bearer ${ledgerToken}` },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('x-ratelimit-limit')).toBe('7');
  });
});

describe.runIf(Boolean(process.env.TEST_REDIS_URL))(
  'rate limits shared in Redis by two API instances (TEST_REDIS_URL)',
  () => {
    let database: TestDatabase;
    const instances: RunningApi[] = [];

    beforeAll(async () => {
      database = await openTestDatabase('pglite');
      for (let i = 0; i < 2; i++) {
        instances.push(
          await startApiServer(testApiConfig({ redisUrl: process.env.TEST_REDIS_URL ?? null }), {
            database: database.handle,
            logger: silentLogger,
          }),
        );
      }
    });
    afterAll(async () => {
      for (const instance of instances) await instance.close();
      await database?.drop();
    });

    it('lets a client through exactly its limit across both instances', async () => {
      const [a, b] = instances;
      if (!a || !b) throw new Error('two instances expected');
      const client = await createTestClient(database.handle.db, `shared-${Date.now()}`, ['read:ledger'], 4);
      const token = await fetchToken(a.url, client);
      await awayFromWindowEdge();
      const statuses: number[] = [];
      for (const instance of [a, b, a, b, a, b]) {
        const response = await fetch(`${instance.url}/public/koncerner`, {
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    });
  },
);
