import { pino, type Logger } from 'pino';
import type { IsoDate } from '../banking/dates';
import { buildApiApp, type ApiServices } from './app';
import { createTokenIssuer } from './auth/access-token';
import { ClientStatusCache } from './auth/client-status';
import { loadSigningKeys } from './auth/signing-keys';
import type { ApiConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/client';
import { apiLoggerOptions } from './logger';
import { createRateLimitStore } from './rate-limit/create-store';
import { followTenantChanges } from './read-cache/change-feed';
import { TenantReadCache } from './read-cache/tenant-read-cache';
import { startSandboxBankClock } from './sandbox-bank/bank';
import { startWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher';
import { webhookDeliverySettingsFromEnv } from './webhooks/settings';

export interface RunningApi {
  url: string;
  services: ApiServices;
  /** Delivers the outbox's events to webhook endpoints; stopped by close(). */
  webhookDispatcher: WebhookDispatcher;
  close(): Promise<void>;
}

/** The API's collaborators, from configuration: tokens signed with the stored key, limits in memory or Redis. */
export async function createApiServices(
  config: ApiConfig,
  database: DatabaseHandle,
  logger: Logger,
): Promise<ApiServices> {
  const keys = await loadSigningKeys(database.db);
  return {
    database,
    tokens: createTokenIssuer(keys, config.token),
    clients: new ClientStatusCache(database.db),
    rateLimits: await createRateLimitStore({ redisUrl: config.redisUrl ?? undefined, logger }),
    readCache: new TenantReadCache(),
  };
}

/**
 * Starts the API on an open database (or opens one from the configuration). Closing stops taking
 * requests, lets those in flight finish, and then closes the database when this server opened it.
 */
export async function startApiServer(
  config: ApiConfig,
  options: { database?: DatabaseHandle; logger?: Logger; today?: () => IsoDate } = {},
): Promise<RunningApi> {
  const logger = options.logger ?? pino(apiLoggerOptions());
  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = !options.database;
  const services = await createApiServices(config, database, logger);
  const changeFeed = followTenantChanges(database, services.readCache, logger);
  await changeFeed.ready;
  const app = await buildApiApp({ ...services, logger, today: options.today });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const bankClock = config.bankSpeedSeconds
    ? startSandboxBankClock(database.db, { secondsPerStep: config.bankSpeedSeconds, logger })
    : null;
  const webhookDispatcher = startWebhookDispatcher(database.db, webhookDeliverySettingsFromEnv(), logger);
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    services,
    webhookDispatcher,
    async close() {
      await bankClock?.stop();
      await webhookDispatcher.stop();
      await app.close();
      await changeFeed.close();
      await services.rateLimits.close();
      if (ownsDatabase) await database.close();
    },
  };
}
