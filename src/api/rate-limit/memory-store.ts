import {
  assertValidPolicy,
  decide,
  fixedWindow,
  type RateLimitDecision,
  type RateLimitStore,
} from './limiter';

interface Counter {
  /** Which epoch-aligned window this count belongs to; a hit in a later window starts over. */
  windowIndex: number;
  windowEndMs: number;
  count: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Expired windows are swept at most this often, lazily on a hit (default 10 s). */
  pruneIntervalMs?: number;
  /**
   * Upper bound on counters kept (default 100 000, some 10 MB). Past it the least recently started
   * window is dropped even though it is live: memory stays bounded under a flood of distinct keys
   * (such as spoofed addresses), at the price of that key's count starting over.
   */
  maxKeys?: number;
}

/**
 * Counters in a Map inside this process: the default, and the fallback of the Redis store. With
 * several API instances each one counts on its own, so a client can get up to N × limit in total.
 *
 * No timer: expired windows are pruned lazily during hits (at most every `pruneIntervalMs`), so
 * nothing keeps the process alive and nothing needs stopping; memory is bounded by `maxKeys`.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, Counter>();
  private readonly pruneIntervalMs: number;
  private readonly maxKeys: number;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.pruneIntervalMs = options.pruneIntervalMs ?? 10_000;
    this.maxKeys = options.maxKeys ?? 100_000;
    if (!Number.isSafeInteger(this.maxKeys) || this.maxKeys < 1) {
      throw new RangeError(`maxKeys must be a positive integer, got ${String(this.maxKeys)}`);
    }
  }

  /** Counters currently held (live and not yet pruned). */
  get size(): number {
    return this.counters.size;
  }

  hit(
    key: string,
    limit: number,
    windowSeconds: number,
    now: number = Date.now(),
  ): Promise<RateLimitDecision> {
    try {
      return Promise.resolve(this.hitSync(key, limit, windowSeconds, now));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The same as `hit`, without the promise (used by the Redis store's fallback). */
  hitSync(key: string, limit: number, windowSeconds: number, now: number = Date.now()): RateLimitDecision {
    assertValidPolicy(limit, windowSeconds);
    if (now - this.lastPruneMs >= this.pruneIntervalMs) this.prune(now);

    // The window length is part of the key, so a changed per-client override never mixes two policies.
    const mapKey = `${key}\u0000${windowSeconds}`;
    const window = fixedWindow(now, windowSeconds);
    const existing = this.counters.get(mapKey);
    let counter: Counter;
    if (existing !== undefined && existing.windowIndex === window.index) {
      counter = existing;
    } else {
      // Re-insert so that the Map's order stays roughly the order in which windows started.
      this.counters.delete(mapKey);
      counter = { windowIndex: window.index, windowEndMs: window.endMs, count: 0 };
      this.counters.set(mapKey, counter);
      this.evictOverflow();
    }
    // Counting stops one past the limit: a denied hit adds nothing anyone could observe.
    if (counter.count <= limit) counter.count += 1;
    return decide(counter.count, limit, windowSeconds, now);
  }

  /** Drops every counter whose window has ended by `now`. */
  prune(now: number = Date.now()): void {
    this.lastPruneMs = now;
    for (const [key, counter] of this.counters) {
      if (counter.windowEndMs <= now) this.counters.delete(key);
    }
  }

  close(): Promise<void> {
    this.counters.clear();
    return Promise.resolve();
  }

  private evictOverflow(): void {
    for (const key of this.counters.keys()) {
      if (this.counters.size <= this.maxKeys) return;
      this.counters.delete(key);
    }
  }
}
