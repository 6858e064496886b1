import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { runCli, startServers, type StartedServers } from '../../test/support/cli';

function environment() {
  const dataDir = mkdtempSync(join(tmpdir(), 'finvis-cli-'));
  const staticDir = join(dataDir, 'dist');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Finvis</title>');
  const port = 20_000 + Math.floor((process.pid % 5000) * 2);
  return {
    FINVIS_DATA_DIR: dataDir,
    FINVIS_STATIC_DIR: staticDir,
    PORT: String(port),
    FINVIS_API_PORT: String(port + 1),
    DATABASE_URL: '',
  };
}

async function tokenStatus(apiPort: string, clientId: string, secret: string): Promise<number> {
  const response = await fetch(`http://localhost:${apiPort}/public/auth/token/`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return response.status;
}

/** clients create / list / rotate-secret / revoke against the running server, as an operator would. */
async function manageClientsWhileServing(
  env: ReturnType<typeof environment>,
  expect: ExpectStatic,
): Promise<void> {
  const created = await runCli(
    [
      'clients',
      'create',
      '--tenant',
      'acme',
      '--name',
      'ERP',
      '--scopes',
      'read:ledger,read:reporting',
      '--rate-limit',
      '120',
      '--json',
    ],
    env,
  );
  expect(created.code).toBe(0);
  const lines = created.stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  const credentials = JSON.parse(lines[0] ?? '') as { client_id: string; client_secret: string };
  expect(Object.keys(credentials).sort()).toEqual(['client_id', 'client_secret']);
  expect(credentials.client_id).toMatch(/^cli_/);
  expect(credentials.client_secret).toMatch(/^fvs_[A-Za-z0-9_-]{43}$/);
  expect(await tokenStatus(env.FINVIS_API_PORT, credentials.client_id, credentials.client_secret)).toBe(200);

  const listed = await runCli(['clients', 'list', '--tenant', 'acme', '--json'], env);
  expect(listed.stdout).not.toContain(credentials.client_secret);
  expect(JSON.parse(listed.stdout)).toEqual([
    expect.objectContaining({
      client_id: credentials.client_id,
      name: 'ERP',
      scopes: ['read:ledger', 'read:reporting'],
      rate_limit_per_minute: 120,
      status: 'active',
    }),
  ]);

  const rotated = await runCli(['clients', 'rotate-secret', credentials.client_id, '--json'], env);
  const newSecret = (JSON.parse(rotated.stdout) as { client_secret: string }).client_secret;
  expect(newSecret).not.toBe(credentials.client_secret);
  expect(await tokenStatus(env.FINVIS_API_PORT, credentials.client_id, credentials.client_secret)).toBe(401);
  expect(await tokenStatus(env.FINVIS_API_PORT, credentials.client_id, newSecret)).toBe(200);

  const revoked = await runCli(['clients', 'revoke', credentials.client_id], env);
  expect(revoked.code).toBe(0);
  expect(await tokenStatus(env.FINVIS_API_PORT, credentials.client_id, newSecret)).toBe(401);

  // The BFF's client, created by the demo seed, is shared by every dashboard user: it has a far higher limit.
  const demoClients = await runCli(['clients', 'list', '--tenant', 'demo', '--json'], env);
  expect(JSON.parse(demoClients.stdout)).toEqual([
    expect.objectContaining({
      name: 'Finvis dashboard (BFF)',
      rate_limit_per_minute: 20_000,
      status: 'active',
    }),
  ]);
}

/*
 * One data directory goes through a server's whole life, step by step in file order: a clean start
 * (initdb, migrations and the demo seed, the slowest step, so it is paid once), the CLI and a refused
 * second server beside it, Ctrl-C, the files read without a server, and a second start. Only commands
 * that never reach the database run side by side (it.concurrent): the embedded database's socket
 * queues single protocol messages, so two clients' statements could interleave there.
 */
describe('finvis start, the CLI beside it, and Ctrl-C', { timeout: 180_000 }, () => {
  const env = environment();
  let servers: StartedServers;

  beforeAll(async () => {
    servers = await startServers(env);
  }, 120_000);
  afterAll(async () => {
    // Only after a failed step do the servers still run; the steps assert how they stop.
    await servers?.stop('SIGKILL');
    rmSync(env.FINVIS_DATA_DIR, { recursive: true, force: true });
  });

  it('seeds a clean data directory and serves the dashboard and the API', async () => {
    expect(servers.output()).toContain(`Dashboard   http://localhost:${env.PORT}`);
    expect(servers.output()).toMatch(/Demo {8}seeded the demo koncern: [\d\s\u00a0]+ transactions/);
    expect(existsSync(join(env.FINVIS_DATA_DIR, 'bff-client.json'))).toBe(true);
    const health = await fetch(`http://localhost:${env.PORT}/api/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { engine: 'pglite' } });
  });

  it.concurrent('refuses a second server on the same data directory and says why', async ({ expect }) => {
    const second = await runCli(['start'], {
      ...env,
      PORT: String(Number(env.PORT) + 2),
      FINVIS_API_PORT: String(Number(env.PORT) + 3),
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Another Finvis server is already using');
  });

  it.concurrent('refuses an unknown scope and says which', async ({ expect }) => {
    const unknownScope = await runCli(
      ['clients', 'create', '--tenant', 'acme', '--name', 'x', '--scopes', 'root'],
      env,
    );
    expect(unknownScope.code).not.toBe(0);
    expect(unknownScope.stderr).toContain('unknown scope(s) root');
  });

  it.concurrent('lets the CLI write through the running server', async ({ expect }) => {
    // PGlite admits one process: the CLI reaches the database through the running server.
    const created = await runCli(['tenants', 'create', 'acme', '--json'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'acme' });
    const migrated = await runCli(['migrate'], env);
    expect(migrated.stdout).toContain('embedded PGlite over its local socket');

    await manageClientsWhileServing(env, expect);
  });

  it('stops cleanly on Ctrl-C, keeps what was written, and starts again over it', async () => {
    const stopped = await servers.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(servers.output()).toContain('Finvis stopped cleanly.');

    // With the servers gone, the CLI opens the database files itself: the write survived.
    const listed = await runCli(['tenants', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['acme', 'demo']);

    // A second start keeps the demo tenant as it is: seeding never writes over user data.
    const again = await startServers(env);
    try {
      expect(again.output()).toContain('tenant "demo" (kept as it is)');
    } finally {
      expect((await again.stop('SIGTERM')).code).toBe(0);
    }
    expect(again.output()).toContain('Finvis stopped cleanly.');
  });
});
