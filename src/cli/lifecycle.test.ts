import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServers } from '../../test/support/cli';

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

describe('finvis start, the CLI beside it, and Ctrl-C', () => {
  it('serves, lets the CLI write through the running server, stops cleanly and keeps what was written', async () => {
    const env = environment();
    const servers = await startServers(env);
    try {
      expect(servers.output()).toContain(`Dashboard   http://localhost:${env.PORT}`);
      expect(servers.output()).toMatch(/Demo {8}seeded the demo koncern: [\d\s\u00a0]+ transactions/);
      expect(existsSync(join(env.FINVIS_DATA_DIR, 'bff-client.json'))).toBe(true);
      const health = await fetch(`http://localhost:${env.PORT}/api/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { engine: 'pglite' } });

      // PGlite admits one process: the CLI reaches the database through the running server.
      const created = await runCli(['tenants', 'create', 'acme', '--json'], env);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ name: 'acme' });
      const migrated = await runCli(['migrate'], env);
      expect(migrated.stdout).toContain('embedded PGlite over its local socket');
    } finally {
      const stopped = await servers.stop('SIGINT');
      expect(stopped.code).toBe(0);
      expect(servers.output()).toContain('Finvis stopped cleanly.');
    }

    // With the servers gone, the CLI opens the database files itself: the write survived.
    const listed = await runCli(['tenants', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((t) => t.name)).toEqual(['acme', 'demo']);

    // A second start keeps the demo tenant as it is: seeding never writes over user data.
    const again = await startServers(env);
    expect(again.output()).toContain('tenant "demo" (kept as it is)');
    expect((await again.stop('SIGINT')).code).toBe(0);
  });

  it('refuses a second server on the same data directory and says why', async () => {
    const env = environment();
    const first = await startServers(env);
    try {
      const second = await runCli(['start'], {
        ...env,
        PORT: String(Number(env.PORT) + 2),
        FINVIS_API_PORT: String(Number(env.PORT) + 3),
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('Another Finvis server is already using');
    } finally {
      expect((await first.stop('SIGTERM')).code).toBe(0);
    }
  });
});
