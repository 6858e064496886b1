import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { WebhookDelivery, WebhookRedelivery } from '../../contract/webhooks';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { webhookDeliveryAttempts } from '../db/schema';

type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

export function toWebhookDelivery(row: AttemptRow): WebhookDelivery {
  return {
    id: row.id,
    event_id: row.eventId,
    event_type: row.eventType as WebhookDelivery['event_type'],
    endpoint_id: row.endpointId,
    attempt: row.attempt,
    succeeded: row.succeeded,
    status_code: row.statusCode,
    latency_ms: row.latencyMs,
    error: row.error,
    next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}

/*
 * Every function takes the tenant's transaction (withTenant) and filters by tenant as well, so the
 * tenant filter and row-level security both stand between tenants.
 */

/** Attempts newest first (ids sort by creation time). */
export async function listDeliveryAttempts(
  tx: Database,
  tenantId: string,
  filter: {
    endpointId?: string | undefined;
    eventId?: string | undefined;
    before: string | null;
    limit: number;
  },
): Promise<AttemptRow[]> {
  return tx
    .select()
    .from(webhookDeliveryAttempts)
    .where(
      and(
        eq(webhookDeliveryAttempts.tenantId, tenantId),
        filter.endpointId === undefined
          ? undefined
          : eq(webhookDeliveryAttempts.endpointId, filter.endpointId),
        filter.eventId === undefined ? undefined : eq(webhookDeliveryAttempts.eventId, filter.eventId),
        filter.before === null ? undefined : lt(webhookDeliveryAttempts.id, filter.before),
      ),
    )
    .orderBy(desc(webhookDeliveryAttempts.id))
    .limit(filter.limit);
}

export type RedeliveryOutcome =
  | { kind: 'scheduled'; redelivery: WebhookRedelivery }
  | { kind: 'not_found' }
  | { kind: 'endpoint_disabled'; endpointId: string };

/**
 * Makes the message of an attempt due now. A message still in its retry schedule just moves its next
 * attempt forward; a finished one (succeeded, or failed) gets one manual attempt, not a new schedule.
 */
export async function scheduleRedelivery(
  tx: Database,
  tenantId: string,
  attemptId: string,
): Promise<RedeliveryOutcome> {
  const [found] = await selectRows<{ event_id: string; endpoint_id: string; enabled: boolean }>(
    tx,
    sql`select a.event_id, a.endpoint_id, w.enabled from webhook_delivery_attempts a
        join webhook_endpoints w on w.id = a.endpoint_id
        where a.tenant_id = ${tenantId} and a.id = ${attemptId}`,
  );
  if (!found) return { kind: 'not_found' };
  if (!found.enabled) return { kind: 'endpoint_disabled', endpointId: found.endpoint_id };
  const [scheduled] = await selectRows<{ scheduled_at: string }>(
    tx,
    sql`update webhook_messages
        set manual = manual or state <> 'pending', state = 'pending', next_attempt_at = now()
        where tenant_id = ${tenantId} and event_id = ${found.event_id} and endpoint_id = ${found.endpoint_id}
          and (state <> 'pending' or claim is null or next_attempt_at <= now())
        returning next_attempt_at::text as scheduled_at`,
  );
  return {
    kind: 'scheduled',
    redelivery: {
      event_id: found.event_id,
      endpoint_id: found.endpoint_id,
      // An attempt in flight right now is the redelivery: it goes out with a fresh timestamp anyway.
      scheduled_at: new Date(scheduled?.scheduled_at ?? Date.now()).toISOString(),
    },
  };
}
