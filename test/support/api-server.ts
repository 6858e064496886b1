import { pino, type Logger } from 'pino';
import type { IsoDate } from '../../src/banking/dates';
import type { ApiConfig } from '../../src/api/config';
import { startApiServer, type RunningApi } from '../../src/api/server';
import type { DatabaseHandle } from '../../src/api/db/client';

export const silentLogger = pino({ level: 'silent' });

/** The API's configuration for tests: a free port on loopback; the database is handed in. */
export function testApiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'pglite', dataDir: null },
    dataDir: '',
    token: { issuer: 'urn:finvis:test', lifetimeSeconds: 900 },
    redisUrl: null,
    ...overrides,
  };
}

/** The real API on a free port over a test database, reached over real HTTP. */
export async function startTestApi(
  database: DatabaseHandle,
  options: { config?: Partial<ApiConfig>; logger?: Logger; today?: () => IsoDate } = {},
): Promise<RunningApi> {
  return startApiServer(testApiConfig(options.config), {
    database,
    logger: options.logger ?? silentLogger,
    today: options.today,
  });
}
