import type { SQL } from 'drizzle-orm';
import type { Database } from './client';

/**
 * The rows of a raw SQL query. Both drivers (PGlite and node-postgres) answer `{ rows }`; the shared
 * Database type cannot know that, so this is the one place that says it.
 */
export async function selectRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}
