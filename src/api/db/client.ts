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
  /**
   * A session of its own that receives NOTIFY on `channel` until closed or lost (`onLost` then says
   * so once). Null where no such session can be had: the embedded engine's socket serves one session.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<NotificationListener | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface NotificationHandlers {
  onNotification: (payload: string) => void;
  onLost: (error: unknown) => void;
}

export interface NotificationListener {
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
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
      async listen(channel, { onNotification }) {
        assertChannel(channel);
        if (closed) return null;
        // One in-process session: it never loses its connection, so onLost is never called.
        const unlisten = await client.listen(channel, onNotification);
        return { close: () => (closed ? Promise.resolve() : unlisten()) };
      },
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
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    engine: config.embedded ? 'pglite' : 'postgres',
    description: config.embedded
      ? 'embedded PGlite over its local socket'
      : `PostgreSQL at ${redactUrl(config.url)}`,
    pglite: null,
    async listen(channel, { onNotification, onLost }) {
      assertChannel(channel);
      if (closed || config.embedded) return null;
      const client = new pg.Client({ connectionString: config.url, keepAlive: true });
      let ended = false;
      const end = async () => {
        if (ended) return;
        ended = true;
        listeners.delete(end);
        await client.end().catch(() => undefined);
      };
      listeners.add(end);
      const lose = (error: unknown) => {
        if (ended) return;
        void end();
        onLost(error);
      };
      client.on('notification', (message) => {
        if (message.channel === channel) onNotification(message.payload ?? '');
      });
      client.on('error', lose);
      client.on('end', () => lose(new Error('the listening session ended')));
      try {
        await client.connect();
        await client.query(`listen ${channel}`);
      } catch (error) {
        await end();
        throw error;
      }
      return { close: end };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((end) => end()));
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
