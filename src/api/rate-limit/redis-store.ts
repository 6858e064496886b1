import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import {
  assertValidPolicy,
  decide,
  fixedWindow,
  type RateLimitDecision,
  type RateLimitLogger,
  type RateLimitStore,
} from './limiter';
import { MemoryRateLimitStore } from './memory-store';

export const REDIS_KEY_PREFIX = 'finvis:rl:';

/**
 * One atomic round trip per hit. INCR the window's counter; when it has no expiry yet (the first hit
 * of the window, or a key somehow left without one) give it one; answer the count and the TTL (ms).
 * The expiry is relative (PEXPIRE), computed from the application's clock, so a Redis server whose
 * clock disagrees with ours cannot expire a window early.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {count, ttl}
`;
const HIT_SCRIPT_SHA1 = createHash('sha1').update(HIT_SCRIPT).digest('hex');

/**
 * Client options that never let the limiter hold a request up:
 * - `enableOfflineQueue: false`: while disconnected a hit fails at once (and falls back) instead of
 *   queueing behind a connection that may never come;
 * - `commandTimeout`: a connected but stalled server (network partition, blocked Redis) costs a request
 *   at most this long;
 * - `maxRetriesPerRequest: 0`: a hit is never re-sent after a reconnect, which could count it twice;
 * - reconnection continues in the background with capped backoff, so the shared limit comes back by itself.
 */
export const RATE_LIMIT_REDIS_OPTIONS = {
  enableOfflineQueue: false,
  commandTimeout: 250,
  maxRetriesPerRequest: 0,
  connectTimeout: 2_000,
  retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 10), 2_000),
  lazyConnect: false,
} satisfies RedisOptions;

export interface RedisRateLimitStoreOptions {
  /** `redis://…` / `rediss://…`; ignored when `client` is given. */
  url?: string;
  /** An ioredis client to use; it is not closed by `close()`. Give it the options above. */
  client?: Redis;
  logger: RateLimitLogger;
  /** Must start with `finvis:rl:`; tests add a unique segment so parallel runs do not collide. */
  keyPrefix?: string;
  /** Extra lifetime of a window's key past the window's end, for clock differences between instances (default 1 s). */
  expiryGraceMs?: number;
  /** Overrides of RATE_LIMIT_REDIS_OPTIONS (tests shorten the timeouts). */
  redisOptions?: RedisOptions;
  /** How often at most an outage is logged while it lasts (default 30 s). */
  warnIntervalMs?: number;
  /**
   * After a failed hit, how long to count locally without asking Redis (default 1 s), so that a
   * stalled server costs one `commandTimeout` per second rather than one per request.
   */
  breakAfterFailureMs?: number;
}

/**
 * Counters in Redis, shared by every API instance that points at the same server.
 *
 * When Redis cannot answer (down, unreachable, or slower than `commandTimeout`) the store FAILS OPEN
 * to per-instance counting: the hit is decided by an in-process MemoryRateLimitStore and a warning is
 * logged (throttled). Reasons: the limiter protects capacity; it is not an authorisation check. Refusing
 * every request of a treasury API — payment submissions and approvals with cut-off times — because a
 * cache is down would turn a Redis outage into a full outage, and a client cannot act on a 429 or 503
 * that it did nothing to cause. Counting locally rather than not at all keeps each instance's share
 * bounded (at most N × limit across N instances) for the length of the outage.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly keyPrefix: string;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly logger: RateLimitLogger;
  private readonly expiryGraceMs: number;
  private readonly warnIntervalMs: number;
  private readonly fallback = new MemoryRateLimitStore();
  private readonly breakAfterFailureMs: number;
  private readonly onClientError = (error: unknown) => this.noteFailure(error, 'connection');
  private lastWarnMs = Number.NEGATIVE_INFINITY;
  private failing = false;
  private skipRedisUntilMs = Number.NEGATIVE_INFINITY;

  constructor(options: RedisRateLimitStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? REDIS_KEY_PREFIX;
    if (!this.keyPrefix.startsWith(REDIS_KEY_PREFIX)) {
      throw new RangeError(`Redis key prefix must start with ${REDIS_KEY_PREFIX}`);
    }
    this.logger = options.logger;
    this.expiryGraceMs = options.expiryGraceMs ?? 1_000;
    this.warnIntervalMs = options.warnIntervalMs ?? 30_000;
    this.breakAfterFailureMs = options.breakAfterFailureMs ?? 1_000;
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      if (!options.url) throw new TypeError('RedisRateLimitStore needs a url or a client');
      this.client = new Redis(options.url, { ...RATE_LIMIT_REDIS_OPTIONS, ...options.redisOptions });
      this.ownsClient = true;
    }
    // Without a listener ioredis prints every failed reconnect to stderr; here they reach the logger, throttled.
    this.client.on('error', this.onClientError);
  }

  /**
   * Resolves true once the connection is ready, false after `timeoutMs`. Hits before then are
   * counted locally (fail-open), so awaiting this at boot is optional; tests await it.
   */
  async ready(timeoutMs = 2_000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(value);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      this.client.on('ready', onReady);
    });
  }

  /** The Redis key of `key`'s counter for the window containing `now`. */
  redisKey(key: string, windowSeconds: number, now: number): string {
    return `${this.keyPrefix}${key}:${windowSeconds}:${fixedWindow(now, windowSeconds).index}`;
  }

  async hit(
    key: string,
    limit: number,
    windowSeconds: number,
    now: number = Date.now(),
  ): Promise<RateLimitDecision> {
    assertValidPolicy(limit, windowSeconds);
    const window = fixedWindow(now, windowSeconds);
    const ttlMs = Math.max(1, window.endMs - now + this.expiryGraceMs);
    if (Date.now() < this.skipRedisUntilMs) return this.fallback.hitSync(key, limit, windowSeconds, now);
    try {
      const [count] = await this.runHitScript(this.redisKey(key, windowSeconds, now), ttlMs);
      this.noteSuccess();
      return decide(count, limit, windowSeconds, now);
    } catch (error) {
      this.noteFailure(error, 'hit');
      this.skipRedisUntilMs = Date.now() + this.breakAfterFailureMs;
      return this.fallback.hitSync(key, limit, windowSeconds, now);
    }
  }

  async close(): Promise<void> {
    await this.fallback.close();
    if (!this.ownsClient) {
      this.client.off('error', this.onClientError);
      return;
    }
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private async runHitScript(redisKey: string, ttlMs: number): Promise<[number, number]> {
    let reply: unknown;
    try {
      reply = await this.client.evalsha(HIT_SCRIPT_SHA1, 1, redisKey, ttlMs);
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH): send the script itself once.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.client.eval(HIT_SCRIPT, 1, redisKey, ttlMs);
    }
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
      throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
    }
    return [reply[0], reply[1]];
  }

  private noteSuccess(): void {
    if (!this.failing) return;
    this.failing = false;
    this.lastWarnMs = Number.NEGATIVE_INFINITY;
    this.logger.info(
      { store: 'redis' },
      'rate limiter: Redis answers again; limits are shared across instances',
    );
  }

  private noteFailure(error: unknown, during: 'hit' | 'connection'): void {
    this.failing = true;
    const now = Date.now();
    if (now - this.lastWarnMs < this.warnIntervalMs) return;
    this.lastWarnMs = now;
    this.logger.warn(
      { store: 'redis', during, err: error instanceof Error ? error.message : String(error) },
      'rate limiter: Redis unavailable; failing open to per-instance counting',
    );
  }
}
