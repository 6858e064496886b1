import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle, NotificationListener } from '../db/client';
import type { TenantReadCache } from './tenant-read-cache';

/** Notified by the statement triggers of migration 0017 with a tenant id, or `*` for every tenant. */
export const TENANT_CHANGED_CHANNEL = 'finvis_tenant_changed';
const EVERY_TENANT = '*';

const RECONNECT_DELAYS_MS = [100, 500, 2_000, 5_000];
/** Payloads of the feed's own test notifications; never a tenant id (those start `ten_`). */
const PROBE_PREFIX = 'probe:';
const PROBE_TIMEOUT_MS = 2_000;

export interface TenantChangeFeed {
  /** Settles once the first attempt to listen has succeeded or failed. */
  ready: Promise<void>;
  close(): Promise<void>;
}

interface FeedLogger {
  warn(details: { err: unknown }, message: string): void;
}

/**
 * Keeps `cache` told of every change to the tenants' ledgers, through a listening session of its
 * own. The cache serves from memory only while that session is up: when it is lost, the cache forgets
 * everything and stays off until a new session listens again (retried with growing delays). Where the
 * database cannot give such a session (the embedded engine's socket), the cache simply stays off.
 */
export function followTenantChanges(
  database: DatabaseHandle,
  cache: TenantReadCache,
  logger: FeedLogger,
): TenantChangeFeed {
  let listener: NotificationListener | null = null;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;

  const probes = new Map<string, () => void>();

  /**
   * Sends a notification the way the triggers do and waits for it to come back on the listening
   * session. A session that LISTENs but never hears (say, behind a transaction-pooling proxy) would
   * leave the cache serving answers no change could retire; such a session never turns it on.
   */
  const heardBack = async (): Promise<boolean> => {
    const payload = `${PROBE_PREFIX}${randomUUID()}`;
    let timeout: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      probes.set(payload, () => resolve(true));
      timeout = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    try {
      await database.db.execute(sql`select pg_notify(${TENANT_CHANGED_CHANNEL}, ${payload})`);
      return await heard;
    } finally {
      clearTimeout(timeout);
      probes.delete(payload);
    }
  };

  const connect = async (): Promise<void> => {
    timer = null;
    try {
      const opened = await database.listen(TENANT_CHANGED_CHANNEL, {
        onNotification(payload) {
          if (payload.startsWith(PROBE_PREFIX)) probes.get(payload)?.();
          else if (payload === EVERY_TENANT || payload === '') cache.forgetAll();
          else cache.tenantChanged(payload);
        },
        onLost(error) {
          // Lost while still being probed: the probe fails and retries by itself.
          if (listener === null) return;
          cache.setLive(false);
          listener = null;
          logger.warn({ err: error }, 'lost the change feed; ledger reads bypass the cache until it is back');
          retry();
        },
      });
      if (!opened) return;
      if (closed) {
        await opened.close();
        return;
      }
      const hears = await heardBack().catch(async (error: unknown) => {
        await opened.close();
        throw error;
      });
      if (closed || !hears) {
        await opened.close();
        if (closed) return;
        logger.warn(
          { err: new Error(`no notification came back within ${PROBE_TIMEOUT_MS} ms`) },
          'the change feed does not hear the database; ledger reads bypass the cache',
        );
        retry();
        return;
      }
      listener = opened;
      attempt = 0;
      // Changes made while no session listened are unknown: start from nothing.
      cache.forgetAll();
      cache.setLive(true);
    } catch (error) {
      logger.warn({ err: error }, 'could not listen for ledger changes; retrying');
      retry();
    }
  };

  const retry = () => {
    if (closed) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 5_000;
    attempt++;
    timer = setTimeout(() => void connect(), delay);
    timer.unref();
  };

  return {
    ready: connect(),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      cache.setLive(false);
      await listener?.close();
      listener = null;
    },
  };
}
