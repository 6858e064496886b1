import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/*
 * PGlite admits one process and one connection. While the servers run, the embedded database is
 * served on a Unix socket in the data directory, and everything — the API's own pool and the CLI
 * in another process — reaches it over the PostgreSQL protocol through that socket. The socket
 * server queues statements and keeps a client's transaction to itself, so the CLI's writes never
 * interleave with the API's.
 */

const SOCKET_PORT = 5432;

export function embeddedSocketPath(dataDir: string): string {
  return join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
}

/** A postgres:// URL that node-postgres resolves to the Unix socket in `dataDir`. */
export function embeddedDatabaseUrl(dataDir: string): string {
  return `postgresql://postgres@${encodeURIComponent(dataDir)}/postgres`;
}

export async function isEmbeddedServerRunning(dataDir: string): Promise<boolean> {
  const path = embeddedSocketPath(dataDir);
  if (!existsSync(path)) return false;
  return new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface EmbeddedServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded database (`storeDir` null: in memory) and serves it on the socket.
 * Refuses to start a second server over the same data directory.
 */
export async function serveEmbeddedDatabase(
  socketDir: string,
  storeDir: string | null,
): Promise<EmbeddedServer> {
  mkdirSync(socketDir, { recursive: true });
  if (await isEmbeddedServerRunning(socketDir)) {
    throw new Error(
      `Another Finvis server is already using ${socketDir}; stop it first or set FINVIS_DATA_DIR.`,
    );
  }
  // A socket file without a listener is what a killed server leaves behind.
  rmSync(embeddedSocketPath(socketDir), { force: true });
  if (storeDir) mkdirSync(storeDir, { recursive: true });
  const db = await PGlite.create(storeDir ?? 'memory://');
  const server = new PGLiteSocketServer({ db, path: embeddedSocketPath(socketDir), maxConnections: 32 });
  await server.start();
  let closed = false;
  return {
    url: embeddedDatabaseUrl(socketDir),
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      // close() checkpoints and flushes the files: what was committed is on disk.
      await db.close();
      rmSync(embeddedSocketPath(socketDir), { force: true });
    },
  };
}
