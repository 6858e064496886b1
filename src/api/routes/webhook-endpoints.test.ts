import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import type {
  WebhookEndpoint,
  WebhookEndpointList,
  WebhookEndpointWithSecret,
} from '../../contract/webhooks';
import { selectRows } from '../db/rows';
import type { RunningApi } from '../server';
import { isSpecialAddress, resolvedAddressProblem, webhookUrlProblem } from '../webhooks/url-policy';

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

describe('webhook URL policy', () => {
  const strict = { allowPrivate: false };
  const sandbox = { allowPrivate: true };

  it('accepts public https URLs only, unless the sandbox allows private targets', () => {
    expect(webhookUrlProblem('https://example.com/hooks', strict)).toBeNull();
    expect(webhookUrlProblem('http://example.com/hooks', strict)).toMatch(/https/);
    expect(webhookUrlProblem('https://user:pw@example.com/', strict)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://localhost/hooks', strict)).toMatch(/localhost/);
    expect(webhookUrlProblem('https://127.0.0.1/hooks', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://2130706433/hooks', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://[::1]/hooks', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://[::ffff:10.0.0.1]/hooks', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://169.254.169.254/latest', strict)).toMatch(/private/);
    expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', sandbox)).toBeNull();
    expect(webhookUrlProblem('ftp://example.com/', sandbox)).toMatch(/https/);
    expect(isSpecialAddress('8.8.8.8')).toBe(false);
    expect(isSpecialAddress('2a00:1450:4010:c05::65')).toBe(false);
    expect(isSpecialAddress('fd00::1')).toBe(true);
  });
});

describe.each(testEngines)('webhook endpoints on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let otherTenantToken: string;
  let readOnlyToken: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const admin = await createTestClient(database.handle.db, 'hooks', ['admin:public_api', 'read:ledger']);
    tenantId = admin.tenantId;
    token = await fetchToken(api.url, admin, 'admin:public_api');
    readOnlyToken = await fetchToken(api.url, admin, 'read:ledger');
    otherTenantToken = await fetchToken(
      api.url,
      await createTestClient(database.handle.db, 'hooks-other', ['admin:public_api']),
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function call(method: string, path: string, options: { body?: unknown; key?: string; as?: string } = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.as ?? token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = options.key ?? randomUUID();
    return fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  async function create(body: Record<string, unknown> = {}, as?: string): Promise<WebhookEndpointWithSecret> {
    const response = await call('POST', '/public/webhooks/endpoints', {
      body: { url: 'https://example.com/finvis', event_types: ['transaction.created'], ...body },
      ...(as ? { as } : {}),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as WebhookEndpointWithSecret;
  }

  async function auditActions(resourceId: string): Promise<string[]> {
    const rows = await selectRows<{ action: string }>(
      database.handle.db,
      sql`select action from audit_log where resource_id = ${resourceId} order by id`,
    );
    return rows.map((row) => row.action);
  }

  it('creates an endpoint and shows its Standard Webhooks secret once', async () => {
    const response = await call('POST', '/public/webhooks/endpoints', {
      body: {
        url: 'https://example.com/finvis',
        event_types: ['transaction.created', 'payment.status.updated'],
        description: 'ERP',
      },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as WebhookEndpointWithSecret;
    expect(created).toMatchObject({
      url: 'https://example.com/finvis',
      event_types: ['transaction.created', 'payment.status.updated'],
      enabled: true,
      description: 'ERP',
      disabled_reason: null,
      previous_secret_expires_at: null,
    });
    expect(created.id).toMatch(/^whep_[0-9a-z]{8,40}$/);
    expect(response.headers.get('location')).toBe(`/public/webhooks/endpoints/${created.id}`);
    expect(created.secret).toMatch(SECRET);
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(await auditActions(created.id)).toEqual(['webhook_endpoint.created']);

    const fetched = await call('GET', `/public/webhooks/endpoints/${created.id}`);
    expect(fetched.status).toBe(200);
    const text = await fetched.text();
    expect(text).not.toContain(created.secret);
    expect(JSON.parse(text)).not.toHaveProperty('secret');
    const { secret: _secret, ...withoutSecret } = created;
    expect(JSON.parse(text)).toEqual(withoutSecret);
  });

  it('lists endpoints with a cursor, oldest first, without secrets', async () => {
    const made = [await create({ description: 'a' }), await create({ description: 'b' }), await create()];
    const seen: WebhookEndpoint[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const response = await call('GET', `/public/webhooks/endpoints${query}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain('whsec_');
      const page = JSON.parse(text) as WebhookEndpointList;
      expect(page.results.length).toBeLessThanOrEqual(2);
      seen.push(...page.results);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    const ids = seen.map((endpoint) => endpoint.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const endpoint of made) expect(ids).toContain(endpoint.id);

    const badLimit = await call('GET', '/public/webhooks/endpoints?limit=501');
    expect(badLimit.status).toBe(400);
    const badCursor = await call('GET', '/public/webhooks/endpoints?cursor=bm9wZQ');
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/cursor');
  });

  it('changes url, event types, description and enabled with PATCH', async () => {
    const created = await create({ description: 'before' });
    const response = await call('PATCH', `/public/webhooks/endpoints/${created.id}/`, {
      body: { url: 'https://hooks.example.org/x', event_types: ['*'], description: null, enabled: false },
    });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as WebhookEndpoint;
    expect(updated).toMatchObject({
      id: created.id,
      url: 'https://hooks.example.org/x',
      event_types: ['*'],
      description: null,
      enabled: false,
      disabled_reason: 'disabled_by_client',
    });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    const enabled = await call('PATCH', `/public/webhooks/endpoints/${created.id}`, {
      body: { enabled: true },
    });
    expect(await enabled.json()).toMatchObject({
      enabled: true,
      disabled_reason: null,
      url: 'https://hooks.example.org/x',
    });
    expect(await auditActions(created.id)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.updated',
    ]);

    const empty = await call('PATCH', `/public/webhooks/endpoints/${created.id}`, { body: {} });
    expect(empty.status).toBe(400);
  });

  it('rotates the secret: a new one, shown once, and the old one valid for 24 hours more', async () => {
    const created = await create();
    const response = await call('POST', `/public/webhooks/endpoints/${created.id}/rotate-secret`);
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as WebhookEndpointWithSecret;
    expect(rotated.secret).toMatch(SECRET);
    expect(rotated.secret).not.toBe(created.secret);
    const validFor = Date.parse(rotated.previous_secret_expires_at ?? '') - Date.now();
    expect(validFor).toBeGreaterThan(23.9 * 3600_000);
    expect(validFor).toBeLessThanOrEqual(24 * 3600_000 + 60_000);
    const [stored] = await selectRows<{ secret: string; previous_secret: string }>(
      database.handle.db,
      sql`select secret, previous_secret from webhook_endpoints where id = ${created.id}`,
    );
    expect(stored).toEqual({ secret: rotated.secret, previous_secret: created.secret });
    expect(await auditActions(created.id)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.secret_rotated',
    ]);
    const fetched = await (await call('GET', `/public/webhooks/endpoints/${created.id}`)).text();
    expect(fetched).not.toContain('whsec_');
  });

  it('deletes an endpoint with 204, and then it is gone', async () => {
    const created = await create();
    const response = await call('DELETE', `/public/webhooks/endpoints/${created.id}`);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await call('GET', `/public/webhooks/endpoints/${created.id}`)).status).toBe(404);
    expect((await call('DELETE', `/public/webhooks/endpoints/${created.id}`)).status).toBe(404);
    expect(await auditActions(created.id)).toEqual(['webhook_endpoint.created', 'webhook_endpoint.deleted']);
  });

  it('answers 404 for another tenant’s endpoint exactly as for a missing one', async () => {
    const created = await create();
    const missing = 'whep_0000000000000000000000000a';
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { enabled: false }],
      ['DELETE', '', undefined],
      ['POST', '/rotate-secret', undefined],
    ] as const) {
      const foreign = await call(method, `/public/webhooks/endpoints/${created.id}${suffix}`, {
        as: otherTenantToken,
        body,
      });
      const absent = await call(method, `/public/webhooks/endpoints/${missing}${suffix}`, {
        as: otherTenantToken,
        body,
      });
      expect([method, foreign.status]).toEqual([method, 404]);
      expect(absent.status).toBe(404);
      const foreignProblem = (await foreign.json()) as Record<string, unknown>;
      const absentProblem = (await absent.json()) as Record<string, unknown>;
      expect(Object.keys(foreignProblem).sort()).toEqual(Object.keys(absentProblem).sort());
      expect(foreignProblem.type).toBe(absentProblem.type);
      expect(foreignProblem.title).toBe(absentProblem.title);
    }
    const list = (await (
      await call('GET', '/public/webhooks/endpoints', { as: otherTenantToken })
    ).json()) as WebhookEndpointList;
    expect(list.results.map((endpoint) => endpoint.id)).not.toContain(created.id);
    // Still there and unchanged for its own tenant.
    expect(await (await call('GET', `/public/webhooks/endpoints/${created.id}`)).json()).toMatchObject({
      enabled: true,
    });
    const [count] = await selectRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from webhook_endpoints where id = ${created.id} and tenant_id = ${tenantId}`,
    );
    expect(count?.n).toBe(1);
  });

  it('rejects a malformed id with a 400 that names the field', async () => {
    for (const id of ['nope', 'acct_01h2xcejqtf2nbrexx3vqjhp41']) {
      const response = await call('GET', `/public/webhooks/endpoints/${id}`);
      expect(response.status).toBe(400);
      const problem = (await response.json()) as {
        type: string;
        errors: { path: string; message: string }[];
      };
      expect(problem.type).toBe('https://finvis.se/problems/validation');
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors[0]?.path).toBe('/id');
      expect(problem.errors[0]?.message).toMatch(/webhookEndpoint id/);
    }
  });

  it('lists every invalid field of a create request', async () => {
    const response = await call('POST', '/public/webhooks/endpoints', {
      body: {
        url: 'ftp://user:pw@example.com/',
        event_types: ['nope', 'transaction.created'],
        enabled: 'yes',
      },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { type: string; errors: { path: string }[] };
    expect(problem.type).toBe('https://finvis.se/problems/validation');
    const paths = problem.errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['/url', '/event_types/0', '/enabled']));

    for (const [url, message] of [
      ['http://example.com/hook', /https/],
      ['https://127.0.0.1/hook', /private/],
      ['https://localhost/hook', /localhost/],
      ['https://u:p@example.com/hook', /credentials/],
    ] as const) {
      const refused = await call('POST', '/public/webhooks/endpoints', {
        body: { url, event_types: ['transaction.created'] },
      });
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { errors: { path: string; message: string }[] };
      expect(body.errors[0]?.path).toBe('/url');
      expect(body.errors[0]?.message).toMatch(message);
    }
    const noTypes = await call('POST', '/public/webhooks/endpoints', {
      body: { url: 'https://example.com/', event_types: [] },
    });
    expect(((await noTypes.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('/event_types');
  });

  it('resolves the host name and refuses one that leads to a private or loopback address', async () => {
    // This machine's own name resolves to one of its addresses: private or loopback on any usual host.
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    const special = addresses.some((entry) => isSpecialAddress(entry.address));
    const response = await call('POST', '/public/webhooks/endpoints', {
      body: { url: `https://${name}/hooks`, event_types: ['*'] },
    });
    if (special) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { path: string; message: string }[] };
      expect(body.errors[0]?.path).toBe('/url');
      expect(body.errors[0]?.message).toMatch(new RegExp(`${name} resolves to`));
    } else {
      expect(response.status).toBe(201);
    }
    expect(await resolvedAddressProblem(`https://${name}/hooks`, { allowPrivate: true })).toBeNull();
    // A name that does not resolve now is checked again at every delivery; saving it is allowed.
    expect(
      await resolvedAddressProblem('https://no-such-host.invalid/hooks', { allowPrivate: false }),
    ).toBeNull();
  });

  it('a URL refused by the policy does not use up the Idempotency-Key', async () => {
    const key = randomUUID();
    const refused = await call('POST', '/public/webhooks/endpoints', {
      key,
      body: { url: 'http://example.com/hook', event_types: ['transaction.created'] },
    });
    expect(refused.status).toBe(400);
    const fixed = await call('POST', '/public/webhooks/endpoints', {
      key,
      body: { url: 'https://example.com/hook', event_types: ['transaction.created'] },
    });
    expect(fixed.status).toBe(201);
  });

  it('needs a token with admin:public_api', async () => {
    for (const [method, path] of [
      ['GET', '/public/webhooks/endpoints'],
      ['POST', '/public/webhooks/endpoints'],
    ] as const) {
      const response = await call(method, path, {
        as: readOnlyToken,
        ...(method === 'POST' ? { body: { url: 'https://example.com/', event_types: ['*'] } } : {}),
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { type: string }).type).toBe(
        'https://finvis.se/problems/insufficient-scope',
      );
    }
    const anonymous = await fetch(`${api.url}/public/webhooks/endpoints`);
    expect(anonymous.status).toBe(401);
  });
});
