import type { FastifyInstance } from 'fastify';
import {
  explainTransaction,
  listExplanations,
  reopenTransaction,
} from '../../contract/reconciliation-explanations';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import {
  explainTransaction as explain,
  listExplanations as list,
  reopenTransaction as reopen,
} from '../reconciliation/explanations';
import { actorOf } from './reconciliation';
import { tenantOf } from '../auth/request-auth';

/** Transactions reconciled without a match: listed with read:reconciliation, explained and reopened with write. */
export function registerReconciliationExplanationRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): void {
  const db = services.database.db;

  registerEndpoint(app, listExplanations, async ({ query, raw }) => {
    const tenantId = tenantOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => list(tx, tenantId, query)) };
  });

  registerWriteEndpoint(app, explainTransaction, services, async ({ params, body, request, tx }) => {
    const actor = actorOf(request);
    const explanation = await explain(tx, tenantOf(request), params.id, body, actor);
    await recordAudit(tx, request, {
      action: 'transaction.explained',
      resourceType: 'transaction',
      resourceId: params.id,
      detail: { reason: body.reason, note: body.note ?? null, acting_user_name: actor.name },
    });
    return { status: 200, body: explanation };
  });

  registerWriteEndpoint(app, reopenTransaction, services, async ({ params, request, tx }) => {
    const reopened = await reopen(tx, tenantOf(request), params.id);
    await recordAudit(tx, request, {
      action: 'transaction.reopened',
      resourceType: 'transaction',
      resourceId: params.id,
      detail: {
        acting_user_name: actorOf(request).name,
        reconciliation_state: reopened.reconciliation_state,
      },
    });
    return { status: 200, body: reopened };
  });
}
