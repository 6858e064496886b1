import { and, asc, eq } from 'drizzle-orm';
import type { Scope } from '../../contract/scopes';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret';
import type { Database } from '../db/client';
import { apiClients, auditLog } from '../db/schema';
import { newId } from '../ids';

export type ApiClient = typeof apiClients.$inferSelect;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

export interface NewApiClient {
  tenantId: string;
  name: string;
  scopes: Scope[];
  rateLimitPerMinute?: number;
}

/** Creates a client and returns its secret: the only time the secret exists outside the caller's hands. */
export async function createApiClient(
  db: Database,
  input: NewApiClient,
): Promise<{ client: ApiClient; secret: string }> {
  const secret = generateClientSecret();
  const secretHash = await hashClientSecret(secret);
  return db.transaction(async (tx) => {
    const [client] = await tx
      .insert(apiClients)
      .values({
        id: newId('client'),
        tenantId: input.tenantId,
        name: input.name,
        scopes: [...new Set(input.scopes)].sort(),
        rateLimitPerMinute: input.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
        secretHash,
      })
      .returning();
    if (!client) throw new Error('insert returned no row');
    await tx.insert(auditLog).values({
      tenantId: client.tenantId,
      action: 'api_client.created',
      resourceType: 'api_client',
      resourceId: client.id,
      detail: { name: client.name, scopes: client.scopes, rate_limit_per_minute: client.rateLimitPerMinute },
    });
    return { client, secret };
  });
}

export async function findApiClient(db: Database, id: string): Promise<ApiClient | null> {
  const [found] = await db.select().from(apiClients).where(eq(apiClients.id, id)).limit(1);
  return found ?? null;
}

export async function listApiClients(db: Database, tenantId?: string): Promise<ApiClient[]> {
  const query = db.select().from(apiClients);
  return (tenantId ? query.where(eq(apiClients.tenantId, tenantId)) : query).orderBy(
    asc(apiClients.createdAt),
  );
}

export async function revokeApiClient(db: Database, id: string): Promise<ApiClient | null> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiClients)
      .set({ status: 'revoked', revokedAt: new Date() })
      .where(and(eq(apiClients.id, id), eq(apiClients.status, 'active')))
      .returning();
    if (revoked) {
      await tx.insert(auditLog).values({
        tenantId: revoked.tenantId,
        action: 'api_client.revoked',
        resourceType: 'api_client',
        resourceId: revoked.id,
      });
    }
    return revoked ?? null;
  });
}

/** A new secret replaces the old one at once; tokens already issued stay valid until they expire. */
export async function rotateApiClientSecret(
  db: Database,
  id: string,
): Promise<{ client: ApiClient; secret: string } | null> {
  const secret = generateClientSecret();
  const secretHash = await hashClientSecret(secret);
  return db.transaction(async (tx) => {
    const [client] = await tx
      .update(apiClients)
      .set({ secretHash, secretRotatedAt: new Date() })
      .where(and(eq(apiClients.id, id), eq(apiClients.status, 'active')))
      .returning();
    if (!client) return null;
    await tx.insert(auditLog).values({
      tenantId: client.tenantId,
      action: 'api_client.secret_rotated',
      resourceType: 'api_client',
      resourceId: client.id,
    });
    return { client, secret };
  });
}

export async function touchApiClient(db: Database, id: string, at: Date): Promise<void> {
  await db.update(apiClients).set({ lastUsedAt: at }).where(eq(apiClients.id, id));
}
