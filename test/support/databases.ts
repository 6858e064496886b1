import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/api/db/client';

export interface TestDatabase {
  engine: 'pglite' | 'postgres';
  handle: DatabaseHandle;
  /** For PostgreSQL: the URL of this test's own database (other processes may connect to it). */
  url: string | null;
  drop(): Promise<void>;
}

/** The engines every database test runs on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export const testEngines: ('pglite' | 'postgres')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * A fresh, migrated database. On PostgreSQL each call gets a database of its own, created from
 * TEST_DATABASE_URL and dropped afterwards, so test files never see each other's rows.
 */
export async function openTestDatabase(engine: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    return { engine, handle, url: null, drop: () => handle.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `finvis_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    engine,
    handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
