import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedWindow } from './limiter';
import { MemoryRateLimitStore } from './memory-store';

/** 2026-01-01T00:00:00Z, a multiple of every window used here. */
const T0 = Date.UTC(2026, 0, 1);

describe('MemoryRateLimitStore', () => {
  it('counts hits and reports what remains', async () => {
    const store = new MemoryRateLimitStore();
    const seen = [];
    for (let i = 0; i < 3; i += 1) seen.push(await store.hit('client:a', 3, 60, T0 + 1_000 * i));
    expect(seen.map((d) => [d.allowed, d.remaining, d.retryAfterSeconds])).toEqual([
      [true, 2, 0],
      [true, 1, 0],
      [true, 0, 0],
    ]);
    expect(seen[0]).toMatchObject({ limit: 3, windowSeconds: 60, policyName: 'default' });
  });

  it('aligns windows to the epoch: the reset is the end of the window, in epoch seconds', async () => {
    const store = new MemoryRateLimitStore();
    const now = T0 + 42_500; // 42.5 s into a minute
    const decision = await store.hit('client:a', 10, 60, now);
    expect(decision.resetAtEpochSeconds).toBe((T0 + 60_000) / 1000);
    expect(Number.isInteger(decision.resetAtEpochSeconds)).toBe(true);
    expect(fixedWindow(now, 60)).toEqual({
      index: (T0 + 60_000) / 60_000 - 1,
      startMs: T0,
      endMs: T0 + 60_000,
    });
  });

  it('denies hit limit+1 with a Retry-After of at least 1 s, no later than the window, never before the reset', async () => {
    const store = new MemoryRateLimitStore();
    const now = T0 + 17_250;
    for (let i = 0; i < 5; i += 1) expect((await store.hit('k', 5, 60, now)).allowed).toBe(true);
    const denied = await store.hit('k', 5, 60, now);
    expect(denied).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 43 });
    expect(now + denied.retryAfterSeconds * 1000).toBeGreaterThanOrEqual(denied.resetAtEpochSeconds * 1000);

    // At the very start of a window the wait is the whole window; a millisecond before its end, 1 s.
    const atStart = new MemoryRateLimitStore();
    await atStart.hit('k', 0, 60, T0);
    expect((await atStart.hit('k', 0, 60, T0)).retryAfterSeconds).toBe(60);
    expect((await atStart.hit('k', 0, 60, T0 + 59_999)).retryAfterSeconds).toBe(1);
  });

  it('keeps remaining at 0, never negative, however often a denied client retries', async () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 20; i += 1) {
      const d = await store.hit('k', 2, 60, T0 + i);
      expect(d.remaining).toBeGreaterThanOrEqual(0);
      expect(d.allowed).toBe(i < 2);
    }
  });

  it('starts a new window from zero: denied hits do not count against the next window', async () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 50; i += 1) await store.hit('k', 3, 60, T0 + 59_000);
    const next = await store.hit('k', 3, 60, T0 + 60_000);
    expect(next).toMatchObject({ allowed: true, remaining: 2, resetAtEpochSeconds: (T0 + 120_000) / 1000 });
  });

  it('keeps separate keys (and separate window lengths of one key) independent', async () => {
    const store = new MemoryRateLimitStore();
    await store.hit('client:a', 1, 60, T0);
    expect((await store.hit('client:a', 1, 60, T0)).allowed).toBe(false);
    expect((await store.hit('client:b', 1, 60, T0)).allowed).toBe(true);
    expect((await store.hit('client:a', 1, 3600, T0)).allowed).toBe(true);
  });

  it('prunes ended windows, observable through size', async () => {
    const store = new MemoryRateLimitStore({ pruneIntervalMs: 1_000 });
    for (let i = 0; i < 100; i += 1) await store.hit(`token:addr:10.0.0.${i}`, 10, 1, T0);
    expect(store.size).toBe(100);
    // The next hit after the windows ended and the prune interval passed sweeps them lazily.
    await store.hit('client:late', 10, 60, T0 + 1_000);
    expect(store.size).toBe(1);
    // An explicit prune drops what has ended and keeps what is live.
    await store.hit('short', 10, 1, T0 + 1_000);
    store.prune(T0 + 2_000);
    expect(store.size).toBe(1);
    store.prune(T0 + 60_000);
    expect(store.size).toBe(0);
  });

  it('stays within maxKeys under a flood of distinct keys', async () => {
    const store = new MemoryRateLimitStore({ maxKeys: 50 });
    for (let i = 0; i < 1_000; i += 1) await store.hit(`token:addr:${i}`, 10, 60, T0);
    expect(store.size).toBe(50);
    // The newest keys are the ones kept.
    expect((await store.hit('token:addr:999', 1, 60, T0)).allowed).toBe(false);
  });

  it('rejects nonsensical policies', async () => {
    const store = new MemoryRateLimitStore();
    await expect(store.hit('k', -1, 60)).rejects.toThrow(RangeError);
    await expect(store.hit('k', 1, 0)).rejects.toThrow(RangeError);
    await expect(store.hit('k', 1.5, 60)).rejects.toThrow(RangeError);
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(RangeError);
  });

  it('property: for any hit times, each window allows exactly min(limit, hits in it), and decisions are consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(1, 2, 10, 60),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 5_000 }),
        async (limit, windowSeconds, offsets, pruneIntervalMs) => {
          const store = new MemoryRateLimitStore({ pruneIntervalMs });
          const times = offsets.map((o) => T0 + o).sort((a, b) => a - b);
          const allowedPerWindow = new Map<number, number>();
          const hitsPerWindow = new Map<number, number>();
          for (const now of times) {
            const d = await store.hit('k', limit, windowSeconds, now);
            const { index, endMs } = fixedWindow(now, windowSeconds);
            hitsPerWindow.set(index, (hitsPerWindow.get(index) ?? 0) + 1);
            if (d.allowed) allowedPerWindow.set(index, (allowedPerWindow.get(index) ?? 0) + 1);
            expect(d.remaining).toBeGreaterThanOrEqual(0);
            expect(d.remaining).toBeLessThanOrEqual(limit);
            expect(d.resetAtEpochSeconds * 1000).toBe(endMs);
            if (d.allowed) {
              expect(d.retryAfterSeconds).toBe(0);
            } else {
              expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
              expect(d.retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
              expect(now + d.retryAfterSeconds * 1000).toBeGreaterThanOrEqual(endMs);
            }
          }
          for (const [index, hits] of hitsPerWindow) {
            expect(allowedPerWindow.get(index) ?? 0).toBe(Math.min(limit, hits));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
