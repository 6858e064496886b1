import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger, startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { eventually, sampleTransaction, startWebhookReceiver } from '../../../test/support/webhook-receiver';
import type {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../contract/webhooks';
import { selectRows } from '../db/rows';
import { withTenant } from '../db/tenant-scope';
import { buildPublicOpenApiDocument } from '../routes/reference';
import type { RunningApi } from '../server';
import { BlockedAddressError, guardedLookup } from './address-guard';
import { createWebhookDispatcher } from './dispatcher';
import { recordEvent } from './events';
import { nextDelayMs, parseRetryAfter, RETRY_DELAYS_MS } from './retry-schedule';
import type { WebhookDeliverySettings } from './settings';

/** An integrator's own verification of X-Finvis-Signature, with nothing but node:crypto. */
function verifyFinvisSignature(
  header: string,
  body: string,
  secret: string,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string]);
  const t = parts.find(([name]) => name === 't')?.[1];
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${t}.${body}`).digest();
  return parts
    .filter(([name]) => name === 'v1')
    .some(([, hex]) => {
      const given = Buffer.from(hex, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

function settings(overrides: Partial<WebhookDeliverySettings> = {}): WebhookDeliverySettings {
  return {
    policy: { allowPrivate: true },
    delaysMs: [0, 30, 60, 90],
    scale: 1,
    timeoutMs: 2_000,
    leaseMs: 5_000,
    pollMs: 20,
    concurrency: 8,
    random: () => 0.5,
    ...overrides,
  };
}

describe('the retry schedule', () => {
  const schedule = { delaysMs: RETRY_DELAYS_MS, scale: 1, random: () => 0.5 };

  it('follows the Standard Webhooks example over about 3 days, then stops', () => {
    expect(RETRY_DELAYS_MS).toHaveLength(10);
    expect(nextDelayMs(schedule, 1)).toBe(5_000);
    expect(nextDelayMs(schedule, 2)).toBe(300_000);
    expect(nextDelayMs(schedule, 9)).toBe(86_400_000);
    expect(nextDelayMs(schedule, 10)).toBeNull();
    const total = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total / 86_400_000).toBeGreaterThan(3);
    expect(total / 86_400_000).toBeLessThan(3.5);
  });

  it('adds ±10 % jitter, compresses in the sandbox, and takes Retry-After as a floor', () => {
    expect(nextDelayMs({ ...schedule, random: () => 0 }, 1)).toBe(4_500);
    expect(nextDelayMs({ ...schedule, random: () => 1 }, 1)).toBe(5_500);
    expect(nextDelayMs({ ...schedule, scale: 0.001 }, 9)).toBe(86_400);
    expect(nextDelayMs(schedule, 1, 60_000)).toBe(60_000);
    expect(nextDelayMs(schedule, 2, 1_000)).toBe(300_000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8_000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('the events in the OpenAPI document', () => {
  it('describes every event type under webhooks, with the resource its data carries', () => {
    const document = buildPublicOpenApiDocument() as {
      webhooks: Record<
        string,
        { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }
      >;
      components: { schemas: Record<string, { properties?: Record<string, { $ref?: string }> }> };
    };
    expect(Object.keys(document.webhooks).sort()).toEqual([
      'payment.status.updated',
      'reconciliation.match.confirmed',
      'reconciliation.match.proposed',
      'transaction.created',
    ]);
    const schemaOf = (type: string) =>
      document.webhooks[type]?.post.requestBody.content['application/json']?.schema.$ref.split('/').at(-1) ??
      '';
    expect(document.components.schemas[schemaOf('payment.status.updated')]?.properties?.data?.$ref).toBe(
      '#/components/schemas/PaymentBatchSummary',
    );
    expect(document.components.schemas[schemaOf('transaction.created')]?.properties?.data?.$ref).toBe(
      '#/components/schemas/Transaction',
    );
    for (const type of ['reconciliation.match.proposed', 'reconciliation.match.confirmed']) {
      expect(document.components.schemas[schemaOf(type)]?.properties?.data?.$ref).toBe(
        '#/components/schemas/ReconciliationMatch',
      );
    }
  });
});

describe('delivery-time address checks', () => {
  it('refuses to connect to a name that resolves to a loopback address', async () => {
    const receiver = await startWebhookReceiver();
    const agent = new Agent({ connect: { lookup: guardedLookup(false) } });
    try {
      const failure = await request(`http://localhost:${receiver.port}/hooks`, {
        method: 'POST',
        body: '{}',
        dispatcher: agent,
      }).catch((error: unknown) => error);
      const cause = (failure as Error).cause ?? failure;
      expect(cause).toBeInstanceOf(BlockedAddressError);
      expect((cause as Error).message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
      expect(receiver.deliveries).toHaveLength(0);
      const allowed = new Agent({ connect: { lookup: guardedLookup(true) } });
      const response = await request(`http://localhost:${receiver.port}/hooks`, {
        method: 'POST',
        body: '{}',
        dispatcher: allowed,
      });
      expect(response.statusCode).toBe(204);
      await allowed.close();
    } finally {
      await agent.close();
      await receiver.close();
    }
  });
});

describe.each(testEngines)('webhook delivery on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let otherToken: string;
  let tenantId: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    vi.stubEnv('FINVIS_WEBHOOKS_ALLOW_PRIVATE', '1');
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    // The server's own dispatcher stays out of the way: each test drives dispatchers of its own.
    await api.webhookDispatcher.stop();
    const client = await createTestClient(database.handle.db, 'hooks', ['admin:public_api']);
    tenantId = client.tenantId;
    token = await fetchToken(api.url, client);
    otherToken = await fetchToken(
      api.url,
      await createTestClient(database.handle.db, 'hooks-other', ['admin:public_api']),
    );
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    // Each test's endpoints stop receiving, so the next test's events go to its own receivers only.
    await database.handle.db.execute(sql`update webhook_endpoints set enabled = false`);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
    vi.unstubAllEnvs();
  });

  function call(method: string, path: string, body?: unknown, as = token) {
    return fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async function createEndpoint(
    url: string,
    eventTypes: string[] = ['*'],
  ): Promise<WebhookEndpointWithSecret> {
    const response = await call('POST', '/public/webhooks/endpoints', { url, event_types: eventTypes });
    expect(response.status).toBe(201);
    return (await response.json()) as WebhookEndpointWithSecret;
  }

  async function receiver(...args: Parameters<typeof startWebhookReceiver>) {
    const started = await startWebhookReceiver(...args);
    cleanups.push(() => started.close());
    return started;
  }

  function dispatcher(overrides: Partial<WebhookDeliverySettings> = {}) {
    const created = createWebhookDispatcher(database.handle.db, settings(overrides), silentLogger);
    cleanups.push(() => created.stop());
    return created;
  }

  async function emit(count = 1) {
    const ids: string[] = [];
    await withTenant(database.handle.db, tenantId, async (tx) => {
      for (let i = 0; i < count; i++) {
        ids.push(await recordEvent(tx, tenantId, 'transaction.created', sampleTransaction(i)));
      }
    });
    return ids;
  }

  async function deliveries(query = ''): Promise<WebhookDelivery[]> {
    const response = await call('GET', `/public/webhooks/deliveries${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as WebhookDeliveryList).results;
  }

  async function endpointOf(id: string): Promise<WebhookEndpoint> {
    return (await (await call('GET', `/public/webhooks/endpoints/${id}`)).json()) as WebhookEndpoint;
  }

  it('signs each delivery so node:crypto and standardwebhooks both verify it, with both secrets while rotating', async () => {
    const hook = await receiver();
    const endpoint = await createEndpoint(hook.url, ['transaction.created']);
    const [eventId] = await emit();
    await dispatcher().runOnce();
    expect(hook.deliveries).toHaveLength(1);
    const [first] = hook.deliveries;
    if (!first) throw new Error('no delivery');
    const event = JSON.parse(first.body) as { id: string; type: string; created_at: string; data: unknown };
    expect(event).toMatchObject({ id: eventId, type: 'transaction.created', data: { message: 'n=0' } });
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['webhook-id']).toBe(eventId);
    expect(
      verifyFinvisSignature(String(first.headers['x-finvis-signature']), first.body, endpoint.secret),
    ).toBe(true);
    expect(
      verifyFinvisSignature(String(first.headers['x-finvis-signature']), `${first.body} `, endpoint.secret),
    ).toBe(false);
    expect(new Webhook(endpoint.secret).verify(first.body, first.headers as Record<string, string>)).toEqual(
      event,
    );

    const rotated = (await (
      await call('POST', `/public/webhooks/endpoints/${endpoint.id}/rotate-secret`)
    ).json()) as WebhookEndpointWithSecret;
    await emit();
    await dispatcher().runOnce();
    const second = hook.deliveries[1];
    if (!second) throw new Error('no second delivery');
    const header = String(second.headers['x-finvis-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [rotated.secret, endpoint.secret]) {
      expect(verifyFinvisSignature(header, second.body, secret)).toBe(true);
      expect(() =>
        new Webhook(secret).verify(second.body, second.headers as Record<string, string>),
      ).not.toThrow();
    }
    const stranger = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    expect(verifyFinvisSignature(header, second.body, stranger)).toBe(false);
    expect(() =>
      new Webhook(stranger).verify(second.body, second.headers as Record<string, string>),
    ).toThrow();
  });

  it('delivers every event to a receiver that was down for a while, with a fresh timestamp and the same id', async () => {
    let up = false;
    const hook = await receiver((_delivery, response) => {
      response.writeHead(up ? 200 : 503).end();
    });
    const endpoint = await createEndpoint(hook.url);
    const ids = await emit(5);
    const worker = dispatcher({ delaysMs: [0, 300, 300, 300, 300] });
    await worker.runOnce();
    expect(hook.deliveries).toHaveLength(5);
    up = true;
    await eventually(async () => {
      await worker.runOnce();
      return hook.deliveries.filter((d) => d.headers['webhook-id'] && up).length >= 10;
    });
    const received = new Set(hook.deliveries.slice(5).map((d) => String(d.headers['webhook-id'])));
    expect(received).toEqual(new Set(ids));
    const attempts = await deliveries(`?endpoint_id=${endpoint.id}`);
    expect(attempts).toHaveLength(10);
    for (const id of ids) {
      const ofEvent = attempts.filter((a) => a.event_id === id).sort((a, b) => a.attempt - b.attempt);
      expect(ofEvent.map((a) => [a.attempt, a.succeeded, a.status_code])).toEqual([
        [1, false, 503],
        [2, true, 200],
      ]);
      expect(ofEvent[0]?.error).toBe('the endpoint answered 503');
      expect(ofEvent[0]?.next_attempt_at).not.toBeNull();
      expect(ofEvent[1]?.next_attempt_at).toBeNull();
    }
    const timestamps = hook.deliveries
      .filter((d) => d.headers['webhook-id'] === ids[0])
      .map((d) => Number(d.headers['webhook-timestamp']));
    expect(timestamps).toHaveLength(2);
    expect((await endpointOf(endpoint.id)).enabled).toBe(true);
  });

  it('loses nothing when the API restarts between attempts', async () => {
    let up = false;
    const hook = await receiver((_delivery, response) => {
      response.writeHead(up ? 204 : 500).end();
    });
    await createEndpoint(hook.url);
    vi.stubEnv('FINVIS_WEBHOOKS_POLL_MS', '20');
    vi.stubEnv('FINVIS_WEBHOOKS_RETRY_SCALE', '0.0001');
    const first = await startTestApi(database.handle);
    const ids = await emit(3);
    await eventually(() => hook.deliveries.length >= 3);
    await first.close();
    ids.push(...(await emit(2)));
    up = true;
    const second = await startTestApi(database.handle);
    cleanups.push(() => second.close());
    vi.unstubAllEnvs();
    vi.stubEnv('FINVIS_WEBHOOKS_ALLOW_PRIVATE', '1');
    await eventually(() =>
      ids.every((id) => hook.deliveries.some((d) => d.headers['webhook-id'] === id && up)),
    );
    const delivered = new Set(hook.deliveries.slice(3).map((d) => String(d.headers['webhook-id'])));
    for (const id of ids) expect(delivered).toContain(id);
  });

  it('takes over an attempt whose dispatcher died mid-delivery once its lease lapses', async () => {
    const hook = await receiver((_delivery, response, index) => {
      // The first attempt hangs, as if its dispatcher had died with the request open.
      if (index > 0) response.writeHead(204).end();
    });
    await createEndpoint(hook.url);
    const [eventId] = await emit();
    const dead = dispatcher({ leaseMs: 300, timeoutMs: 5_000 });
    void dead.runOnce();
    await eventually(() => hook.deliveries.length === 1);
    const survivor = dispatcher({ leaseMs: 300 });
    expect((await survivor.runOnce()).attempted).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await survivor.runOnce()).attempted).toBe(1);
    expect(hook.deliveries.map((d) => d.headers['webhook-id'])).toEqual([eventId, eventId]);
  });

  it('delivers each attempt once while two dispatchers share the outbox', async () => {
    const hook = await receiver((_delivery, response) => {
      setTimeout(() => response.writeHead(204).end(), 5);
    });
    const endpoint = await createEndpoint(hook.url);
    const ids = await emit(40);
    const one = dispatcher({ concurrency: 4 });
    const two = dispatcher({ concurrency: 4 });
    const passes = await Promise.all([one.runOnce(), two.runOnce(), one.runOnce(), two.runOnce()]);
    await one.runOnce();
    expect(passes.reduce((sum, pass) => sum + pass.attempted, 0)).toBeGreaterThanOrEqual(0);
    const seen = hook.deliveries.map((d) => String(d.headers['webhook-id']));
    expect(seen.sort()).toEqual([...ids].sort());
    const attempts = await deliveries(`?endpoint_id=${endpoint.id}&limit=100`);
    expect(attempts).toHaveLength(40);
    expect(attempts.every((a) => a.attempt === 1 && a.succeeded)).toBe(true);
  });

  it('disables the endpoint at once on 410, and after the last failed attempt', async () => {
    const gone = await receiver((_delivery, response) => response.writeHead(410).end());
    const goneEndpoint = await createEndpoint(gone.url);
    await emit(2);
    const worker = dispatcher();
    await worker.runOnce();
    expect(gone.deliveries.length).toBeGreaterThanOrEqual(1);
    const afterGone = await endpointOf(goneEndpoint.id);
    expect(afterGone).toMatchObject({ enabled: false, disabled_reason: 'endpoint_gone' });
    const countAtGone = gone.deliveries.length;
    await emit();
    await worker.runOnce();
    expect(gone.deliveries).toHaveLength(countAtGone);
    await call('PATCH', `/public/webhooks/endpoints/${goneEndpoint.id}`, { enabled: false });

    const failing = await receiver((_delivery, response) => response.writeHead(500).end());
    const failingEndpoint = await createEndpoint(failing.url);
    const [eventId] = await emit();
    await eventually(async () => {
      await worker.runOnce();
      return !(await endpointOf(failingEndpoint.id)).enabled;
    });
    expect(failing.deliveries).toHaveLength(4);
    expect(await endpointOf(failingEndpoint.id)).toMatchObject({
      enabled: false,
      disabled_reason: 'retries_exhausted',
    });
    const attempts = await deliveries(`?event_id=${eventId}&endpoint_id=${failingEndpoint.id}`);
    expect(attempts.map((a) => a.attempt)).toEqual([4, 3, 2, 1]);
    expect(attempts[0]?.next_attempt_at).toBeNull();
    await call('PATCH', `/public/webhooks/endpoints/${failingEndpoint.id}`, { enabled: false });
  });

  it('counts a redirect and a slow answer as failures, and honours Retry-After on 429', async () => {
    const redirecting = await receiver((_delivery, response) =>
      response.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end(),
    );
    const redirectEndpoint = await createEndpoint(redirecting.url);
    const [redirected] = await emit();
    const worker = dispatcher({ timeoutMs: 300 });
    await worker.runOnce();
    const [redirectAttempt] = await deliveries(`?event_id=${redirected}&endpoint_id=${redirectEndpoint.id}`);
    expect(redirectAttempt).toMatchObject({ succeeded: false, status_code: 307 });
    expect(redirectAttempt?.error).toMatch(/redirect/);
    await call('PATCH', `/public/webhooks/endpoints/${redirectEndpoint.id}`, { enabled: false });

    const slow = await receiver(() => undefined);
    const slowEndpoint = await createEndpoint(slow.url);
    const [slowEvent] = await emit();
    await worker.runOnce();
    const [slowAttempt] = await deliveries(`?event_id=${slowEvent}&endpoint_id=${slowEndpoint.id}`);
    expect(slowAttempt).toMatchObject({
      succeeded: false,
      status_code: null,
      error: 'no answer within 0.3 s',
    });
    await call('PATCH', `/public/webhooks/endpoints/${slowEndpoint.id}`, { enabled: false });

    const limited = await receiver((_delivery, response, index) =>
      index === 0 ? response.writeHead(429, { 'retry-after': '1' }).end() : response.writeHead(204).end(),
    );
    const limitedEndpoint = await createEndpoint(limited.url);
    await emit();
    await worker.runOnce();
    const [limitedAttempt] = await deliveries(`?endpoint_id=${limitedEndpoint.id}`);
    expect(limitedAttempt?.status_code).toBe(429);
    const waited =
      Date.parse(limitedAttempt?.next_attempt_at ?? '') - Date.parse(limitedAttempt?.created_at ?? '');
    expect(waited).toBeGreaterThanOrEqual(900);
    await worker.runOnce();
    expect(limited.deliveries).toHaveLength(1);
    await eventually(async () => {
      await worker.runOnce();
      return limited.deliveries.length === 2;
    });
    expect(
      (limited.deliveries[1]?.receivedAt ?? 0) - (limited.deliveries[0]?.receivedAt ?? 0),
    ).toBeGreaterThanOrEqual(900);
  });

  it('lists attempts per tenant and redelivers one on request', async () => {
    const hook = await receiver();
    const endpoint = await createEndpoint(hook.url);
    const [eventId] = await emit();
    const worker = dispatcher();
    await worker.runOnce();
    const [attempt] = await deliveries(`?event_id=${eventId}`);
    if (!attempt) throw new Error('no attempt');
    expect(attempt).toMatchObject({
      event_id: eventId,
      event_type: 'transaction.created',
      endpoint_id: endpoint.id,
      attempt: 1,
      succeeded: true,
      status_code: 204,
      error: null,
    });
    expect(attempt.id).toMatch(/^whdel_/);
    expect(attempt.latency_ms).toBeGreaterThanOrEqual(0);

    const foreignList = (await (
      await call('GET', '/public/webhooks/deliveries', undefined, otherToken)
    ).json()) as WebhookDeliveryList;
    expect(foreignList.results).toEqual([]);
    const foreign = await call(
      'POST',
      `/public/webhooks/deliveries/${attempt.id}/redeliver`,
      undefined,
      otherToken,
    );
    expect(foreign.status).toBe(404);

    const redeliver = await call('POST', `/public/webhooks/deliveries/${attempt.id}/redeliver`);
    expect(redeliver.status).toBe(202);
    expect(await redeliver.json()).toMatchObject({ event_id: eventId, endpoint_id: endpoint.id });
    await worker.runOnce();
    expect(hook.deliveries.filter((d) => d.headers['webhook-id'] === eventId)).toHaveLength(2);
    const again = await deliveries(`?event_id=${eventId}`);
    expect(again.map((a) => [a.attempt, a.succeeded])).toEqual([
      [2, true],
      [1, true],
    ]);

    await call('PATCH', `/public/webhooks/endpoints/${endpoint.id}`, { enabled: false });
    const disabled = await call('POST', `/public/webhooks/deliveries/${attempt.id}/redeliver`);
    expect(disabled.status).toBe(409);
    const [rows] = await selectRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from webhook_messages where event_id = ${eventId} and state = 'pending'`,
    );
    expect(rows?.n).toBe(0);
    const badCursor = await call('GET', '/public/webhooks/deliveries?cursor=bm9wZQ');
    expect(badCursor.status).toBe(400);
  });

  it('refuses private targets at delivery when the policy does not allow them', async () => {
    const hook = await receiver();
    const endpoint = await createEndpoint(hook.url);
    await emit();
    await dispatcher({ policy: { allowPrivate: false } }).runOnce();
    expect(hook.deliveries).toHaveLength(0);
    const [refused] = await deliveries(`?endpoint_id=${endpoint.id}`);
    expect(refused).toMatchObject({ succeeded: false, status_code: null });
    expect(refused?.error).toMatch(/https|private/);
    await call('PATCH', `/public/webhooks/endpoints/${endpoint.id}`, { enabled: false });
  });
});
