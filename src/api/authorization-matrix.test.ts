import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/support/api-server';
import { createTestClient, fetchToken } from '../../test/support/clients';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import { issueToken } from '../contract/auth';
import type { Endpoint, HttpMethod } from '../contract/endpoint';
import { publicEndpoints } from '../contract/endpoints';
import { idPrefixes, type IdKind } from '../contract/ids';
import { scopes, type Scope } from '../contract/scopes';
import type { RunningApi } from './server';

/** The path of an endpoint with an absent id for each parameter; the id's type follows the path's resource. */
function concretePath(endpoint: Endpoint): string {
  const resourceKinds: [RegExp, IdKind][] = [
    [/\/accounts\//, 'account'],
    [/\/transactions\//, 'transaction'],
    [/\/companies\//, 'company'],
    [/\/koncerner\//, 'koncern'],
    [/\/payments\/batches\//, 'batch'],
    [/\/approvals\//, 'approval'],
    [/\/reconciliation\/matches\//, 'match'],
    [/\/webhooks\/endpoints\//, 'webhookEndpoint'],
    [/\/webhooks\/deliveries\//, 'webhookDelivery'],
    [/\/imports\//, 'statementImport'],
  ];
  const kind = resourceKinds.find(([pattern]) => pattern.test(endpoint.path))?.[1];
  return endpoint.path.replace(/\{\w+\}/g, `${idPrefixes[kind ?? 'account']}_zzzzzzzzzzzzzzzzzzzzzzzzzz`);
}

/** What an authorised caller gets back from a bare request: the endpoint's own answer, not an auth error. */
function authorisedStatus(endpoint: Endpoint): number {
  if (endpoint.method === 'POST' || endpoint.method === 'PATCH' || endpoint.method === 'PUT') return 400;
  if (endpoint.path.includes('{')) return 404;
  const requiredQuery = endpoint.query?.safeParse({}).success === false;
  return requiredQuery ? 400 : 200;
}

const protectedEndpoints = publicEndpoints.filter((e) => e.scope !== null);
const openEndpoints = publicEndpoints.filter((e) => e.scope === null && e !== issueToken);
const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

describe('authorization matrix: every endpoint × every scope × method swaps', () => {
  let database: TestDatabase;
  let api: RunningApi;
  const tokens = new Map<Scope | 'all', string>();

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
    const everything = await createTestClient(database.handle.db, 'matrix', [...scopes], 100_000);
    tokens.set('all', await fetchToken(api.url, everything));
    for (const scope of scopes) tokens.set(scope, await fetchToken(api.url, everything, scope));
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const call = (endpoint: Endpoint, method: HttpMethod, token?: string) =>
    fetch(`${api.url}${concretePath(endpoint)}`, {
      method,
      // As a person (Finvis-Acting-User), so endpoints that serve one (approvals) give their own answer.
      headers: token ? { authorization: `Bearer ${token}`, 'finvis-acting-user': 'matrix@finvis.test' } : {},
    });

  it('has protected endpoints to check', () => {
    expect(protectedEndpoints.length).toBeGreaterThan(0);
  });

  it.each(protectedEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    '%s: 401 without a token, 403 without its scope, its own answer with it',
    async (_name, endpoint) => {
      const anonymous = await call(endpoint, endpoint.method);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="finvis"');

      const garbage = await call(endpoint, endpoint.method, 'not.a.token');
      expect(garbage.status).toBe(401);
      expect(garbage.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);

      for (const [scope, token] of tokens) {
        const response = await call(endpoint, endpoint.method, token);
        const allowed = scope === 'all' || scope === endpoint.scope;
        if (allowed) {
          expect(response.status, `${scope} may call ${endpoint.operationId}`).toBe(
            authorisedStatus(endpoint),
          );
        } else {
          expect(response.status, `${scope} may not call ${endpoint.operationId}`).toBe(403);
          expect(response.headers.get('www-authenticate')).toBe(
            `Bearer realm="finvis", error="insufficient_scope", scope="${endpoint.scope}"`,
          );
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }
      }
    },
  );

  it.each(openEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    '%s needs no token',
    async (_name, endpoint) => {
      expect((await call(endpoint, endpoint.method)).status).toBe(200);
    },
  );

  describe('method swaps', () => {
    // A 405 route declares no scope, so its requests count against the caller's address (300 a
    // minute) like the anonymous calls above: an API of its own keeps the two budgets apart.
    let swapApi: RunningApi;
    beforeAll(async () => {
      swapApi = await startTestApi(database.handle);
    });
    afterAll(async () => {
      await swapApi?.close();
    });

    const paths = [...new Set(publicEndpoints.map((e) => e.path))];
    it.each(paths)('%s answers 405 with Allow for the methods it does not have', async (path) => {
      const declared = publicEndpoints.filter((e) => e.path === path);
      const allowed = declared.map((e) => e.method);
      const endpoint = declared[0];
      if (!endpoint) throw new Error('no endpoint for path');
      for (const method of ALL_METHODS.filter((m) => !allowed.includes(m))) {
        const response = await fetch(`${swapApi.url}${concretePath(endpoint)}`, {
          method,
          headers: { authorization: `Bearer ${tokens.get('all') ?? ''}` },
        });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.get('allow')?.split(', ').sort()).toEqual([...allowed].sort());
      }
    });
  });
});
