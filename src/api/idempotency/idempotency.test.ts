import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger, testApiConfig } from '../../../test/support/api-server';
import { createTestClient, fetchToken, type TestClient } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { defineEndpoint } from '../../contract/endpoint';
import { publicEndpoints } from '../../contract/endpoints';
import { requiresIdempotencyKey } from '../../contract/openapi';
import { problemTypes } from '../../contract/problem';
import { scopes } from '../../contract/scopes';
import { buildApiApp, type ApiServices } from '../app';
import { recordAudit } from '../audit';
import { selectRows } from '../db/rows';
import { idempotencyKeys } from '../db/schema';
import { registerEndpoint } from '../http/endpoint-route';
import { ProblemError } from '../http/problem';
import { newId } from '../ids';
import { createApiServices } from '../server';
import { requestFingerprint } from './key';
import { IdempotencyStore } from './store';
import { registerWriteEndpoint } from './write-endpoint';

/** A write endpoint that exists only in this test, behind the real idempotency layer. */
const testWrite = defineEndpoint({
  operationId: 'testIdempotentWrite',
  method: 'POST',
  path: '/public/test/idempotent-writes',
  summary: 'A test write',
  tags: ['Test'],
  scope: 'admin:public_api',
  body: z.object({
    name: z.string(),
    mode: z.enum(['ok', 'slow', 'slow-in-transaction', 'throw-once', 'fail-once', 'reject']).default('ok'),
  }),
  responses: { 201: { description: 'Written.' } },
});

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A slow request: `entered` resolves once it runs; it goes on when `release` is resolved. */
interface Gate {
  entered: Deferred;
  release: Deferred;
}

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

describe.each(testEngines)('idempotency on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let services: ApiServices;
  let url: string;
  let client: TestClient;
  let token: string;
  const gates = new Map<string, Gate>();
  const failedOnce = new Set<string>();

  async function passGate(name: string): Promise<void> {
    const gate = gates.get(name);
    if (!gate) return;
    gate.entered.resolve();
    await gate.release.promise;
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    services = await createApiServices(testApiConfig(), database.handle, silentLogger);
    app = await buildApiApp({ ...services, logger: silentLogger });
    registerWriteEndpoint(
      app,
      testWrite,
      services,
      async ({ body, request, tx }) => {
        const id = newId('event');
        await recordAudit(tx, request, {
          action: 'test.write',
          resourceType: 'test',
          resourceId: id,
          detail: { name: body.name },
        });
        if (body.mode === 'slow-in-transaction') await passGate(body.name);
        if (body.mode === 'throw-once' && !failedOnce.has(body.name)) {
          failedOnce.add(body.name);
          throw new Error('the handler failed');
        }
        if (body.mode === 'fail-once' && !failedOnce.has(body.name)) {
          failedOnce.add(body.name);
          return { status: 503, body: { message: 'try again' } };
        }
        if (body.mode === 'reject') {
          throw new ProblemError(409, problemTypes.conflict, 'Conflict', `${body.name} conflicts.`);
        }
        return { status: 201, body: { id, name: body.name }, headers: { location: `/public/test/${id}` } };
      },
      {
        prepare: async ({ body }) => {
          if (body.mode === 'slow') await passGate(body.name);
        },
      },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    client = await createTestClient(database.handle.db, 'idem', ['admin:public_api']);
    token = await fetchToken(url, client);
  });
  afterAll(async () => {
    await app?.close();
    await services?.rateLimits.close();
    await database?.drop();
  });

  async function post(
    path: string,
    body: unknown,
    options: { key?: string | null; as?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.as ?? token}`,
      'content-type': 'application/json',
    };
    if (options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** A POST written byte for byte on a socket, so that header values fetch would refuse reach the server. */
  function rawPost(path: string, keyBytes: Buffer, body: unknown): Promise<Reply> {
    const payload = Buffer.from(JSON.stringify(body));
    const { port } = new URL(url);
    const head = Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\nIdempotency-Key: `,
      'latin1',
    );
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect(Number(port), '127.0.0.1', () => {
        // write, not end: the server would drop a half-closed connection; Connection: close ends it.
        socket.write(Buffer.concat([head, keyBytes, Buffer.from('\r\n\r\n'), payload]));
      });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const [headText = '', text = ''] = raw.split('\r\n\r\n', 2);
        const [statusLine = '', ...headerLines] = headText.split('\r\n');
        const headers = new Headers();
        for (const line of headerLines) {
          const colon = line.indexOf(':');
          headers.append(line.slice(0, colon), line.slice(colon + 1).trim());
        }
        resolve({ status: Number(statusLine.split(' ')[1]), headers, text });
      });
    });
  }

  const write = (body: { name: string; mode?: string }, options: { key?: string | null; as?: string } = {}) =>
    post(testWrite.path, body, options);

  async function writes(name: string): Promise<number> {
    const [row] = await selectRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from audit_log where action = 'test.write' and detail->>'name' = ${name}`,
    );
    return row?.n ?? -1;
  }

  function problemOf(reply: Reply): { type: string; status: number; detail?: string } {
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return JSON.parse(reply.text) as { type: string; status: number; detail?: string };
  }

  it('requires an Idempotency-Key: 400 problem, checked before the body, nothing written', async () => {
    const name = randomUUID();
    const missing = await write({ name }, { key: null });
    expect(missing.status).toBe(400);
    const problem = problemOf(missing);
    expect(problem).toMatchObject({ type: problemTypes.idempotency, status: 400 });
    expect(problem.detail).toMatch(/Idempotency-Key/);
    const missingAndInvalid = await post(testWrite.path, { nonsense: true }, { key: null });
    expect(problemOf(missingAndInvalid).type).toBe(problemTypes.idempotency);
    expect(await writes(name)).toBe(0);
  });

  it('refuses malformed keys with 400: empty, 256 characters, non-ASCII, control characters', async () => {
    const name = randomUUID();
    const keys = [
      Buffer.from(''),
      Buffer.from('x'.repeat(256)),
      Buffer.from('caf\u00e9', 'utf8'),
      Buffer.from('a\tb'),
      Buffer.from('"unterminated'),
      Buffer.from('"bad\\escape"'),
    ];
    for (const key of keys) {
      const reply = await rawPost(testWrite.path, key, { name });
      expect([key.toString('latin1'), reply.status]).toEqual([key.toString('latin1'), 400]);
      expect(problemOf(reply).type).toBe(problemTypes.idempotency);
    }
    // Other control characters do not even pass Node's HTTP parser: a 400 all the same.
    for (const key of ['a\u0001b', 'a\u007fb']) {
      expect((await rawPost(testWrite.path, Buffer.from(key), { name })).status).toBe(400);
    }
    expect(await writes(name)).toBe(0);
    expect((await write({ name }, { key: `${randomUUID()}${'x'.repeat(219)}` })).status).toBe(201);
  });

  it('replays a completed request: same status, byte-identical body, Idempotent-Replayed, nothing new', async () => {
    const name = randomUUID();
    const key = randomUUID();
    const first = await write({ name }, { key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    for (const path of [testWrite.path, `${testWrite.path}/`]) {
      const again = await post(path, { name }, { key });
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    }
    expect(await writes(name)).toBe(1);
  });

  it('bare and quoted forms name the same key', async () => {
    const name = randomUUID();
    const key = `abc-${randomUUID()}`;
    const bare = await write({ name }, { key });
    const quoted = await write({ name }, { key: `"${key}"` });
    expect(bare.status).toBe(201);
    expect(quoted.headers.get('idempotent-replayed')).toBe('true');
    expect(quoted.text).toBe(bare.text);

    const escapedName = randomUUID();
    const escaped = await write({ name: escapedName }, { key: `"q\\"${key}"` });
    const plain = await write({ name: escapedName }, { key: `q"${key}` });
    expect(plain.headers.get('idempotent-replayed')).toBe('true');
    expect(plain.text).toBe(escaped.text);
    expect(await writes(name)).toBe(1);
    expect(await writes(escapedName)).toBe(1);
  });

  it('answers 422 to the same key with a different body or path', async () => {
    const name = randomUUID();
    const key = randomUUID();
    expect((await write({ name }, { key })).status).toBe(201);
    const otherBody = await write({ name: `${name}-2` }, { key });
    expect(otherBody.status).toBe(422);
    expect(problemOf(otherBody).type).toBe(problemTypes.idempotency);
    // A body both endpoints accept (each ignores the other's fields), so only the path differs.
    const both = { name: `${name}-3`, url: 'https://example.com/x', event_types: ['*'] };
    expect((await write(both, { key: `${key}-path` })).status).toBe(201);
    const otherPath = await post('/public/webhooks/endpoints', both, { key: `${key}-path` });
    expect(otherPath.status).toBe(422);
    expect(await writes(name)).toBe(1);
    expect(await writes(`${name}-2`)).toBe(0);
  });

  async function expectConflictWhileRunning(mode: 'slow' | 'slow-in-transaction'): Promise<void> {
    const name = randomUUID();
    const key = randomUUID();
    const gate: Gate = { entered: deferred(), release: deferred() };
    gates.set(name, gate);
    const first = write({ name, mode }, { key });
    await gate.entered.promise;
    const second = await write({ name, mode }, { key });
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(problemOf(second).type).toBe(problemTypes.idempotency);
    gate.release.resolve();
    const firstReply = await first;
    expect(firstReply.status).toBe(201);
    const third = await write({ name, mode }, { key });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.text).toBe(firstReply.text);
    expect(await writes(name)).toBe(1);
  }

  it('answers 409 with Retry-After while the first request with the key still runs', async () => {
    await expectConflictWhileRunning('slow');
  });

  // PGlite is one connection: a transaction held open blocks every other query, so a second request
  // cannot even claim its key until the first commits. On PostgreSQL the claim commits on its own.
  if (engine === 'postgres') {
    it('answers 409 while the first request holds its write transaction open', async () => {
      await expectConflictWhileRunning('slow-in-transaction');
    });
  }

  it('releases the key when the handler throws: 500, rolled back, and the retry runs anew', async () => {
    const name = randomUUID();
    const key = randomUUID();
    const failed = await write({ name, mode: 'throw-once' }, { key });
    expect(failed.status).toBe(500);
    expect(problemOf(failed).type).toBe(problemTypes.internal);
    expect(await writes(name)).toBe(0);
    const retry = await write({ name, mode: 'throw-once' }, { key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await writes(name)).toBe(1);
  });

  it('releases the key on a 5xx result too', async () => {
    const name = randomUUID();
    const key = randomUUID();
    const failed = await write({ name, mode: 'fail-once' }, { key });
    expect(failed.status).toBe(503);
    expect(await writes(name)).toBe(0);
    const retry = await write({ name, mode: 'fail-once' }, { key });
    expect(retry.status).toBe(201);
    expect(await writes(name)).toBe(1);
  });

  it('stores a 4xx problem and replays it; the write itself rolled back', async () => {
    const name = randomUUID();
    const key = randomUUID();
    const first = await write({ name, mode: 'reject' }, { key });
    expect(first.status).toBe(409);
    expect(problemOf(first).type).toBe(problemTypes.conflict);
    const again = await write({ name, mode: 'reject' }, { key });
    expect(again.status).toBe(409);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await writes(name)).toBe(0);
  });

  it('takes over a key whose holder died, and treats an expired key as new', async () => {
    const db = database.handle.db;
    const scope = { tenantId: client.tenantId, clientId: client.clientId };
    const fingerprint = (name: string) => requestFingerprint('POST', testWrite.path, { name });

    const stale = randomUUID();
    const staleKey = randomUUID();
    await db.insert(idempotencyKeys).values({
      ...scope,
      key: staleKey,
      fingerprint: fingerprint(stale),
      state: 'in_progress',
      lockedUntil: sql`now() - interval '1 second'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    expect((await write({ name: stale }, { key: staleKey })).status).toBe(201);
    expect(await writes(stale)).toBe(1);

    const running = randomUUID();
    const runningKey = randomUUID();
    await db.insert(idempotencyKeys).values({
      ...scope,
      key: runningKey,
      fingerprint: fingerprint(running),
      state: 'in_progress',
      lockedUntil: sql`now() + interval '1 minute'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    const busy = await write({ name: running }, { key: runningKey });
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await write({ name: `${running}-other` }, { key: runningKey })).status).toBe(422);

    const old = randomUUID();
    const oldKey = randomUUID();
    await db.insert(idempotencyKeys).values({
      ...scope,
      key: oldKey,
      fingerprint: fingerprint(`${old}-before`),
      state: 'completed',
      responseStatus: 201,
      responseBody: '{"old":true}',
      responseHeaders: {},
      createdAt: sql`now() - interval '25 hours'`,
      lockedUntil: sql`now() - interval '25 hours'`,
      expiresAt: sql`now() - interval '1 hour'`,
    });
    const reused = await write({ name: old }, { key: oldKey });
    expect(reused.status).toBe(201);
    expect(reused.headers.get('idempotent-replayed')).toBeNull();
    expect(await writes(old)).toBe(1);
  });

  it('purges expired keys', async () => {
    const key = randomUUID();
    await database.handle.db.insert(idempotencyKeys).values({
      tenantId: client.tenantId,
      clientId: client.clientId,
      key,
      fingerprint: 'x',
      state: 'completed',
      responseStatus: 201,
      responseBody: '{}',
      lockedUntil: sql`now() - interval '25 hours'`,
      expiresAt: sql`now() - interval '1 hour'`,
    });
    const store = new IdempotencyStore(database.handle.db);
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await store.purgeExpired()).toBeNull();
    const left = await selectRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from idempotency_keys where key = ${key}`,
    );
    expect(left[0]?.n).toBe(0);
  });

  it('keeps keys per API client and per tenant', async () => {
    const sameTenant = await createTestClient(database.handle.db, 'idem', ['admin:public_api']);
    const otherTenant = await createTestClient(database.handle.db, 'idem-other', ['admin:public_api']);
    const name = randomUUID();
    const key = randomUUID();
    const replies = [
      await write({ name }, { key }),
      await write({ name }, { key, as: await fetchToken(url, sameTenant) }),
      await write({ name }, { key, as: await fetchToken(url, otherTenant) }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201]);
    expect(replies.map((reply) => reply.headers.get('idempotent-replayed'))).toEqual([null, null, null]);
    expect(new Set(replies.map((reply) => reply.text)).size).toBe(3);
    expect(await writes(name)).toBe(3);
  });

  it('100 concurrent identical creates with one key make exactly one webhook endpoint', async () => {
    const crowd = await createTestClient(database.handle.db, 'idem-crowd', ['admin:public_api']);
    const crowdToken = await fetchToken(url, crowd);
    const key = randomUUID();
    const body = { url: 'https://example.com/crowd', event_types: ['transaction.created'] };
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => post('/public/webhooks/endpoints', body, { key, as: crowdToken })),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const created = replies.filter((reply) => reply.status === 201);
    expect(created.filter((reply) => reply.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(new Set(created.map((reply) => reply.text)).size).toBe(1);
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.headers.get('retry-after')).toBe('1');
    }
    const after = await post('/public/webhooks/endpoints', body, { key, as: crowdToken });
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(after.text).toBe(created[0]?.text);
    const [count] = await selectRows<{ n: number }>(
      database.handle.db,
      sql`select count(*)::int as n from webhook_endpoints where tenant_id = ${crowd.tenantId}`,
    );
    expect(count?.n).toBe(1);
  });

  it('every write of the public contract requires an Idempotency-Key', async () => {
    const all = await createTestClient(database.handle.db, 'idem-all', [...scopes]);
    const allToken = await fetchToken(url, all);
    const writesOfContract = publicEndpoints.filter(requiresIdempotencyKey);
    expect(writesOfContract.length).toBeGreaterThan(0);
    for (const endpoint of writesOfContract) {
      const path = endpoint.path.replace(/\{\w+\}/g, 'whep_0000000000000000000000000a');
      const reply = await post(path, {}, { key: null, as: allToken });
      expect([endpoint.operationId, reply.status]).toEqual([endpoint.operationId, 400]);
      expect(problemOf(reply).type).toBe(problemTypes.idempotency);
    }
  });
});

describe('registerEndpoint', () => {
  it('refuses a write that does not come through the idempotency layer', () => {
    const app = Fastify();
    expect(() => registerEndpoint(app, testWrite, () => Promise.resolve({ status: 201 }))).toThrow(
      /registerWriteEndpoint/,
    );
  });
});
