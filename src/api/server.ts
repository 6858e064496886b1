import { pino, type Logger } from 'pino';
import type { ApiConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/client';
import { buildApiApp } from './app';
import { apiLoggerOptions } from './logger';

export interface RunningApi {
  url: string;
  database: DatabaseHandle;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts the API on an open database (or opens one from the configuration). Closing stops taking
 * requests, lets those in flight finish, and then closes the database when this server opened it.
 */
export async function startApiServer(
  config: ApiConfig,
  options: { database?: DatabaseHandle; logger?: Logger } = {},
): Promise<RunningApi> {
  const logger = options.logger ?? pino(apiLoggerOptions());
  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = !options.database;
  const app = buildApiApp({ database, logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    database,
    logger,
    async close() {
      await app.close();
      if (ownsDatabase) await database.close();
    },
  };
}
