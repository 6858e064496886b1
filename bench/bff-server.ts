/**
 * The BFF for the HTTP benchmarks, in a process of its own as it is deployed in front of an API that
 * runs elsewhere (bench/http-servers.ts): its event loop never shares the API's. When it listens it
 * prints one JSON line (`{"bff": url}`) on stdout; it stops on SIGTERM.
 *
 *   node --import tsx bench/bff-server.ts <api url> <data dir>
 */
import { pino } from 'pino';
import { startBffServer } from '../src/bff/server';
import { bffCredentialsPath } from '../src/cli/demo-bootstrap';
import { testBffConfig } from '../test/support/bff';

const [apiUrl, dataDir] = process.argv.slice(2);
if (!apiUrl || !dataDir) throw new Error('usage: bff-server.ts <api url> <data dir>');

const bff = await startBffServer(
  testBffConfig(apiUrl, {
    staticDir: dataDir,
    upstreamTimeoutMs: 10_000,
    clientCredentials: { kind: 'file', path: bffCredentialsPath(dataDir) },
  }),
  { logger: pino({ level: 'silent' }) },
);
process.stdout.write(`${JSON.stringify({ bff: bff.url })}\n`);

process.once('SIGTERM', () => {
  void bff.close().then(() => process.exit(0));
});
