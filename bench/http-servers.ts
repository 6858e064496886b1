/**
 * The servers the HTTP benchmarks load, in one process of their own (the load generator runs in
 * another): on a seeded database,
 * - `api`: the Finvis API as `npm start` runs it (token validation, rate limiting, row-level security);
 * - `unguarded`: the same ledger routes and database work without token validation and rate limiting;
 * - `bare`: a bare Fastify route answering the same JSON from memory;
 * - `bff`: the BFF in front of `api`, as the dashboard calls it.
 * When all listen it prints one JSON line (`ServerSet`) on stdout; it stops on SIGTERM.
 *
 *   node --import tsx bench/http-servers.ts <database url> <data dir>
 */
import type { Server } from 'node:net';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { pino } from 'pino';
import { createApiClient } from '../src/api/repositories/api-clients';
import { openDatabase } from '../src/api/db/client';
import { apiClients, bankAccounts, tenants } from '../src/api/db/schema';
import { installProblemHandlers } from '../src/api/http/problem';
import { registerLedgerRoutes } from '../src/api/routes/ledger';
import { startApiServer } from '../src/api/server';
import { startBffServer } from '../src/bff/server';
import { bffCredentialsPath, DEMO_TENANT, ensureDemoTenant } from '../src/cli/demo-bootstrap';
import { testBffConfig } from '../test/support/bff';
import { scopes } from '../src/contract/scopes';

export interface ServerSet {
  api: string;
  unguarded: string;
  bare: string;
  bff: string;
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

// The same ledger routes with a fixed, already-authenticated caller: what the guard costs is the difference.
const unguarded = Fastify();
unguarded.decorateRequest('auth', null);
unguarded.addHook('onRequest', (request, _reply, done) => {
  request.auth = {
    tenantId: tenant.id,
    clientId: client.id,
    scopes: [...scopes],
    rateLimitPerMinute: UNTHROTTLED_PER_MINUTE,
    actingUser: null,
    actingUserName: null,
    actingUserRoles: [],
  };
  done();
});
installProblemHandlers(unguarded);
registerLedgerRoutes(unguarded, database.db);
await unguarded.listen({ port: 0, host: '127.0.0.1' });

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

const bff = await startBffServer(
  testBffConfig(api.url, {
    staticDir: dataDir,
    upstreamTimeoutMs: 10_000,
    clientCredentials: { kind: 'file', path: bffCredentialsPath(dataDir) },
  }),
  { logger },
);

const address = (server: { server: Server }) => {
  const info = server.server.address();
  return typeof info === 'object' && info ? `http://127.0.0.1:${info.port}` : '';
};
const set: ServerSet = {
  api: api.url,
  unguarded: address(unguarded),
  bare: address(bare),
  bff: bff.url,
  apiToken,
  debtorAccountId: debtor.id,
  accountsPath,
  transactionsPath,
};
process.stdout.write(`${JSON.stringify(set)}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await bff.close();
    await bare.close();
    await unguarded.close();
    await api.close();
    await database.close();
    process.exit(0);
  })();
});
