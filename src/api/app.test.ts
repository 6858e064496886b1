import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/support/api-server';
import { openTestDatabase, testEngines, type TestDatabase } from '../../test/support/databases';
import type { RunningApi } from './server';

describe.each(testEngines)('API platform basics over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('reports health with the database status and a request id', async () => {
    const response = await fetch(`${api.url}/public/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', database: { status: 'ok', engine } });
  });

  it('accepts the path with a trailing slash', async () => {
    const response = await fetch(`${api.url}/public/health/`);
    expect(response.status).toBe(200);
  });

  it('keeps a sane request id the caller sends, and replaces an unsafe one', async () => {
    const kept = await fetch(`${api.url}/public/health`, { headers: { 'x-request-id': 'trace-42.abc' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-42.abc');
    const replaced = await fetch(`${api.url}/public/health`, {
      headers: { 'x-request-id': 'x'.repeat(300) },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fetch(`${api.url}/public/nothing-here?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'https://finvis.se/problems/not-found',
      title: 'Not Found',
      status: 404,
      instance: '/public/nothing-here',
    });
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('answers a wrong method with 405 and the allowed methods', async () => {
    const response = await fetch(`${api.url}/public/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
