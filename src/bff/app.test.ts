import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/support/api-server';
import { builtDashboard, startTestBff } from '../../test/support/bff';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import type { RunningBff } from './server';

async function startBff(apiUrl: string, staticDir: string, upstreamTimeoutMs = 2_000): Promise<RunningBff> {
  return startTestBff(apiUrl, { staticDir, upstreamTimeoutMs });
}

describe('BFF', () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let bff: RunningBff;
  const staticDir = builtDashboard();

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
    bff = await startBff(api.url, staticDir);
  });
  afterAll(async () => {
    await bff?.close();
    await api?.close();
    await database?.drop();
  });

  it('answers its own health check', async () => {
    const response = await fetch(`${bff.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it("forwards the API's health over HTTP", async () => {
    const response = await fetch(`${bff.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream-request-id')).toMatch(/^bff_/);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { engine: 'pglite', status: 'ok' },
    });
  });

  it('serves index.html uncached and hashed assets cached for a year', async () => {
    const index = await fetch(`${bff.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<div id="root">');
    const asset = await fetch(`${bff.url}/assets/index-abc123.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('falls back to index.html for client routes, but not for missing files or API paths', async () => {
    const route = await fetch(`${bff.url}/accounts/acct_123`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    const missingFile = await fetch(`${bff.url}/assets/missing-123.js`);
    expect(missingFile.status).toBe(404);
    const api404 = await fetch(`${bff.url}/api/unknown`);
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 502 problem when the API cannot be reached', async () => {
    const lonely = await startBff('http://127.0.0.1:9', staticDir);
    try {
      const response = await fetch(`${lonely.url}/api/health`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        status: 502,
        type: 'https://finvis.se/problems/bad-gateway',
      });
    } finally {
      await lonely.close();
    }
  });

  it('answers 504 problem, not a hang, when the API does not answer in time', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const impatient = await startBff(`http://127.0.0.1:${port}`, staticDir, 300);
    try {
      const response = await fetch(`${impatient.url}/api/health`);
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({
        status: 504,
        type: 'https://finvis.se/problems/gateway-timeout',
      });
    } finally {
      await impatient.close();
      silent.close();
    }
  });
});
