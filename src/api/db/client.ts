import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

/** The one database type every repository is written against, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseConfig =
  /** `embedded`: the URL leads to our own PGlite served on a local socket (see embedded-server.ts). */
  | { kind: 'postgres'; url: string; embedded?: boolean }
  /** dataDir null keeps the database in memory (tests, FINVIS_DB=memory). */
  | { kind: 'pglite'; dataDir: string | null };

export interface DatabaseHandle {
  readonly db: Database;
  /** The engine underneath: PGlite also when reached over its local socket. */
  readonly engine: 'pglite' | 'postgres';
  /** Where the data lives, for logs and the CLI; never includes a password. */
  readonly description: string;
  /** The embedded engine, when there is one: the server shares it with the CLI over a socket. */
  readonly pglite: PGlite | null;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Serialises migrations across API instances that start together against one PostgreSQL server. */
const MIGRATION_LOCK_KEY = 7_141_592_653;

export async function openDatabase(
  config: DatabaseConfig,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  const runMigrations = options.migrate ?? true;
  if (config.kind === 'pglite') {
    if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
    const client = await PGlite.create(config.dataDir ?? 'memory://');
    const db = drizzlePglite({ client, schema });
    if (runMigrations) await migratePglite(db, { migrationsFolder });
    let closed = false;
    return {
      db,
      engine: 'pglite',
      description: config.dataDir ? `embedded PGlite in ${config.dataDir}` : 'embedded PGlite in memory',
      pglite: client,
      async ping() {
        await client.query('select 1');
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.close();
      },
    };
  }

  // PGlite is one session behind its socket: statements of several connections can interleave there
  // (an unnamed prepared statement of one replaced by another's), so the embedded engine gets one.
  const pool = new pg.Pool({ connectionString: config.url, max: config.embedded ? 1 : 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePostgres({ client: pool, schema });
  if (runMigrations) {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }
  let closed = false;
  return {
    db,
    engine: config.embedded ? 'pglite' : 'postgres',
    description: config.embedded
      ? 'embedded PGlite over its local socket'
      : `PostgreSQL at ${redactUrl(config.url)}`,
    pglite: null,
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
