import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import {
  basicAuthorization,
  createTestClient,
  fetchToken,
  type TestClient,
} from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { selectRows } from '../db/rows';
import { revokeApiClient } from '../repositories/api-clients';
import type { RunningApi } from '../server';
import { sql } from 'drizzle-orm';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testEngines)('token endpoint on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let client: TestClient;

  const requestToken = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/public/auth/token/`, {
      method: 'POST',
      headers: { ...FORM, ...headers },
      body: new URLSearchParams(body),
    });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    client = await createTestClient(database.handle.db, 'tokens', ['read:ledger', 'read:reporting']);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('issues a signed, tenant-scoped token to HTTP Basic credentials', async () => {
    const response = await requestToken(
      { grant_type: 'client_credentials' },
      { authorization: basicAuthorization(client.clientId, client.secret) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'read:ledger read:reporting',
    });
    expect(body).not.toHaveProperty('refresh_token');

    // Verified independently, from the published key set.
    const token = body.access_token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(decodeProtectedHeader(token).kid).toMatch(/^key_/);
    const { payload } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(`${api.url}/public/auth/jwks.json`)),
    );
    expect(payload).toMatchObject({
      tenant: client.tenantId,
      client_id: client.clientId,
      sub: client.clientId,
      scope: 'read:ledger read:reporting',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900);
  });

  it('accepts the credentials in the body instead, and grants a requested subset of scopes', async () => {
    const response = await requestToken({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
      scope: 'read:ledger',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scope: string }).scope).toBe('read:ledger');
  });

  it('records every token issuance in the audit log', async () => {
    const rows = await selectRows<{ count: string }>(
      database.handle.db,
      sql`select count(*)::text as count from audit_log where action = 'token.issued' and client_id = ${client.clientId}`,
    );
    expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [
      'both Basic and body credentials',
      { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' },
      true,
      400,
      'invalid_request',
    ],
    ['no grant_type', {}, true, 400, 'invalid_request'],
    [
      'another grant type',
      { grant_type: 'password', username: 'a', password: 'b' },
      true,
      400,
      'unsupported_grant_type',
    ],
    [
      'a scope the client was not given',
      { grant_type: 'client_credentials', scope: 'read:ledger write:payments' },
      true,
      400,
      'invalid_scope',
    ],
    ['an unknown scope', { grant_type: 'client_credentials', scope: 'root' }, true, 400, 'invalid_scope'],
    ['no client authentication', { grant_type: 'client_credentials' }, false, 401, 'invalid_client'],
  ] as const)('refuses %s with the RFC 6749 error', async (_name, form, withBasic, status, error) => {
    const response = await requestToken(
      form,
      withBasic ? { authorization: basicAuthorization(client.clientId, client.secret) } : {},
    );
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error });
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge when Basic was used', async () => {
    const basic = await requestToken(
      { grant_type: 'client_credentials' },
      { authorization: basicAuthorization(client.clientId, 'fvs_wrong') },
    );
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic realm="finvis"/);
    expect(await basic.json()).toMatchObject({ error: 'invalid_client' });

    const inBody = await requestToken({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'fvs_wrong',
    });
    expect(inBody.status).toBe(401);
    expect(inBody.headers.get('www-authenticate')).toBeNull();

    const unknown = await requestToken({
      grant_type: 'client_credentials',
      client_id: 'cli_doesnotexist000000000000',
      client_secret: 'x',
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a repeated parameter and a body that is not a form', async () => {
    const repeated = await fetch(`${api.url}/public/auth/token`, {
      method: 'POST',
      headers: { ...FORM, authorization: basicAuthorization(client.clientId, client.secret) },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toMatchObject({ error: 'invalid_request' });

    const json = await fetch(`${api.url}/public/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basicAuthorization(client.clientId, client.secret),
      },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('hands a token to a real OAuth client library (oauth4webapi)', async () => {
    const issuer = new URL(api.url);
    const as: oauth.AuthorizationServer = {
      issuer: issuer.href,
      token_endpoint: `${api.url}/public/auth/token/`,
    };
    const oauthClient: oauth.Client = { client_id: client.clientId };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      oauthClient,
      oauth.ClientSecretBasic(client.secret),
      new URLSearchParams({ scope: 'read:reporting' }),
      { [oauth.allowInsecureRequests]: true },
    );
    const result = await oauth.processClientCredentialsResponse(as, oauthClient, response);
    expect(result.token_type).toBe('bearer');
    expect(result.scope).toBe('read:reporting');
    expect(result.expires_in).toBe(900);
  });

  it("stops a revoked client's new token requests at once", async () => {
    const doomed = await createTestClient(database.handle.db, 'tokens', ['read:ledger']);
    await fetchToken(api.url, doomed);
    await revokeApiClient(database.handle.db, doomed.clientId);
    const response = await requestToken(
      { grant_type: 'client_credentials' },
      { authorization: basicAuthorization(doomed.clientId, doomed.secret) },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('publishes its signing keys without private parts', async () => {
    const response = await fetch(`${api.url}/public/auth/jwks.json`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key).not.toHaveProperty('d');
    }
  });
});
