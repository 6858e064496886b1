import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MIN_COMPRESSED_JSON_LENGTH, TenantReadCache } from './tenant-read-cache';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function liveCache(limits?: ConstructorParameters<typeof TenantReadCache>[0]) {
  const cache = new TenantReadCache(limits);
  cache.setLive(true);
  return cache;
}

describe('TenantReadCache', () => {
  it('serves an answer from memory until its tenant changes', async () => {
    const cache = liveCache();
    let reads = 0;
    const load = () => Promise.resolve({ read: ++reads });
    expect(await cache.json('ten_a', '/public/accounts', load)).toBe('{"read":1}');
    expect(await cache.json('ten_a', '/public/accounts', load)).toBe('{"read":1}');
    cache.tenantChanged('ten_a');
    expect(await cache.json('ten_a', '/public/accounts', load)).toBe('{"read":2}');
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
  });

  it("keeps tenants apart: one tenant's change leaves another's answers, and keys never cross", async () => {
    const cache = liveCache();
    await cache.json('ten_a', '/public/accounts', () => Promise.resolve('a'));
    await cache.json('ten_b', '/public/accounts', () => Promise.resolve('b'));
    cache.tenantChanged('ten_a');
    expect(await cache.json('ten_b', '/public/accounts', () => Promise.resolve('b again'))).toBe('"b"');
    expect(await cache.json('ten_a', '/public/accounts', () => Promise.resolve('a again'))).toBe('"a again"');
  });

  it('never keeps an answer whose read raced a change of its tenant', async () => {
    const cache = liveCache();
    const slow = deferred<string>();
    const racing = cache.json('ten_a', '/k', () => slow.promise);
    cache.tenantChanged('ten_a');
    slow.resolve('read before the change was seen');
    expect(await racing).toBe('"read before the change was seen"');
    expect(await cache.json('ten_a', '/k', () => Promise.resolve('fresh'))).toBe('"fresh"');
  });

  it('never keeps an answer whose read raced a loss of the change feed, even once it is back', async () => {
    const cache = liveCache();
    const slow = deferred<string>();
    const racing = cache.json('ten_a', '/k', () => slow.promise);
    cache.setLive(false);
    cache.setLive(true);
    slow.resolve('stale');
    await racing;
    expect(await cache.json('ten_a', '/k', () => Promise.resolve('fresh'))).toBe('"fresh"');
  });

  it('reads through while not live, keeping nothing', async () => {
    const cache = new TenantReadCache();
    let reads = 0;
    await cache.json('ten_a', '/k', () => Promise.resolve(++reads));
    await cache.json('ten_a', '/k', () => Promise.resolve(++reads));
    expect(reads).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 0, live: false });
  });

  it('shares one read among concurrent misses of the same answer', async () => {
    const cache = liveCache();
    const slow = deferred<string>();
    let reads = 0;
    const load = () => {
      reads++;
      return slow.promise;
    };
    const answers = Promise.all([cache.json('ten_a', '/k', load), cache.json('ten_a', '/k', load)]);
    slow.resolve('once');
    expect(await answers).toEqual(['"once"', '"once"']);
    expect(reads).toBe(1);
  });

  it('passes a failed read on to every waiter and keeps nothing', async () => {
    const cache = liveCache();
    await expect(cache.json('ten_a', '/k', () => Promise.reject(new Error('not found')))).rejects.toThrow(
      'not found',
    );
    expect(await cache.json('ten_a', '/k', () => Promise.resolve('found'))).toBe('"found"');
  });

  it('stays within its limits, dropping the least recently used answer first', async () => {
    const cache = liveCache({ maxEntries: 2, maxBytes: 1_000_000, maxEntryBytes: 100, maxValues: 8 });
    await cache.json('ten_a', '/1', () => Promise.resolve(1));
    await cache.json('ten_a', '/2', () => Promise.resolve(2));
    await cache.json('ten_a', '/1', () => Promise.resolve('not read: a hit'));
    await cache.json('ten_a', '/3', () => Promise.resolve(3));
    expect(await cache.json('ten_a', '/1', () => Promise.resolve('evicted'))).toBe('1');
    expect(await cache.json('ten_a', '/2', () => Promise.resolve('evicted'))).toBe('"evicted"');
    await cache.json('ten_a', '/big', () => Promise.resolve('x'.repeat(100)));
    expect(await cache.json('ten_a', '/big', () => Promise.resolve('read again'))).toBe('"read again"');
    expect(cache.stats().entries).toBe(2);
  });

  it('compresses a kept answer once, however often it is served, and weighs the copy with it', async () => {
    const cache = liveCache();
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: `acct_${i}`,
      name: 'Drift SEK',
      booked: '1000.00',
    }));
    const load = () => Promise.resolve({ results: rows });
    const first = await cache.answer('ten_a', '/public/accounts', load);
    expect(first.json.length).toBeGreaterThan(MIN_COMPRESSED_JSON_LENGTH);
    const jsonBytes = cache.stats().bytes;
    expect(jsonBytes).toBe(first.json.length * 2);

    const [compressed, concurrently] = await Promise.all([first.gzip?.(), first.gzip?.()]);
    expect(compressed).toBe(concurrently);
    expect(gunzipSync(compressed ?? Buffer.alloc(0)).toString('utf8')).toBe(first.json);
    expect(compressed?.length).toBeLessThan(first.json.length / 4);
    expect(cache.stats().bytes).toBe(jsonBytes + (compressed?.length ?? 0));

    const hit = await cache.answer('ten_a', '/public/accounts', () => Promise.resolve('not read: a hit'));
    expect(await hit.gzip?.()).toBe(compressed);

    cache.tenantChanged('ten_a');
    expect(cache.stats().bytes).toBe(0);
    const after = await cache.answer('ten_a', '/public/accounts', load);
    expect(await after.gzip?.()).not.toBe(compressed);
  });

  it('has no compressed copy of an answer it does not keep, nor of a short one', async () => {
    const long = () => Promise.resolve('x'.repeat(MIN_COMPRESSED_JSON_LENGTH));
    expect((await new TenantReadCache().answer('ten_a', '/k', long)).gzip).toBeNull();
    const cache = liveCache({ maxEntries: 10, maxBytes: 1_000_000, maxEntryBytes: 1_000, maxValues: 2 });
    expect((await cache.answer('ten_a', '/too-big-to-keep', long)).gzip).toBeNull();
    expect((await cache.answer('ten_a', '/short', () => Promise.resolve('short'))).gzip).toBeNull();
    expect(cache.stats().entries).toBe(1);
  });

  it('keeps loaded values by generation: shared while loading, retired by a change, never kept from a failed load', async () => {
    const cache = liveCache({ maxEntries: 10, maxBytes: 1_000_000, maxEntryBytes: 1_000, maxValues: 2 });
    let loads = 0;
    const history = () => {
      loads++;
      return Promise.resolve({ loaded: loads });
    };
    const [first, concurrent] = await Promise.all([
      cache.value('ten_a', 'history', history),
      cache.value('ten_a', 'history', history),
    ]);
    expect(first).toBe(concurrent);
    expect(loads).toBe(1);
    expect(await cache.value('ten_a', 'history', history)).toBe(first);
    cache.tenantChanged('ten_b');
    expect(await cache.value('ten_a', 'history', history)).toBe(first);
    cache.tenantChanged('ten_a');
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 2 });

    // A change while loading: the value is handed to its caller but not served afterwards.
    let release = () => {};
    const slow = cache.value(
      'ten_c',
      'history',
      () => new Promise<object>((resolve) => (release = () => resolve({ slow: true }))),
    );
    cache.tenantChanged('ten_c');
    release();
    expect(await slow).toEqual({ slow: true });
    expect(await cache.value('ten_c', 'history', () => Promise.resolve({ fresh: true }))).toEqual({
      fresh: true,
    });

    await expect(cache.value('ten_d', 'history', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await cache.value('ten_d', 'history', () => Promise.resolve('up'))).toBe('up');

    // At most two values (ten_c's and ten_d's now): ten_a's, the least recently used, went first.
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 3 });
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 3 });
    // Nothing is kept while the feed is down, and losing it forgets everything.
    cache.setLive(false);
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 4 });
    cache.setLive(true);
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 5 });
    expect(await cache.value('ten_a', 'history', history)).toEqual({ loaded: 5 });
  });
});
