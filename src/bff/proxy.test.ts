import { gunzipSync, gzipSync } from 'node:zlib';
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import * as oauth from 'oauth4webapi';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/support/api-server';
import {
  actingUsersOf,
  countTokensIssued,
  startStubApi,
  startTestBff,
  testBffConfig,
} from '../../test/support/bff';
import { DASHBOARD_CLIENT, signInAs } from '../../test/support/bff-sign-in';
import { createTestClient, type TestClient } from '../../test/support/clients';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import { insertLedgers } from '../../test/support/ledger-rows';
import { scopes } from '../contract/scopes';
import { scopesForRoles } from '../contract/scopes';
import { DEFAULT_ROLE_SCOPES } from './auth/role-scopes';
import { DEMO_IDP_IN_PRODUCTION, loadBffConfig } from './config';
import { contentSecurityPolicy, securityHeaders } from './security-headers';
import type { RunningBff } from './server';

const CFO = 'usr_astrid_lindqvist';
const APPROVER = 'usr_bjorn_ekstrom';
const TREASURER = 'usr_david_holm';
const ADMIN = 'usr_eva_sjoberg';

function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

const webhookBody = JSON.stringify({
  url: 'https://example.com/finvis',
  event_types: ['transaction.created'],
});

describe('BFF token proxy against the real API', () => {
  let database: TestDatabase;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let secondApi: Awaited<ReturnType<typeof startTestApi>>;
  let client: TestClient;
  let bff: RunningBff;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
    // The BFF talks HTTP only: a second API instance on another port serves it just as well.
    secondApi = await startTestApi(database.handle);
    client = await createTestClient(database.handle.db, 'demo', [...scopes]);
    bff = await startTestBff(secondApi.url, {
      clientCredentials: { kind: 'inline', clientId: client.clientId, clientSecret: client.secret },
    });
  });
  afterAll(async () => {
    await bff?.close();
    await secondApi?.close();
    await api?.close();
    await database?.drop();
  });

  it('1. dev IdP: a full code + PKCE sign-in driven by a real client yields a short-lived JWT access token for the audience', async () => {
    const signedIn = await signInAs(bff.url, CFO);
    expect(signedIn.idTokenClaims).toMatchObject({
      sub: CFO,
      name: 'Astrid Lindqvist',
      finvis_roles: ['cfo'],
      finvis_tenant: 'demo',
    });
    expect(decodeProtectedHeader(signedIn.accessToken).typ).toBe('at+jwt');
    const claims = decodeJwt(signedIn.accessToken);
    expect(claims).toMatchObject({
      iss: `${bff.url}/idp`,
      aud: 'urn:finvis:bff',
      sub: CFO,
      finvis_roles: ['cfo'],
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
    // The login page names every demo person on a button, with the role.
    for (const name of ['Astrid Lindqvist', 'Björn Ekström', 'Cecilia Nyberg', 'David Holm', 'Eva Sjöberg'])
      expect(signedIn.loginPage).toContain(name);
    expect(signedIn.loginPage).not.toMatch(/<script|style=/);
    // The dashboard's icon: without it a browser asks for /favicon.ico, which nothing serves.
    expect(signedIn.loginPage).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg">');

    // Silent renew: the refresh token (rotating) yields a fresh access token without the login page.
    expect(signedIn.refreshToken).toBeTruthy();
    const refreshed = await oauth.processRefreshTokenResponse(
      signedIn.authorizationServer,
      DASHBOARD_CLIENT,
      await oauth.refreshTokenGrantRequest(
        signedIn.authorizationServer,
        DASHBOARD_CLIENT,
        oauth.None(),
        signedIn.refreshToken ?? '',
        { [oauth.allowInsecureRequests]: true },
      ),
    );
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ aud: 'urn:finvis:bff', sub: CFO });
  });

  it('2. the SPA learns the issuer, the client id and what each role may do from GET /api/session-config, and no secret', async () => {
    const response = await fetch(`${bff.url}/api/session-config`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      issuer: `${bff.url}/idp`,
      client_id: 'finvis-dashboard',
      scope: 'openid profile',
      audience: 'urn:finvis:bff',
      roles_claim: 'finvis_roles',
      tenant_claim: 'finvis_tenant',
      role_scopes: DEFAULT_ROLE_SCOPES,
    });
    expect(JSON.stringify(body)).not.toContain(client.secret);
  });

  it('3. token proxy: no token, a malformed one, a foreign-signed one or an ID token is 401', async () => {
    const path = `${bff.url}/api/accounts`;
    const none = await fetch(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(path, { headers: bearer('not-a-jwt') })).status).toBe(401);

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ finvis_roles: ['admin'], finvis_tenant: 'demo' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .setIssuer(`${bff.url}/idp`)
      .setAudience('urn:finvis:bff')
      .setSubject(ADMIN)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const rejected = await fetch(path, { headers: bearer(forged) });
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');

    // An ID token is no access token: wrong audience and type.
    const signedIn = await signInAs(bff.url, CFO);
    expect((await fetch(path, { headers: bearer(signedIn.idToken) })).status).toBe(401);
  });

  it("3. role → scope mapping: a CFO's POST to /api/webhooks/endpoints is 403 from the API; an administrator's succeeds", async () => {
    const cfo = await signInAs(bff.url, CFO);
    const admin = await signInAs(bff.url, ADMIN);
    const reads = await fetch(`${bff.url}/api/accounts?limit=2`, { headers: bearer(cfo.accessToken) });
    expect(reads.status).toBe(200);

    const refused = await fetch(`${bff.url}/api/webhooks/endpoints`, {
      method: 'POST',
      headers: bearer(cfo.accessToken, {
        'content-type': 'application/json',
        'idempotency-key': 'cfo-try-1',
      }),
      body: webhookBody,
    });
    expect(refused.status).toBe(403);
    // From the API, not the BFF: it carries the API's request id and its insufficient-scope problem.
    expect(refused.headers.get('x-upstream-request-id')).toMatch(/^bff_/);
    expect(await refused.json()).toMatchObject({ type: 'https://finvis.se/problems/insufficient-scope' });

    const created = await fetch(`${bff.url}/api/webhooks/endpoints`, {
      method: 'POST',
      headers: bearer(admin.accessToken, {
        'content-type': 'application/json',
        'idempotency-key': 'admin-1',
      }),
      body: webhookBody,
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`/api/webhooks/endpoints/${endpoint.id}`);

    // The Idempotency-Key reaches the API: the same request again is replayed, and says so.
    const replayed = await fetch(`${bff.url}/api/webhooks/endpoints`, {
      method: 'POST',
      headers: bearer(admin.accessToken, {
        'content-type': 'application/json',
        'idempotency-key': 'admin-1',
      }),
      body: webhookBody,
    });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replayed.json()) as { id: string }).id).toBe(endpoint.id);

    // Finvis-Acting-User: the API recorded the person behind the BFF's client.
    expect(await actingUsersOf(database.handle.db, client.clientId)).toContain(ADMIN);
  });

  it('3. passes back the API’s X-RateLimit-* and RateLimit headers', async () => {
    const treasurer = await signInAs(bff.url, TREASURER);
    const response = await fetch(`${bff.url}/api/koncerner/`, { headers: bearer(treasurer.accessToken) });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    expect(response.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(response.headers.get('ratelimit-policy')).toBeTruthy();
    expect(response.headers.get('ratelimit')).toBeTruthy();
  });

  it('3. a ledger list the API keeps reaches the browser gzip-compressed through the BFF, and decodes to the same JSON', async () => {
    await insertLedgers(database.handle.db, client.tenantId, 'p');
    await expect.poll(() => secondApi.services.readCache.stats().live).toBe(true);
    const cfo = await signInAs(bff.url, CFO);
    const read = async (acceptEncoding: string | null) => {
      // undici's request() hands over the bytes as sent: fetch() would decompress them.
      const response = await request(`${bff.url}/api/accounts?limit=50`, {
        headers: bearer(
          cfo.accessToken,
          acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding },
        ),
      });
      return {
        status: response.statusCode,
        encoding: response.headers['content-encoding'],
        bytes: Buffer.from(await response.body.arrayBuffer()),
      };
    };
    const plain = await read(null);
    expect(plain).toMatchObject({ status: 200, encoding: undefined });
    expect((JSON.parse(plain.bytes.toString('utf8')) as { results: unknown[] }).results).toHaveLength(3);
    const browser = await read('gzip, deflate, br, zstd');
    expect(browser).toMatchObject({ status: 200, encoding: 'gzip' });
    expect(gunzipSync(browser.bytes).toString('utf8')).toBe(plain.bytes.toString('utf8'));
  });

  it('3. caches the client-credentials token per scope set, with ONE request in flight under 50 concurrent calls', async () => {
    const fresh = await createTestClient(database.handle.db, 'demo', [...scopes]);
    const cold = await startTestBff(api.url, {
      clientCredentials: { kind: 'inline', clientId: fresh.clientId, clientSecret: fresh.secret },
    });
    try {
      const approver = await signInAs(cold.url, APPROVER);
      const calls = await Promise.all(
        Array.from({ length: 50 }, () =>
          fetch(`${cold.url}/api/companies?limit=1`, { headers: bearer(approver.accessToken) }),
        ),
      );
      expect(calls.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
      await Promise.all(calls.map((r) => r.arrayBuffer()));
      expect(await countTokensIssued(database.handle.db, fresh.clientId)).toBe(1);

      // Cached: more calls of the same scope set reuse it.
      const again = await fetch(`${cold.url}/api/companies?limit=1`, {
        headers: bearer(approver.accessToken),
      });
      expect(again.status).toBe(200);
      expect(await countTokensIssued(database.handle.db, fresh.clientId)).toBe(1);

      // Another approver shares the scope set; an administrator has another one.
      const cecilia = await signInAs(cold.url, 'usr_cecilia_nyberg');
      await (await fetch(`${cold.url}/api/accounts`, { headers: bearer(cecilia.accessToken) })).arrayBuffer();
      expect(await countTokensIssued(database.handle.db, fresh.clientId)).toBe(1);
      const admin = await signInAs(cold.url, ADMIN);
      await (await fetch(`${cold.url}/api/accounts`, { headers: bearer(admin.accessToken) })).arrayBuffer();
      expect(await countTokensIssued(database.handle.db, fresh.clientId)).toBe(2);
    } finally {
      await cold.close();
    }
  });

  it('3. with an external issuer (OIDC_ISSUER): tokens validated by its discovered JWKS; another tenant is 403', async () => {
    // An "external" IdP: another BFF's embedded one, whose people belong to the tenant `acme`.
    const acmeIdp = await startTestBff('http://127.0.0.1:9', { tenant: 'acme' });
    const external = await startTestBff(api.url, {
      identity: {
        kind: 'external',
        issuer: `${acmeIdp.url}/idp`,
        clientId: 'finvis-dashboard',
        audience: 'urn:finvis:bff',
        scope: 'openid profile',
      },
      clientCredentials: { kind: 'inline', clientId: client.clientId, clientSecret: client.secret },
    });
    try {
      const cfo = await signInAs(acmeIdp.url, CFO);
      expect(decodeJwt(cfo.accessToken).finvis_tenant).toBe('acme');
      const response = await fetch(`${external.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        detail: 'Your account belongs to another tenant than this Finvis dashboard serves.',
      });
      const config = (await (await fetch(`${external.url}/api/session-config`)).json()) as { issuer: string };
      expect(config.issuer).toBe(`${acmeIdp.url}/idp`);
      // No embedded IdP is mounted when an issuer is configured.
      expect((await fetch(`${external.url}/idp/.well-known/openid-configuration`)).status).toBe(404);
    } finally {
      await external.close();
      await acmeIdp.close();
    }
  });

  it('3. a user whose roles grant no scope is 403 without a token request', async () => {
    const noRoles = await startTestBff(api.url, {
      roleScopes: { approver: ['write:payments'] },
      clientCredentials: { kind: 'inline', clientId: client.clientId, clientSecret: client.secret },
    });
    try {
      const cfo = await signInAs(noRoles.url, CFO);
      const response = await fetch(`${noRoles.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ detail: 'None of your roles grants access to Finvis.' });
      // The dashboard learns the same table, so it offers this CFO nothing either.
      const config = (await (await fetch(`${noRoles.url}/api/session-config`)).json()) as {
        role_scopes: unknown;
      };
      expect(config.role_scopes).toEqual({ approver: ['write:payments'] });
    } finally {
      await noRoles.close();
    }
  });
});

describe('BFF token proxy against a stand-in API (what exactly crosses the wire)', () => {
  it('3. forwards method, path, query, body and Idempotency-Key with the Finvis token and Finvis-Acting-User; strips the rest both ways', async () => {
    const stub = await startStubApi((_request, response) => {
      response.writeHead(201, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '600',
        'x-ratelimit-remaining': '599',
        'x-ratelimit-reset': '42',
        ratelimit: 'limit=600, remaining=599, reset=42',
        'ratelimit-policy': '600;w=60',
        'retry-after': '7',
        'idempotent-replayed': 'false',
        'set-cookie': 'upstream=secret',
        'x-internal-node': 'api-7',
        'x-request-id': 'req_upstream',
      });
      response.end('{"id":"whep_1"}');
    });
    const bff = await startTestBff(stub.url, {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const admin = await signInAs(bff.url, ADMIN);
      const response = await fetch(`${bff.url}/api/webhooks/endpoints?dry=1&x=%C3%A5`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${admin.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'accept-encoding': 'gzip, deflate, br, zstd',
          'idempotency-key': 'key-123',
          cookie: 'session=browser-cookie',
          'x-forwarded-for': '203.0.113.9',
          'x-custom': 'nope',
          'finvis-acting-user': 'usr_spoofed',
        },
        body: webhookBody,
      });
      expect(response.status).toBe(201);
      expect(await response.text()).toBe('{"id":"whep_1"}');

      expect(stub.tokenRequests).toHaveLength(1);
      const tokenRequest = stub.tokenRequests[0];
      expect(tokenRequest?.headers.authorization).toBe(
        `Basic ${Buffer.from('cli_stub:fvs_stub').toString('base64')}`,
      );
      expect(new URLSearchParams(tokenRequest?.body).get('scope')?.split(' ').sort()).toEqual(
        scopesForRoles(DEFAULT_ROLE_SCOPES, ['admin']).sort(),
      );

      expect(stub.calls).toHaveLength(1);
      const call = stub.calls[0];
      expect(call?.method).toBe('POST');
      expect(call?.url).toBe('/public/webhooks/endpoints?dry=1&x=%C3%A5');
      expect(call?.body).toBe(webhookBody);
      expect(call?.headers).toMatchObject({
        authorization: 'Bearer stub-token-1',
        'finvis-acting-user': ADMIN,
        // The person's name and roles, so approvals record who decided and role-bound tiers work.
        'finvis-acting-user-name': encodeURIComponent('Eva Sjöberg'),
        'finvis-acting-user-roles': 'admin',
        'idempotency-key': 'key-123',
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br, zstd',
      });
      expect(call?.headers['x-request-id']).toMatch(/^bff_/);
      const sent = Object.keys(call?.headers ?? {}).sort();
      expect(sent).toEqual(
        [
          'accept',
          'accept-encoding',
          'authorization',
          'connection',
          'content-length',
          'content-type',
          'finvis-acting-user',
          'finvis-acting-user-name',
          'finvis-acting-user-roles',
          'host',
          'idempotency-key',
          'x-request-id',
        ].sort(),
      );
      expect(JSON.stringify(call?.headers)).not.toContain(admin.accessToken);

      expect(response.headers.get('x-ratelimit-limit')).toBe('600');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('599');
      expect(response.headers.get('x-ratelimit-reset')).toBe('42');
      expect(response.headers.get('ratelimit')).toBe('limit=600, remaining=599, reset=42');
      expect(response.headers.get('ratelimit-policy')).toBe('600;w=60');
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('idempotent-replayed')).toBe('false');
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-upstream-request-id')).toBe('req_upstream');
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('x-internal-node')).toBeNull();
    } finally {
      await bff.close();
      await stub.close();
    }
  });

  it('3. an answer the API sends gzip-compressed passes through as it is, never compressed twice', async () => {
    const json = JSON.stringify({ results: Array.from({ length: 200 }, (_, i) => ({ id: `acct_${i}` })) });
    const compressed = gzipSync(json);
    const stub = await startStubApi((request, response) => {
      const acceptsGzip = (request.headers['accept-encoding'] ?? '').includes('gzip');
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        vary: 'accept-encoding',
        ...(acceptsGzip ? { 'content-encoding': 'gzip' } : {}),
      });
      response.end(acceptsGzip ? compressed : json);
    });
    const bff = await startTestBff(stub.url, {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const cfo = await signInAs(bff.url, CFO);
      // undici's request() hands over the bytes as sent: fetch() would decompress them.
      const response = await request(`${bff.url}/api/accounts`, {
        headers: bearer(cfo.accessToken, { 'accept-encoding': 'gzip, deflate, br, zstd' }),
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.headers.vary).toBe('accept-encoding');
      expect(bytes.equals(compressed)).toBe(true);
      expect(gunzipSync(bytes).toString('utf8')).toBe(json);
      expect(stub.calls.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br, zstd');
    } finally {
      await bff.close();
      await stub.close();
    }
  });

  it('3. a bank file of several megabytes passes through byte for byte; beyond the API’s 10 MiB it is 413 here', async () => {
    const stub = await startStubApi((_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end('{"id":"imp_1"}');
    });
    const bff = await startTestBff(stub.url, {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const treasurer = await signInAs(bff.url, TREASURER);
      const upload = (size: number) =>
        fetch(`${bff.url}/api/imports?kind=camt053`, {
          method: 'POST',
          headers: bearer(treasurer.accessToken, {
            'content-type': 'application/xml',
            'idempotency-key': `upload-${size}`,
          }),
          body: 'x'.repeat(size),
        });
      const fiveMegabytes = 5 * 1024 * 1024;
      expect((await upload(fiveMegabytes)).status).toBe(201);
      expect(stub.calls.at(-1)?.body.length).toBe(fiveMegabytes);
      const callsBefore = stub.calls.length;
      const tooLarge = await upload(10 * 1024 * 1024 + 1);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(stub.calls.length).toBe(callsBefore);
    } finally {
      await bff.close();
      await stub.close();
    }
  });

  it('3. the allowlist follows the contract: anything else is 404 problem without calling upstream', async () => {
    const stub = await startStubApi((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const bff = await startTestBff(stub.url, {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const admin = await signInAs(bff.url, ADMIN);
      const refused: [string, string][] = [
        ['GET', '/api/auth/token'],
        ['POST', '/api/auth/token'],
        ['GET', '/api/auth/jwks.json'],
        ['GET', '/api/unknown'],
        ['DELETE', '/api/accounts'],
        ['POST', '/api/accounts/acct_1'],
        ['GET', '/api/accounts/acct_1/extra'],
        ['GET', '/api/accounts/..%2Fwebhooks'],
        ['GET', '/api/accounts/%2E%2E'],
        ['GET', '/api/openapi.json'],
        ['GET', '/api//accounts'],
      ];
      for (const [method, path] of refused) {
        const response = await fetch(`${bff.url}${path}`, { method, headers: bearer(admin.accessToken) });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect(stub.calls).toHaveLength(0);
      expect(stub.tokenRequests).toHaveLength(0);

      for (const path of [
        '/api/accounts',
        '/api/accounts/',
        '/api/accounts/acct_1',
        '/api/webhooks/endpoints/whep_1',
      ]) {
        const response = await fetch(`${bff.url}${path}`, { headers: bearer(admin.accessToken) });
        expect(response.status, path).toBe(200);
      }
      expect(stub.calls.map((c) => c.url)).toEqual([
        '/public/accounts',
        '/public/accounts/',
        '/public/accounts/acct_1',
        '/public/webhooks/endpoints/whep_1',
      ]);
    } finally {
      await bff.close();
      await stub.close();
    }
  });

  it('3. fetches a new token once on an upstream 401, and only once', async () => {
    let refuseAll = false;
    const stub = await startStubApi((request, response) => {
      const refused = refuseAll || request.headers.authorization === 'Bearer stub-token-1';
      response.writeHead(refused ? 401 : 200, { 'content-type': 'application/json' });
      response.end(refused ? '{"status":401}' : '{"results":[]}');
    });
    const bff = await startTestBff(stub.url, {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const cfo = await signInAs(bff.url, CFO);
      const recovered = await fetch(`${bff.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(recovered.status).toBe(200);
      expect(stub.tokenRequests).toHaveLength(2);
      expect(stub.calls.map((c) => c.headers.authorization)).toEqual([
        'Bearer stub-token-1',
        'Bearer stub-token-2',
      ]);

      refuseAll = true;
      const refused = await fetch(`${bff.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(refused.status).toBe(502);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(stub.tokenRequests).toHaveLength(3);
      expect(stub.calls).toHaveLength(4);
    } finally {
      await bff.close();
      await stub.close();
    }
  });

  it('3. upstream down is 502 problem; upstream slow is 504 problem, never a hang', async () => {
    const down = await startTestBff('http://127.0.0.1:9', {
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const cfo = await signInAs(down.url, CFO);
      const response = await fetch(`${down.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        status: 502,
        type: 'https://finvis.se/problems/bad-gateway',
      });
    } finally {
      await down.close();
    }

    const stub = await startStubApi(() => undefined);
    const slow = await startTestBff(stub.url, {
      upstreamTimeoutMs: 300,
      clientCredentials: { kind: 'inline', clientId: 'cli_stub', clientSecret: 'fvs_stub' },
    });
    try {
      const cfo = await signInAs(slow.url, CFO);
      const startedAt = performance.now();
      const response = await fetch(`${slow.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(response.status).toBe(504);
      expect(performance.now() - startedAt).toBeLessThan(3_000);
      expect(await response.json()).toMatchObject({
        status: 504,
        type: 'https://finvis.se/problems/gateway-timeout',
      });
    } finally {
      await slow.close();
      await stub.close();
    }
  });

  it('3. without Finvis client credentials the BFF answers 503 problem and calls nothing', async () => {
    const stub = await startStubApi(() => undefined);
    const bff = await startTestBff(stub.url);
    try {
      const cfo = await signInAs(bff.url, CFO);
      const response = await fetch(`${bff.url}/api/accounts`, { headers: bearer(cfo.accessToken) });
      expect(response.status).toBe(503);
      expect(stub.tokenRequests).toHaveLength(0);
    } finally {
      await bff.close();
      await stub.close();
    }
  });
});

describe('BFF security headers and configuration', () => {
  let bff: RunningBff;
  beforeAll(async () => {
    bff = await startTestBff('http://127.0.0.1:9');
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('4. security headers: strict CSP without unsafe-inline, nosniff, Referrer-Policy, frame-ancestors none, no HSTS over plain HTTP', async () => {
    const authorize = new URL(`${bff.url}/idp/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'finvis-dashboard',
      redirect_uri: `${bff.url}/auth/callback`,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const pages = [
      await fetch(`${bff.url}/`),
      await fetch(`${bff.url}/accounts/acct_1`, { headers: { accept: 'text/html' } }),
      await fetch(`${bff.url}/api/nothing-here`),
      await fetch(`${bff.url}/idp/.well-known/openid-configuration`),
      await fetch(authorize, { redirect: 'manual' }),
    ];
    for (const response of pages) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, response.url).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('the dev IdP publishes one P-256 key (ES256) for the tokens it signs', async () => {
    const discovery = (await (await fetch(`${bff.url}/idp/.well-known/openid-configuration`)).json()) as {
      jwks_uri: string;
    };
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('4. HSTS only over TLS; connect-src admits an external issuer', () => {
    expect(securityHeaders({ csp: "default-src 'self'", tls: true })['strict-transport-security']).toMatch(
      /^max-age=\d+/,
    );
    expect(securityHeaders({ csp: "default-src 'self'", tls: false })).not.toHaveProperty(
      'strict-transport-security',
    );
    expect(contentSecurityPolicy('https://login.example.com/tenant/v2.0')).toContain(
      "connect-src 'self' https://login.example.com;",
    );
  });

  it('1. the dev IdP refuses to start when NODE_ENV=production unless FINVIS_DEMO=1, with a clear message', () => {
    expect(() => loadBffConfig({ NODE_ENV: 'production' })).toThrow(DEMO_IDP_IN_PRODUCTION);
    expect(DEMO_IDP_IN_PRODUCTION).toMatch(/OIDC_ISSUER.*FINVIS_DEMO=1/s);
    expect(loadBffConfig({ NODE_ENV: 'production', FINVIS_DEMO: '1' }).identity.kind).toBe('embedded');
    expect(
      loadBffConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.com/' }).identity,
    ).toMatchObject({ kind: 'external', issuer: 'https://login.example.com/' });
  });

  it('3. the role → scope table: documented defaults, configurable by FINVIS_ROLE_SCOPES, unknown roles grant nothing', () => {
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['cfo'])).toEqual([
      'read:ledger',
      'read:reporting',
      'read:payments',
      'read:reconciliation',
    ]);
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['cfo'])).not.toContain('write:payments');
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['approver'])).toContain('write:payments');
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['treasurer'])).toContain('write:reconciliation');
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['admin'])).toContain('admin:public_api');
    expect(scopesForRoles(DEFAULT_ROLE_SCOPES, ['toString', '__proto__', 'root'])).toEqual([]);
    const custom = loadBffConfig({ FINVIS_ROLE_SCOPES: '{"auditor":["read:ledger"]}' }).roleScopes;
    expect(scopesForRoles(custom, ['auditor', 'cfo'])).toEqual(['read:ledger']);
    expect(() => loadBffConfig({ FINVIS_ROLE_SCOPES: '{"auditor":["read:everything"]}' })).toThrow(
      /FINVIS_ROLE_SCOPES/,
    );
    expect(testBffConfig('http://x').roleScopes).toBe(DEFAULT_ROLE_SCOPES);
  });
});
