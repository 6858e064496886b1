import type { FastifyInstance } from 'fastify';
import {
  getReconciliationSummary,
  listUnmatchedOpenItems as listUnmatchedOpenItemsEndpoint,
  proposeMatch,
} from '../../contract/reconciliation-queue';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import { proposeMatchByHand } from '../reconciliation/manual-match';
import { reconciliationSummary } from '../reconciliation/summary';
import { listUnmatchedOpenItems } from '../reconciliation/unmatched-items';
import { authOf } from '../auth/request-auth';

/** The match queue's own needs: pairs proposed by hand, unmatched open items, the summary. */
export function registerReconciliationQueueRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): void {
  const db = services.database.db;

  registerEndpoint(app, getReconciliationSummary, async ({ raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => reconciliationSummary(tx, tenantId)) };
  });

  registerEndpoint(app, listUnmatchedOpenItemsEndpoint, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return {
      status: 200,
      body: await withTenant(db, tenantId, (tx) => listUnmatchedOpenItems(tx, tenantId, query)),
    };
  });

  registerWriteEndpoint(app, proposeMatch, services, async ({ body, request, tx }) => {
    const auth = authOf(request);
    const match = await proposeMatchByHand(tx, auth.tenantId, body);
    await recordAudit(tx, request, {
      action: 'reconciliation_match.proposed',
      resourceType: 'reconciliation_match',
      resourceId: match.id,
      detail: {
        acting_user_name: auth.actingUserName,
        transaction_ids: body.transaction_ids,
        open_item_ids: body.open_item_ids,
      },
    });
    return { status: 201, body: match };
  });
}
