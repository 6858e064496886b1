/**
 * Serialised answers to a tenant's ledger reads, kept in memory until anything they show changes.
 *
 * Every tenant has a generation, bumped whenever the database reports a change to that tenant's
 * ledger (src/api/read-cache/change-feed.ts) or this process answers one of its writes. An answer is
 * stored with the generation seen before its read began, and served only while that is still the
 * tenant's generation: a read that raced a write is never served afterwards. While the change feed is
 * not connected nothing is served from memory, since a change could go unseen.
 *
 * A kept answer is also kept gzip-compressed once a caller asks for that: compressed once, however
 * often it is served, where compressing per request (as the BFF did for every dashboard call) costs
 * more CPU than the answer itself.
 */
import { gzip } from 'node:zlib';

export interface TenantReadCacheLimits {
  /** Answers kept at most, over all tenants (the least recently used go first). */
  maxEntries: number;
  /** Bytes of serialised JSON kept at most. */
  maxBytes: number;
  /** Answers larger than this are never kept. */
  maxEntryBytes: number;
  /** Loaded values (not JSON: a forecast's history of a koncern) kept at most, over all tenants. */
  maxValues: number;
}

export const DEFAULT_READ_CACHE_LIMITS: TenantReadCacheLimits = {
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  maxEntryBytes: 1024 * 1024,
  // A large koncern's history with a million invoices weighs a few hundred megabytes.
  maxValues: 4,
};

/** Answers shorter than this are sent as they are: compressing them saves less than it costs. */
export const MIN_COMPRESSED_JSON_LENGTH = 1024;

/** An answer as JSON, and gzip-compressed where this cache keeps it. */
export interface Answer {
  json: string;
  /** The JSON gzip-compressed, made once; null for an answer not kept or too short to gain from it. */
  gzip: (() => Promise<Buffer>) | null;
}

interface Entry {
  tenantId: string;
  generation: string;
  answer: Answer;
  /** Bytes of the compressed copy, once made (counted against `maxBytes` with the JSON). */
  compressedBytes: number;
}

interface ValueEntry {
  tenantId: string;
  generation: string;
  value: Promise<unknown>;
}

export interface TenantReadCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  live: boolean;
}

export class TenantReadCache {
  private readonly generations = new Map<string, number>();
  /** Bumped when every tenant may have changed: a generation is `epoch:tenant's count`. */
  private epoch = 0;
  /** Insertion order is recency: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTenant = new Map<string, Set<string>>();
  private readonly loading = new Map<string, { generation: string; answer: Promise<Answer> }>();
  /** Loaded values, pending or done, in recency order; a failed load is dropped. */
  private readonly values = new Map<string, ValueEntry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private live = false;

  constructor(private readonly limits: TenantReadCacheLimits = DEFAULT_READ_CACHE_LIMITS) {}

  /**
   * The tenant's answer for `key` as JSON: from memory when nothing has changed since it was read,
   * otherwise from `load` (concurrent misses of the same answer share one load).
   */
  async json(tenantId: string, key: string, load: () => Promise<unknown>): Promise<string> {
    return (await this.answer(tenantId, key, load)).json;
  }

  /** As `json`, with the compressed copy of an answer this cache keeps. */
  async answer(tenantId: string, key: string, load: () => Promise<unknown>): Promise<Answer> {
    if (!this.live) return { json: JSON.stringify(await load()), gzip: null };
    const cacheKey = `${tenantId}\u0000${key}`;
    const generation = this.generationOf(tenantId);
    const entry = this.entries.get(cacheKey);
    if (entry && entry.generation === generation) {
      this.hits++;
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, entry);
      return entry.answer;
    }
    const pending = this.loading.get(cacheKey);
    if (pending && pending.generation === generation) return pending.answer;

    this.misses++;
    const answer = load().then((body) => {
      const json = JSON.stringify(body);
      return this.live && this.generationOf(tenantId) === generation
        ? this.store(cacheKey, tenantId, generation, json)
        : { json, gzip: null };
    });
    this.loading.set(cacheKey, { generation, answer });
    try {
      return await answer;
    } finally {
      if (this.loading.get(cacheKey)?.answer === answer) this.loading.delete(cacheKey);
    }
  }

  /**
   * A value the tenant's data determines (a loaded history, not an answer): kept under the same rules as
   * the answers (from the generation seen before its load began, while the change feed is live, shared
   * by concurrent loads), but counted, not weighed. The caller must not change it.
   */
  async value<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.live) return load();
    const cacheKey = `${tenantId}\u0000${key}`;
    const generation = this.generationOf(tenantId);
    const entry = this.values.get(cacheKey);
    if (entry && entry.generation === generation) {
      this.hits++;
      this.values.delete(cacheKey);
      this.values.set(cacheKey, entry);
      return entry.value as Promise<T>;
    }
    this.misses++;
    const value = load();
    this.values.delete(cacheKey);
    this.values.set(cacheKey, { tenantId, generation, value });
    for (const key of this.values.keys()) {
      if (this.values.size <= this.limits.maxValues) break;
      this.values.delete(key);
    }
    try {
      return await value;
    } catch (error) {
      if (this.values.get(cacheKey)?.value === value) this.values.delete(cacheKey);
      throw error;
    }
  }

  /** Something the tenant's answers show has changed (or may have): none of them is served again. */
  tenantChanged(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    for (const [key, entry] of this.values) if (entry.tenantId === tenantId) this.values.delete(key);
    for (const key of this.keysByTenant.get(tenantId) ?? []) {
      const entry = this.entries.get(key);
      if (entry) this.remove(key, entry);
    }
  }

  /** Serving from memory is safe only while every change is heard; `false` also forgets everything. */
  setLive(live: boolean): void {
    if (!live) this.forgetAll();
    this.live = live;
  }

  /** Every tenant changed, or changes may have been missed. */
  forgetAll(): void {
    this.epoch++;
    this.entries.clear();
    this.keysByTenant.clear();
    this.values.clear();
    this.bytes = 0;
  }

  stats(): TenantReadCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      entries: this.entries.size,
      bytes: this.bytes,
      live: this.live,
    };
  }

  private generationOf(tenantId: string): string {
    return `${this.epoch}:${this.generations.get(tenantId) ?? 0}`;
  }

  private store(cacheKey: string, tenantId: string, generation: string, json: string): Answer {
    // Strings count here as two bytes a character, as V8 holds most of ours at worst.
    const size = json.length * 2;
    if (size > this.limits.maxEntryBytes) return { json, gzip: null };
    const previous = this.entries.get(cacheKey);
    if (previous) this.remove(cacheKey, previous);
    const entry: Entry = { tenantId, generation, answer: { json, gzip: null }, compressedBytes: 0 };
    if (json.length >= MIN_COMPRESSED_JSON_LENGTH) entry.answer.gzip = this.compressOnce(cacheKey, entry);
    this.entries.set(cacheKey, entry);
    let keys = this.keysByTenant.get(tenantId);
    if (!keys) this.keysByTenant.set(tenantId, (keys = new Set()));
    keys.add(cacheKey);
    this.bytes += size;
    this.evictBeyondLimits();
    return entry.answer;
  }

  /** The entry's JSON compressed on zlib's threads on first asking, then weighed with the entry. */
  private compressOnce(cacheKey: string, entry: Entry): () => Promise<Buffer> {
    let compressed: Promise<Buffer> | null = null;
    return () =>
      (compressed ??= new Promise<Buffer>((resolve, reject) => {
        gzip(entry.answer.json, (error, buffer) => {
          if (error) {
            compressed = null;
            reject(error);
            return;
          }
          if (this.entries.get(cacheKey) === entry) {
            entry.compressedBytes = buffer.length;
            this.bytes += buffer.length;
            this.evictBeyondLimits();
          }
          resolve(buffer);
        });
      }));
  }

  private evictBeyondLimits(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.remove(key, entry);
    }
  }

  private remove(cacheKey: string, entry: Entry): void {
    this.entries.delete(cacheKey);
    const keys = this.keysByTenant.get(entry.tenantId);
    keys?.delete(cacheKey);
    if (keys?.size === 0) this.keysByTenant.delete(entry.tenantId);
    this.bytes -= entry.answer.json.length * 2 + entry.compressedBytes;
  }
}
