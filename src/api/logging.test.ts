import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  createTestClient,
  fetchToken,
  type TestClient,
} from '../../test/support/clients';
import { startTestApi } from '../../test/support/api-server';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import { apiLoggerOptions } from './logger';
import type { RunningApi } from './server';

describe('the API never logs a secret, a token or an Authorization header', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let client: TestClient;
  let logged = '';

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const options = apiLoggerOptions({ LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
    const logger = pino({ ...options, transport: undefined }, sink);
    api = await startTestApi(database.handle, { logger });
    client = await createTestClient(database.handle.db, 'logs', ['read:ledger']);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('keeps credentials out of the logs at the most verbose level', async () => {
    const token = await fetchToken(api.url, client);
    await fetch(`${api.url}/public/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.secret,
      }),
    });
    await fetch(`${api.url}/public/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuthorization(client.clientId, 'fvs_wrong-secret'),
      },
      body: 'grant_type=client_credentials',
    });
    await fetch(`${api.url}/public/health`, {
      headers: { authorization: `Bearer ${token}`, cookie: 'session=abc' },
    });
    await fetch(`${api.url}/public/nowhere`, { headers: { authorization: `Bearer ${token}` } });

    expect(logged).toContain('incoming request');
    expect(logged).not.toContain(client.secret);
    expect(logged).not.toContain('fvs_wrong-secret');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(token.split('.')[2]);
    expect(logged).not.toMatch(/Bearer |Basic /);
    expect(logged).not.toContain('session=abc');
  });
});
