import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApi } from '../../test/support/api-server';
import { createTestClient, fetchToken } from '../../test/support/clients';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import type { Endpoint } from '../contract/endpoint';
import { publicEndpoints } from '../contract/endpoints';
import { scopes } from '../contract/scopes';
import type { RunningApi } from './server';

/** Odd values a careless or hostile client sends: huge, negative, exotic, wrongly typed. */
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '-1',
    '0',
    '1e309',
    'NaN',
    'Infinity',
    '9'.repeat(400),
    '2026-02-30',
    '../../etc/passwd',
    '%00',
    '\u0000',
    'null',
    '[]',
    '{}',
    '💸',
    'acct_',
    'txn_zzzzzzzzzzzzzzzzzzzzzzzzzz',
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

const oddJson = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })),
  fc.constant({ amount: { amount: 1e308, currency: 'SEK' } }),
  fc.constant({ payments: Array.from({ length: 3 }, () => ({ amount: '-0.001' })) }),
);

function queryKeys(endpoint: Endpoint): string[] {
  return endpoint.query instanceof z.ZodObject ? Object.keys(endpoint.query.shape) : [];
}

describe('no input yields a 500', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let token = '';

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
    const client = await createTestClient(database.handle.db, 'fuzz', [...scopes], 1_000_000);
    token = await fetchToken(api.url, client);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it.each(publicEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    '%s survives random input',
    async (_name, endpoint) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(oddString, { minLength: 1, maxLength: 3 }),
          fc.dictionary(fc.constantFrom(...queryKeys(endpoint), 'limit', 'cursor', 'x'), oddString, {
            maxKeys: 4,
          }),
          oddJson,
          fc.boolean(),
          async (pathValues, query, body, idempotent) => {
            let index = 0;
            const path = endpoint.path.replace(/\{\w+\}/g, () =>
              encodeURIComponent(pathValues[index++ % pathValues.length] ?? ''),
            );
            const url = new URL(`${api.url}${path}`);
            for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
            const response = await fetch(url, {
              method: endpoint.method,
              headers: {
                authorization: `Bearer ${token}`,
                ...(endpoint.method === 'GET' ? {} : { 'content-type': 'application/json' }),
                ...(idempotent
                  ? { 'idempotency-key': `fuzz-${Math.abs(JSON.stringify(body).length)}-${index}` }
                  : {}),
              },
              ...(endpoint.method === 'GET' || endpoint.method === 'DELETE'
                ? {}
                : { body: JSON.stringify(body) }),
            });
            const text = await response.text();
            expect(
              response.status,
              `${endpoint.method} ${url.pathname}${url.search} → ${text.slice(0, 300)}`,
            ).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
    },
  );

  it('answers malformed JSON 400, a wrong content type 415 and an oversized body 413, all as problems', async () => {
    const post = publicEndpoints.find(
      (e) => e.method === 'POST' && e.requestContentType !== 'application/x-www-form-urlencoded',
    );
    const target = post ? `${api.url}${post.path.replace(/\{\w+\}/g, 'x')}` : `${api.url}/public/health`;
    const headers = { authorization: `Bearer ${token}`, 'idempotency-key': 'fuzz-fixed' };
    const malformed = await fetch(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"a": ',
    });
    const wrongType = await fetch(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: 'a,b',
    });
    const huge = await fetch(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: `{"x":"${'a'.repeat(11 * 1024 * 1024)}"}`,
    });
    if (post) {
      expect(malformed.status).toBe(400);
      expect(wrongType.status).toBe(415);
      expect(huge.status).toBe(413);
    }
    for (const response of [malformed, wrongType, huge]) {
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});
