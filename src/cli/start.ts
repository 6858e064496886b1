import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadApiConfig } from '../api/config';
import { openDatabase, type DatabaseHandle } from '../api/db/client';
import { serveEmbeddedDatabase, type EmbeddedServer } from '../api/db/embedded-server';
import { apiLoggerOptions } from '../api/logger';
import type { RunningApi } from '../api/server';
import { loadBffConfig } from '../bff/config';
import { DEMO_PEOPLE } from '../bff/idp/people';
import { bffLoggerOptions } from '../bff/logger';
import type { RunningBff } from '../bff/server';
import { buildDashboard, dashboardNeedsBuild } from './spa-build';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `npm start`: migrate, build the dashboard if it is stale, start the API and the BFF, print where. */
export async function startCommand(): Promise<void> {
  const startedAt = performance.now();
  const apiConfig = loadApiConfig();
  const bffConfig = loadBffConfig();
  const apiLogger = pino(apiLoggerOptions());
  const bffLogger = pino(bffLoggerOptions());

  let embedded: EmbeddedServer | null = null;
  let database: DatabaseHandle | null = null;
  let api: RunningApi | null = null;
  let bff: RunningBff | null = null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping Finvis…\n`);
    // Outside in: no new requests, in-flight ones finish, then the database is flushed and closed.
    await bff?.close();
    await api?.close();
    await database?.close();
    await embedded?.close();
    apiLogger.flush();
    bffLogger.flush();
    process.stderr.write('Finvis stopped cleanly.\n');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  // A dashboard served from FINVIS_STATIC_DIR is built elsewhere; the default dist/ is kept fresh here.
  if (!process.env.FINVIS_STATIC_DIR && dashboardNeedsBuild(repositoryRoot, bffConfig.staticDir)) {
    process.stderr.write('Building the dashboard…\n');
    await buildDashboard(repositoryRoot, bffConfig.staticDir);
  }

  // The embedded database opens while the servers' code loads: PGlite compiles its WebAssembly on other
  // threads and reads its files in the pauses (a few hundred milliseconds of every start on two cores).
  const opening =
    apiConfig.database.kind === 'pglite'
      ? serveEmbeddedDatabase(apiConfig.dataDir, apiConfig.database.dataDir)
      : null;
  // Awaited below, after the imports; a failure to open is reported there, not as an unhandled rejection.
  opening?.catch(() => undefined);
  const [{ startApiServer }, { startBffServer }, { ensureDemoTenant }] = await Promise.all([
    import('../api/server'),
    import('../bff/server'),
    import('./demo-bootstrap'),
  ]);

  if (opening) {
    embedded = await opening;
    database = await openDatabase({ kind: 'postgres', url: embedded.url, embedded: true });
  } else {
    database = await openDatabase(apiConfig.database);
  }

  let demoLine = '';
  if (process.env.FINVIS_SEED_DEMO !== '0') {
    const demo = await ensureDemoTenant(database.db, apiConfig.dataDir);
    demoLine = demo.seeded
      ? `  Demo        seeded the demo koncern: ${demo.seeded.transactions.toLocaleString('sv-SE')} transactions in ${(demo.seeded.ms / 1000).toFixed(1)} s`
      : '  Demo        tenant "demo" (kept as it is)';
  }

  // The sandbox's BFF registers its own webhook receiver on this machine: let the API deliver to it.
  if (!process.env.FINVIS_API_URL && process.env.NODE_ENV !== 'production') {
    process.env.FINVIS_WEBHOOKS_ALLOW_PRIVATE ??= '1';
  }
  api = await startApiServer(apiConfig, { database, logger: apiLogger });
  // The BFF follows the API started here unless it is told to use another deployment.
  const apiUrl = process.env.FINVIS_API_URL ? bffConfig.apiUrl : api.url;
  bff = await startBffServer({ ...bffConfig, apiUrl }, { logger: bffLogger });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `  Finvis is running (started in ${seconds} s)`,
      '',
      `  Dashboard   ${bff.url}`,
      `  Public API  ${api.url}/public  (health: ${api.url}/public/health)`,
      `  Database    ${database.description}`,
      ...(demoLine ? [demoLine] : []),
      ...(bffConfig.identity.kind === 'embedded'
        ? [
            `  Sign-in     embedded dev IdP at ${bff.url}/idp; pick a demo person on its login page:`,
            ...DEMO_PEOPLE.map((person) => `                ${person.name} (${person.roles.join(', ')})`),
          ]
        : [`  Sign-in     ${bffConfig.identity.issuer}`]),
      '',
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n') + '\n',
  );
}
