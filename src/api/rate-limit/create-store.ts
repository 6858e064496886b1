import type { RateLimitLogger, RateLimitStore } from './limiter';
import { MemoryRateLimitStore } from './memory-store';

export interface CreateRateLimitStoreOptions {
  /** `REDIS_URL`: when set (non-empty), counters live in Redis and every instance shares them. */
  redisUrl?: string | undefined;
  logger: RateLimitLogger;
}

/**
 * The store for this process: in memory by default, in Redis when a URL is given. The Redis client is
 * loaded only then (ioredis costs every start about 80 ms otherwise). The connection is made in the
 * background and hits before it is ready are counted locally (see RedisRateLimitStore on failing open);
 * `await store.ready()` at boot if the first requests matter.
 */
export async function createRateLimitStore(options: CreateRateLimitStoreOptions): Promise<RateLimitStore> {
  const { redisUrl, logger } = options;
  if (!redisUrl) {
    logger.info({ store: 'memory' }, 'rate limiter: counting in memory (per instance)');
    return new MemoryRateLimitStore();
  }
  if (!/^rediss?:\/\//.test(redisUrl)) {
    throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
  }
  logger.info({ store: 'redis' }, 'rate limiter: counting in Redis (shared by all instances)');
  const { RedisRateLimitStore } = await import('./redis-store');
  return new RedisRateLimitStore({ url: redisUrl, logger });
}
