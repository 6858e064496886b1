import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/databases';
import type { DatabaseHandle } from '../db/client';
import { followTenantChanges } from './change-feed';
import { TenantReadCache } from './tenant-read-cache';

describe('the change feed turns the cache on only when it hears the database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.drop();
  });

  function follow(handle: DatabaseHandle) {
    const warnings: string[] = [];
    const cache = new TenantReadCache();
    const feed = followTenantChanges(handle, cache, { warn: (_details, message) => warnings.push(message) });
    return { cache, feed, warnings };
  }

  it('serves from memory once a notification it sent came back', async () => {
    const { cache, feed, warnings } = follow(database.handle);
    await feed.ready;
    expect(cache.stats().live).toBe(true);
    expect(warnings).toEqual([]);
    await feed.close();
    expect(cache.stats().live).toBe(false);
  });

  it('stays off on a session that listens but never hears, as behind a transaction-pooling proxy', async () => {
    const deaf: DatabaseHandle = {
      ...database.handle,
      listen: (channel, handlers) =>
        database.handle.listen(channel, { onNotification: () => undefined, onLost: handlers.onLost }),
    };
    const { cache, feed, warnings } = follow(deaf);
    await feed.ready;
    expect(cache.stats().live).toBe(false);
    expect(warnings).toEqual(['the change feed does not hear the database; ledger reads bypass the cache']);
    let reads = 0;
    await cache.json('ten_a', '/public/accounts', () => Promise.resolve(++reads));
    await cache.json('ten_a', '/public/accounts', () => Promise.resolve(++reads));
    expect(reads).toBe(2);
    await feed.close();
  });
});
