import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimitStore } from './create-store';
import type { RateLimitLogger } from './limiter';
import { MemoryRateLimitStore } from './memory-store';
import { RedisRateLimitStore } from './redis-store';
import { recordingLogger } from './test-logger';

const REDIS_URL = process.env.TEST_REDIS_URL;
const T0 = Date.UTC(2026, 0, 1);

describe('createRateLimitStore', () => {
  it('counts in memory without a Redis URL (also when it is empty)', async () => {
    const logger = recordingLogger();
    const stores = [
      await createRateLimitStore({ logger }),
      await createRateLimitStore({ redisUrl: '', logger }),
    ];
    for (const store of stores) {
      expect(store).toBeInstanceOf(MemoryRateLimitStore);
      await store.close();
    }
    expect(logger.lines[0]?.object).toEqual({ store: 'memory' });
  });

  it('takes a pino logger, as Fastify uses, as its logger', async () => {
    const logger: RateLimitLogger = pino({ level: 'silent' });
    const store = await createRateLimitStore({ logger });
    expect((await store.hit('client:a', 1, 60)).allowed).toBe(true);
    await store.close();
  });

  it('refuses a URL that is not redis:// or rediss://', async () => {
    await expect(
      createRateLimitStore({ redisUrl: 'http://localhost:6379', logger: recordingLogger() }),
    ).rejects.toThrow(/REDIS_URL/);
  });
});

describe('Redis store when Redis is unreachable (127.0.0.1:1; runs always, needs no server)', () => {
  it('fails open to per-instance counting within a bounded time and logs one warning', async () => {
    const logger = recordingLogger();
    const store = await createRateLimitStore({ redisUrl: 'redis://127.0.0.1:1', logger });
    expect(store).toBeInstanceOf(RedisRateLimitStore);
    try {
      const started = performance.now();
      const decisions = [];
      for (let i = 0; i < 3; i += 1) decisions.push(await store.hit('client:a', 2, 60, T0));
      expect(performance.now() - started).toBeLessThan(1_000);
      // Allowed (fail-open), but still limited per instance: the third hit is denied locally.
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
      expect(decisions[2]?.retryAfterSeconds).toBe(60);
      const warnings = logger.lines.filter((l) => l.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toMatch(/failing open/);
      expect(await (store as RedisRateLimitStore).ready(50)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('refuses a key prefix outside finvis:rl:', () => {
    expect(
      () =>
        new RedisRateLimitStore({
          url: 'redis://127.0.0.1:1',
          keyPrefix: 'other:',
          logger: recordingLogger(),
        }),
    ).toThrow(/finvis:rl:/);
  });
});

describe.runIf(Boolean(REDIS_URL))(
  'Redis store against TEST_REDIS_URL (runs only when TEST_REDIS_URL is set)',
  () => {
    const url = REDIS_URL ?? '';
    /** Unique per run, so parallel runs against one server never share a counter. */
    const prefix = `finvis:rl:test:${randomUUID()}:`;
    let admin: Redis;
    const opened: RedisRateLimitStore[] = [];

    async function openStore(options: Partial<ConstructorParameters<typeof RedisRateLimitStore>[0]> = {}) {
      const store = new RedisRateLimitStore({
        url,
        keyPrefix: prefix,
        logger: recordingLogger(),
        ...options,
      });
      opened.push(store);
      expect(await store.ready(5_000)).toBe(true);
      return store;
    }

    beforeAll(() => {
      admin = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    afterAll(async () => {
      const keys: string[] = [];
      for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 500 })) {
        keys.push(...(batch as string[]));
      }
      if (keys.length > 0) await admin.del(...keys);
      expect(await admin.keys(`${prefix}*`)).toEqual([]);
      await admin.quit();
    });

    it('shares one limit between two instances: limit 5, 3 hits on A and 3 on B → exactly 5 allowed', async () => {
      const [a, b] = [await openStore(), await openStore()];
      const now = Date.now();
      const allowed = [];
      for (const store of [a, b, a, b, a, b])
        allowed.push((await store.hit('client:shared', 5, 60, now)).allowed);
      expect(allowed.filter(Boolean)).toHaveLength(5);
      expect(allowed).toEqual([true, true, true, true, true, false]);
    });

    it('allows exactly the limit of 50 concurrent hits across two instances', async () => {
      const [a, b] = [await openStore(), await openStore()];
      const now = Date.now();
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).hit('client:burst', 10, 60, now)),
      );
      const allowed = decisions.filter((d) => d.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.map((d) => d.remaining).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const d of decisions.filter((x) => !x.allowed)) {
        expect(d.remaining).toBe(0);
        expect(d.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        expect(d.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
    });

    it('decides exactly as the memory store does for the same hits', async () => {
      const store = await openStore();
      const memory = new MemoryRateLimitStore();
      const times = [T0 + 1_000, T0 + 2_000, T0 + 59_999, T0 + 59_999, T0 + 60_000, T0 + 61_500];
      for (const now of times) {
        expect(await store.hit('client:same', 3, 60, now)).toEqual(
          await memory.hit('client:same', 3, 60, now),
        );
      }
    });

    it('gives each window key an expiry: the rest of the window plus the grace', async () => {
      const store = await openStore({ expiryGraceMs: 1_000 });
      const now = Date.now();
      await store.hit('client:ttl', 5, 60, now);
      const ttl = await admin.pttl(store.redisKey('client:ttl', 60, now));
      const rest = Math.ceil(now / 60_000) * 60_000 - now;
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(rest + 1_000);
    });

    it('lets window keys expire from Redis after the window ends', async () => {
      const store = await openStore({ expiryGraceMs: 0 });
      // 50 ms before the end of a 1-second window: the key lives about 50 ms.
      const now = Math.floor(Date.now() / 1000) * 1000 + 950;
      await store.hit('client:expiring', 5, 1, now);
      const key = store.redisKey('client:expiring', 1, now);
      const deadline = Date.now() + 3_000;
      while ((await admin.exists(key)) === 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(await admin.exists(key)).toBe(0);
    });

    it('repairs a window key left without an expiry', async () => {
      const store = await openStore();
      const now = Date.now();
      const key = store.redisKey('client:noexpiry', 60, now);
      await admin.set(key, '2');
      expect((await store.hit('client:noexpiry', 5, 60, now)).remaining).toBe(2);
      expect(await admin.pttl(key)).toBeGreaterThan(0);
    });

    it('works after the script cache is flushed (EVALSHA falls back to EVAL once)', async () => {
      const store = await openStore();
      await admin.script('FLUSH');
      expect((await store.hit('client:flushed', 5, 60)).remaining).toBe(4);
    });

    describe('when Redis stalls mid-connection (a proxy that stops forwarding)', () => {
      let proxy: Server;
      let frozen = false;
      const sockets: Socket[] = [];
      /** Bytes held while frozen, as a stalled network holds them; sent on when it thaws. */
      const held: Array<() => void> = [];
      const forward = (to: Socket) => (chunk: Buffer) => {
        if (frozen) held.push(() => to.write(chunk));
        else to.write(chunk);
      };

      beforeAll(async () => {
        const target = new URL(url);
        proxy = createServer((client) => {
          const upstream = connect(Number(target.port || 6379), target.hostname);
          sockets.push(client, upstream);
          client.on('data', forward(upstream));
          upstream.on('data', forward(client));
          const end = () => {
            client.destroy();
            upstream.destroy();
          };
          client.on('error', end).on('close', end);
          upstream.on('error', end).on('close', end);
        });
        await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      });

      afterAll(async () => {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => proxy.close(resolve));
      });

      it('answers within commandTimeout by counting locally, logs a warning, and recovers', async () => {
        // The counts live in fixed 60 s windows and this test takes most of a second (longer on a slow
        // machine): started in a window's last seconds, it crossed into the next and its count began again.
        const intoWindow = Date.now() % 60_000;
        if (intoWindow > 55_000)
          await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 20));
        const address = proxy.address();
        if (address === null || typeof address === 'string') throw new Error('proxy has no port');
        const logger = recordingLogger();
        const target = new URL(url);
        target.host = `127.0.0.1:${address.port}`;
        const store = await openStore({
          url: target.toString(),
          logger,
          redisOptions: { commandTimeout: 200 },
          breakAfterFailureMs: 300,
        });
        expect((await store.hit('client:stall', 2, 60)).remaining).toBe(1);

        frozen = true;
        const started = performance.now();
        const decision = await store.hit('client:stall', 2, 60);
        const failedAt = performance.now();
        expect(failedAt - started).toBeGreaterThanOrEqual(150);
        expect(failedAt - started).toBeLessThan(1_000);
        expect(decision).toMatchObject({ allowed: true, remaining: 1 }); // the local count starts at zero
        expect(logger.lines.map((l) => l.level)).toEqual(['warn']);

        // For breakAfterFailureMs the store does not ask Redis at all: no further waits.
        expect((await store.hit('client:stall', 2, 60)).remaining).toBe(0);
        expect(performance.now() - failedAt).toBeLessThan(100);

        frozen = false;
        held.splice(0).forEach((send) => send());
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, failedAt + 300 + 50 - performance.now())),
        );
        // The stalled hit still reached Redis and counted there: 1 + 1 + this one = 3 > 2.
        const back = await store.hit('client:stall', 2, 60);
        expect(back).toMatchObject({ allowed: false, remaining: 0 });
        expect(await admin.get(store.redisKey('client:stall', 60, Date.now()))).toBe('3');
        expect(logger.lines.map((l) => l.level)).toEqual(['warn', 'info']);
      });
    });
  },
);
