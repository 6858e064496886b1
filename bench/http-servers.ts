/**
 * The servers the HTTP benchmarks load, in one process of their own (the load generator runs in
 * another): on a seeded database,
 * - `api`: the Finvis API as `npm start` runs it (token validation, rate limiting, row-level security);
 * - `unguarded`: the same API and answers cache without token validation and rate limiting;
 * - `uncached`: that API reading the database on every request (as the first read after a change);
 * - `bare`: a bare Fastify route answering the same JSON from memory;
 * When all listen it prints one JSON line (`ServerSet`) on stdout; it stops on SIGTERM.
 *
 *   node --import tsx bench/http-servers.ts <database url> <data dir>
 */
import type { Server } from 'node:net';
import { eq } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createApiClient } from '../src/api/repositories/api-clients';
import { openDatabase } from '../src/api/db/client';
import { apiClients, bankAccounts, tenants } from '../src/api/db/schema';
import { buildApiApp } from '../src/api/app';
import { TenantReadCache } from '../src/api/read-cache/tenant-read-cache';
import { startApiServer } from '../src/api/server';
import { DEMO_TENANT, ensureDemoTenant } from '../src/cli/demo-bootstrap';
import { scopes } from '../src/contract/scopes';

export interface ServerSet {
  api: string;
  unguarded: string;
  uncached: string;
  bare: string;
  /** A client-credentials token of the demo tenant with every scope. */
  apiToken: string;
  debtorAccountId: string;
  accountsPath: string;
  transactionsPath: string;
}

/** Far above any load here: the limiter still counts every request, it just never says no. */
const UNTHROTTLED_PER_MINUTE = 1_000_000_000;

const [databaseUrl, dataDir] = process.argv.slice(2);
if (!databaseUrl || !dataDir) throw new Error('usage: http-servers.ts <database url> <data dir>');
const logger = pino({ level: 'silent' });
const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
await ensureDemoTenant(database.db, dataDir);
const [tenant] = await database.db.select().from(tenants).where(eq(tenants.name, DEMO_TENANT));
if (!tenant) throw new Error('no demo tenant');
// The BFF's client normally shares 20,000 requests a minute among all dashboard users; unthrottled here.
await database.db.update(apiClients).set({ rateLimitPerMinute: UNTHROTTLED_PER_MINUTE });
const { client, secret } = await createApiClient(database.db, {
  tenantId: tenant.id,
  name: 'bench client',
  scopes: [...scopes],
  rateLimitPerMinute: UNTHROTTLED_PER_MINUTE,
});
const [debtor] = await database.db
  .select({ id: bankAccounts.id })
  .from(bankAccounts)
  .where(eq(bankAccounts.tenantId, tenant.id))
  .limit(1);
if (!debtor) throw new Error('the demo tenant has no accounts');

const api = await startApiServer(
  {
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'postgres', url: databaseUrl },
    dataDir,
    token: { issuer: 'urn:finvis:bench', lifetimeSeconds: 3600 },
    redisUrl: null,
  },
  { database, logger },
);

const tokenResponse = await fetch(`${api.url}/public/auth/token`, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${client.id}:${secret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'grant_type=client_credentials',
});
const { access_token: apiToken } = (await tokenResponse.json()) as { access_token: string };

const accountsPath = '/public/accounts?limit=50';
const transactionsPath = '/public/transactions?direction=out&limit=100';

const fixedCaller = {
  tenantId: tenant.id,
  clientId: client.id,
  scopes: [...scopes],
  rateLimitPerMinute: UNTHROTTLED_PER_MINUTE,
  actingUser: null,
  actingUserName: null,
  actingUserRoles: [],
};

/** The API as deployed but for the guard: every request is the bench client's, unchecked and uncounted. */
async function withoutGuard(readCache: TenantReadCache): Promise<FastifyInstance> {
  const server = await buildApiApp({ ...api.services, readCache, logger, fixedCaller });
  await server.listen({ port: 0, host: '127.0.0.1' });
  return server;
}

// What the guard costs is the difference between the API and the same app over the same cache.
const unguarded = await withoutGuard(api.services.readCache);
// A cache that never goes live: every request reads the database, as the first one after a change does.
const uncached = await withoutGuard(new TenantReadCache());

// The bare route: the API's own answers, captured once, served from memory.
const captured = new Map<string, string>();
for (const path of [accountsPath, transactionsPath]) {
  const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${apiToken}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  captured.set(new URL(path, api.url).pathname, await response.text());
}
const bare = Fastify();
for (const [pathname, body] of captured) {
  bare.get(pathname, async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
}
await bare.listen({ port: 0, host: '127.0.0.1' });

const address = (server: { server: Server }) => {
  const info = server.server.address();
  return typeof info === 'object' && info ? `http://127.0.0.1:${info.port}` : '';
};
const set: ServerSet = {
  api: api.url,
  unguarded: address(unguarded),
  uncached: address(uncached),
  bare: address(bare),
  apiToken,
  debtorAccountId: debtor.id,
  accountsPath,
  transactionsPath,
};
process.stdout.write(`${JSON.stringify(set)}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await bare.close();
    await unguarded.close();
    await uncached.close();
    await api.close();
    await database.close();
    process.exit(0);
  })();
});
