import { and, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { withTenant } from '../db/tenant-scope';

/** How long a running request holds its key; a key whose holder died is free again after this. */
export const IDEMPOTENCY_LOCK_SECONDS = 60;
/** How long a key and its stored response are kept (at least; expired rows are purged lazily). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** Expired keys are deleted at most this often per process and database. */
const PURGE_INTERVAL_MS = 60_000;

export interface IdempotencyScope {
  tenantId: string;
  clientId: string;
  key: string;
}

/** A response as stored and replayed: the body is kept as the exact text that was sent. */
export interface StoredResponse {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

export type Claim =
  /** The key is ours; `lockToken` (our locked_until) proves it when we complete or release it. */
  | { kind: 'claimed'; lockToken: Date }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** Our claim was taken over (we ran past the lock); the write must not commit. */
export class LostClaimError extends Error {
  constructor() {
    super('The idempotency key was taken over by another request.');
    this.name = 'LostClaimError';
  }
}

const lockedUntil = sql`date_trunc('milliseconds', now() + make_interval(secs => ${IDEMPOTENCY_LOCK_SECONDS}))`;
const expiresAt = sql`now() + make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})`;

function keyIs(scope: IdempotencyScope) {
  return and(
    eq(idempotencyKeys.tenantId, scope.tenantId),
    eq(idempotencyKeys.clientId, scope.clientId),
    eq(idempotencyKeys.key, scope.key),
  );
}

async function claimOnce(tx: Database, scope: IdempotencyScope, fingerprint: string): Promise<Claim | null> {
  const [inserted] = await tx
    .insert(idempotencyKeys)
    .values({ ...scope, fingerprint, state: 'in_progress', lockedUntil, expiresAt })
    .onConflictDoNothing()
    .returning({ lockedUntil: idempotencyKeys.lockedUntil });
  if (inserted) return { kind: 'claimed', lockToken: inserted.lockedUntil };

  const [row] = await tx
    .select({
      fingerprint: idempotencyKeys.fingerprint,
      state: idempotencyKeys.state,
      responseStatus: idempotencyKeys.responseStatus,
      responseBody: idempotencyKeys.responseBody,
      responseHeaders: idempotencyKeys.responseHeaders,
      expired: sql<boolean>`${idempotencyKeys.expiresAt} <= now()`,
      lockExpired: sql<boolean>`${idempotencyKeys.lockedUntil} <= now()`,
    })
    .from(idempotencyKeys)
    .where(keyIs(scope))
    .for('update');
  // Released between our insert and our read: try again.
  if (!row) return null;

  if (row.expired) {
    // Past its retention the key counts as new.
    const [renewed] = await tx
      .update(idempotencyKeys)
      .set({
        fingerprint,
        state: 'in_progress',
        responseStatus: null,
        responseBody: null,
        responseHeaders: null,
        createdAt: sql`now()`,
        lockedUntil,
        expiresAt,
      })
      .where(keyIs(scope))
      .returning({ lockedUntil: idempotencyKeys.lockedUntil });
    return renewed ? { kind: 'claimed', lockToken: renewed.lockedUntil } : null;
  }
  if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (row.state === 'completed' && row.responseStatus !== null) {
    return {
      kind: 'replay',
      response: { status: row.responseStatus, body: row.responseBody, headers: row.responseHeaders ?? {} },
    };
  }
  if (!row.lockExpired) return { kind: 'in_progress' };
  // The first request's process died holding the key: take it over.
  const [taken] = await tx
    .update(idempotencyKeys)
    .set({ lockedUntil })
    .where(keyIs(scope))
    .returning({ lockedUntil: idempotencyKeys.lockedUntil });
  return taken ? { kind: 'claimed', lockToken: taken.lockedUntil } : null;
}

/**
 * The idempotency keys of one database. Claims run in short transactions of their own that commit
 * at once, so a second request with the same key sees the first one running.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(private readonly db: Database) {}

  /** Claims the key for this request, or says what to answer instead. */
  async claim(scope: IdempotencyScope, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const claim = await withTenant(this.db, scope.tenantId, (tx) => claimOnce(tx, scope, fingerprint));
      if (claim) return claim;
    }
    return { kind: 'in_progress' };
  }

  /** Stores the response and completes the key, inside the transaction of the write itself. */
  async complete(
    tx: Database,
    scope: IdempotencyScope,
    lockToken: Date,
    response: StoredResponse,
  ): Promise<void> {
    const [done] = await tx
      .update(idempotencyKeys)
      .set({
        state: 'completed',
        responseStatus: response.status,
        responseBody: response.body,
        responseHeaders: response.headers,
      })
      .where(
        and(
          keyIs(scope),
          eq(idempotencyKeys.state, 'in_progress'),
          eq(idempotencyKeys.lockedUntil, lockToken),
        ),
      )
      .returning({ key: idempotencyKeys.key });
    if (!done) throw new LostClaimError();
  }

  /** Completes the key in a transaction of its own (for a 4xx problem whose write rolled back). */
  async completeAlone(scope: IdempotencyScope, lockToken: Date, response: StoredResponse): Promise<void> {
    await withTenant(this.db, scope.tenantId, (tx) => this.complete(tx, scope, lockToken, response));
  }

  /** Frees the key after a failed request (thrown error or 5xx), so that its retry runs anew. */
  async release(scope: IdempotencyScope, lockToken: Date): Promise<void> {
    await withTenant(this.db, scope.tenantId, (tx) =>
      tx
        .delete(idempotencyKeys)
        .where(
          and(
            keyIs(scope),
            eq(idempotencyKeys.state, 'in_progress'),
            eq(idempotencyKeys.lockedUntil, lockToken),
          ),
        ),
    );
  }

  /**
   * Deletes expired keys of every tenant, at most once a minute. Housekeeping across tenants, so it
   * runs as the database owner rather than in a tenant's scope; expired rows are ignored by claim
   * anyway, so a missed purge changes nothing but the table's size.
   */
  async purgeExpired(now: number = Date.now()): Promise<number | null> {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return null;
    this.lastPurge = now;
    const deleted = await this.db
      .delete(idempotencyKeys)
      .where(lte(idempotencyKeys.expiresAt, sql`now()`))
      .returning({ key: idempotencyKeys.key });
    return deleted.length;
  }
}
