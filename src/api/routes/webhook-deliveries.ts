import type { FastifyInstance } from 'fastify';
import { isIdOf } from '../../contract/ids';
import { problemTypes } from '../../contract/problem';
import {
  listWebhookDeliveries,
  redeliverWebhookDelivery,
  type WebhookDeliveryList,
} from '../../contract/webhooks';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { invalidCursor } from '../http/cursor';
import { notFound, ProblemError } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import { listDeliveryAttempts, scheduleRedelivery, toWebhookDelivery } from '../webhooks/deliveries';
import { tenantOf } from '../auth/request-auth';

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isIdOf('webhookDelivery', id)) throw invalidCursor();
  return id;
}

/**
 * Delivery attempts (scope admin:public_api): the list, newest first, and redelivery of an attempt's
 * event to its endpoint. An attempt of another tenant answers 404, as one that does not exist.
 */
export function registerWebhookDeliveryRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): void {
  const db = services.database.db;

  registerEndpoint(app, listWebhookDeliveries, async ({ query, raw }) => {
    const rows = await withTenant(db, tenantOf(raw), (tx) =>
      listDeliveryAttempts(tx, tenantOf(raw), {
        endpointId: query.endpoint_id,
        eventId: query.event_id,
        before: decodeCursor(query.cursor),
        limit: query.limit + 1,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const body: WebhookDeliveryList = {
      results: page.map(toWebhookDelivery),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
    };
    return { status: 200, body };
  });

  registerWriteEndpoint(app, redeliverWebhookDelivery, services, async ({ params, request, tx }) => {
    const outcome = await scheduleRedelivery(tx, tenantOf(request), params.id);
    if (outcome.kind === 'not_found') throw notFound(`No webhook delivery ${params.id}.`);
    if (outcome.kind === 'endpoint_disabled') {
      throw new ProblemError(
        409,
        problemTypes.conflict,
        'Endpoint disabled',
        `The webhook endpoint ${outcome.endpointId} is disabled; enable it (PATCH enabled: true) before redelivering to it.`,
      );
    }
    await recordAudit(tx, request, {
      action: 'webhook_delivery.redelivered',
      resourceType: 'webhook_delivery',
      resourceId: params.id,
      detail: { event_id: outcome.redelivery.event_id, endpoint_id: outcome.redelivery.endpoint_id },
    });
    return { status: 202, body: outcome.redelivery };
  });
}
