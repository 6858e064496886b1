import type { FastifyRequest } from 'fastify';
import type { Database } from './db/client';
import { auditLog } from './db/schema';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Records a write in the append-only audit log: who (API client and acting user), what, when and the
 * request id. Call it inside the transaction of the write, so the two commit or vanish together.
 */
export async function recordAudit(tx: Database, request: FastifyRequest, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId: request.auth?.tenantId ?? null,
    clientId: request.auth?.clientId ?? null,
    actingUser: request.auth?.actingUser ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    requestId: request.id,
    detail: entry.detail ?? null,
  });
}
