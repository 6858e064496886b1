import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken, type TestClient } from '../../../test/support/clients';
import { openTestDatabase, type TestDatabase } from '../../../test/support/databases';
import { revokeApiClient } from '../repositories/api-clients';
import type { RunningApi } from '../server';
import { TOKEN_AUDIENCE } from './access-token';
import { loadSigningKeys } from './signing-keys';

describe('bearer tokens on protected endpoints', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let client: TestClient;

  const get = (token: string) =>
    fetch(`${api.url}/public/koncerner`, { headers: { authorization: `Bearer ${token}` } });

  async function forge(options: {
    expiresAt: number;
    key?: CryptoKey;
    kid?: string;
    issuer?: string;
  }): Promise<string> {
    const keys = await loadSigningKeys(database.handle.db);
    return new SignJWT({ tenant: client.tenantId, client_id: client.clientId, scope: 'read:ledger' })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? keys.current.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer ?? 'urn:finvis:test')
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(client.clientId)
      .setIssuedAt(options.expiresAt - 900)
      .setExpirationTime(options.expiresAt)
      .sign(options.key ?? keys.current.privateKey);
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
    client = await createTestClient(database.handle.db, 'bearer', ['read:ledger']);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('accepts a token it issued', async () => {
    expect((await get(await fetchToken(api.url, client))).status).toBe(200);
  });

  it('refuses an expired token with invalid_token', async () => {
    const expired = await forge({ expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const response = await get(expired);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="finvis", error="invalid_token"/);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a token once it expires, though it was accepted before', async () => {
    const shortLived = await forge({ expiresAt: Math.floor(Date.now() / 1000) + 60 });
    expect((await get(shortLived)).status).toBe(200);
    // The API runs in this process: moving its clock past the token's expiry is enough.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      const response = await get(shortLived);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token signed by a key that is not ours, even with our key id', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await forge({ expiresAt: Math.floor(Date.now() / 1000) + 600, key: privateKey });
    expect((await get(foreign)).status).toBe(401);
  });

  it('refuses a token from another issuer', async () => {
    const other = await forge({ expiresAt: Math.floor(Date.now() / 1000) + 600, issuer: 'urn:someone-else' });
    expect((await get(other)).status).toBe(401);
  });

  it('refuses a malformed Authorization header and an unsigned token', async () => {
    const basic = await fetch(`${api.url}/public/koncerner`, { headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect((await get(none)).status).toBe(401);
  });

  it("stops a revoked client's existing tokens within 5 seconds", async () => {
    const doomed = await createTestClient(database.handle.db, 'bearer', ['read:ledger']);
    const token = await fetchToken(api.url, doomed);
    expect((await get(token)).status).toBe(200);
    await revokeApiClient(database.handle.db, doomed.clientId);
    const revokedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - revokedAt < 6_000) {
      status = (await get(token)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(401);
    expect(performance.now() - revokedAt).toBeLessThan(5_000);
  });
});
