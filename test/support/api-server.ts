import { pino } from 'pino';
import { startApiServer, type RunningApi } from '../../src/api/server';
import type { DatabaseHandle } from '../../src/api/db/client';

export const silentLogger = pino({ level: 'silent' });

/** The real API on a free port over a test database, reached over real HTTP. */
export async function startTestApi(database: DatabaseHandle): Promise<RunningApi> {
  return startApiServer(
    {
      port: 0,
      host: '127.0.0.1',
      database: { kind: 'pglite', dataDir: null },
      dataDir: '',
      token: { issuer: 'urn:finvis:test', lifetimeSeconds: 900 },
      redisUrl: null,
    },
    { database, logger: silentLogger },
  );
}
