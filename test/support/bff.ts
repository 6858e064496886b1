import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/api/db/client';
import { selectRows } from '../../src/api/db/rows';
import { DEFAULT_ROLE_SCOPES } from '../../src/bff/auth/role-scopes';
import type { BffConfig } from '../../src/bff/config';
import { startBffServer, type RunningBff } from '../../src/bff/server';
import { silentLogger } from './api-server';

/** A built dashboard stand-in: index.html, one hashed asset, a favicon. */
export function builtDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'finvis-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Finvis</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.info("app");'.repeat(200));
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** The BFF's configuration for a test: the embedded IdP, the demo tenant, the given Finvis client. */
export function testBffConfig(apiUrl: string, overrides: Partial<BffConfig> = {}): BffConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    apiUrl,
    staticDir: overrides.staticDir ?? builtDashboard(),
    upstreamTimeoutMs: 2_000,
    identity: {
      kind: 'embedded',
      clientId: 'finvis-dashboard',
      audience: 'urn:finvis:bff',
      scope: 'openid profile',
    },
    rolesClaim: 'finvis_roles',
    tenantClaim: 'finvis_tenant',
    tenant: 'demo',
    roleScopes: DEFAULT_ROLE_SCOPES,
    clientCredentials: { kind: 'file', path: join(tmpdir(), 'finvis-no-such-credentials.json') },
    ...overrides,
  };
}

export async function startTestBff(apiUrl: string, overrides: Partial<BffConfig> = {}): Promise<RunningBff> {
  return startBffServer(testBffConfig(apiUrl, overrides), { logger: silentLogger });
}

/** How many client-credentials tokens the API issued to a client (its audit log rows). */
export async function countTokensIssued(db: Database, clientId: string): Promise<number> {
  const rows = await selectRows<{ count: string }>(
    db,
    sql`select count(*)::text as count from audit_log where action = 'token.issued' and client_id = ${clientId}`,
  );
  return Number(rows[0]?.count ?? 0);
}

/** The acting users the API recorded for a client's writes. */
export async function actingUsersOf(db: Database, clientId: string): Promise<(string | null)[]> {
  const rows = await selectRows<{ acting_user: string | null }>(
    db,
    sql`select acting_user from audit_log where client_id = ${clientId} and action <> 'token.issued' order by id`,
  );
  return rows.map((row) => row.acting_user);
}

export interface ObservedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A small HTTP server standing in for the Finvis API, to observe exactly what the BFF sends: its
 * token endpoint issues `stub-token-1`, `stub-token-2`, …; every other request is recorded and
 * answered by `respond` (which may never answer, to stand for a slow API).
 */
export async function startStubApi(
  respond: (request: ObservedRequest, response: ServerResponse) => void,
): Promise<{
  url: string;
  tokenRequests: ObservedRequest[];
  calls: ObservedRequest[];
  close(): Promise<void>;
}> {
  const tokenRequests: ObservedRequest[] = [];
  const calls: ObservedRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const observed: ObservedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (observed.url === '/public/auth/token') {
        tokenRequests.push(observed);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            access_token: `stub-token-${tokenRequests.length}`,
            token_type: 'Bearer',
            expires_in: 900,
          }),
        );
        return;
      }
      calls.push(observed);
      respond(observed, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
