import { loadApiConfig, type ApiConfig } from '../api/config';
import { openDatabase, type DatabaseHandle } from '../api/db/client';
import { isEmbeddedServerRunning, embeddedDatabaseUrl } from '../api/db/embedded-server';

/**
 * The database for a CLI command: PostgreSQL when configured; otherwise the embedded database,
 * reached through the running server's socket when servers run, or opened directly when none does.
 */
export async function openCliDatabase(config: ApiConfig): Promise<DatabaseHandle> {
  if (config.database.kind === 'postgres') return openDatabase(config.database);
  if (await isEmbeddedServerRunning(config.dataDir)) {
    return openDatabase({ kind: 'postgres', url: embeddedDatabaseUrl(config.dataDir), embedded: true });
  }
  if (config.database.dataDir === null) {
    throw new Error(
      'FINVIS_DB=memory keeps the database inside the running server, and none is running here.',
    );
  }
  return openDatabase(config.database);
}

/** Runs a CLI command's work on the database and always closes it, so the process can exit. */
export async function withCliDatabase<T>(
  work: (db: DatabaseHandle['db'], handle: DatabaseHandle) => T | Promise<T>,
): Promise<T> {
  const handle = await openCliDatabase(loadApiConfig());
  try {
    return await work(handle.db, handle);
  } finally {
    await handle.close();
  }
}
