import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../contract/webhooks';
import type { Database } from '../db/client';
import { webhookEndpoints } from '../db/schema';
import { newId } from '../ids';

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;

/** How long the previous secret stays valid after a rotation. */
export const PREVIOUS_SECRET_VALID_HOURS = 24;

/** A signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function toWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    event_types: row.eventTypes as WebhookEndpoint['event_types'],
    enabled: row.enabled,
    description: row.description,
    disabled_reason: row.disabledReason,
    previous_secret_expires_at: row.previousSecretExpiresAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function withSecret(row: WebhookEndpointRow): WebhookEndpointWithSecret {
  return { ...toWebhookEndpoint(row), secret: row.secret };
}

/*
 * Every function takes the tenant's transaction (withTenant) and filters by tenant as well, so the
 * tenant filter and row-level security both stand between tenants.
 */

export async function insertWebhookEndpoint(
  tx: Database,
  tenantId: string,
  values: { url: string; eventTypes: string[]; description: string | null; enabled: boolean },
): Promise<WebhookEndpointRow> {
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({
      id: newId('webhookEndpoint'),
      tenantId,
      ...values,
      secret: newWebhookSecret(),
      disabledReason: values.enabled ? null : 'disabled_by_client',
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listWebhookEndpointRows(
  tx: Database,
  tenantId: string,
  page: { after: string | null; limit: number },
): Promise<WebhookEndpointRow[]> {
  return tx
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.tenantId, tenantId),
        page.after === null ? undefined : gt(webhookEndpoints.id, page.after),
      ),
    )
    .orderBy(asc(webhookEndpoints.id))
    .limit(page.limit);
}

const byId = (tenantId: string, id: string) =>
  and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id));

export async function findWebhookEndpoint(
  tx: Database,
  tenantId: string,
  id: string,
): Promise<WebhookEndpointRow | null> {
  const [row] = await tx.select().from(webhookEndpoints).where(byId(tenantId, id));
  return row ?? null;
}

export async function updateWebhookEndpointRow(
  tx: Database,
  tenantId: string,
  id: string,
  changes: { url?: string; eventTypes?: string[]; description?: string | null; enabled?: boolean },
): Promise<WebhookEndpointRow | null> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({
      ...changes,
      ...(changes.enabled === undefined
        ? {}
        : { disabledReason: changes.enabled ? null : 'disabled_by_client' }),
      updatedAt: sql`now()`,
    })
    .where(byId(tenantId, id))
    .returning();
  return row ?? null;
}

export async function deleteWebhookEndpointRow(tx: Database, tenantId: string, id: string): Promise<boolean> {
  const deleted = await tx
    .delete(webhookEndpoints)
    .where(byId(tenantId, id))
    .returning({ id: webhookEndpoints.id });
  return deleted.length > 0;
}

/** A new secret; the current one becomes the previous one, valid PREVIOUS_SECRET_VALID_HOURS more. */
export async function rotateWebhookEndpointSecretRow(
  tx: Database,
  tenantId: string,
  id: string,
): Promise<WebhookEndpointRow | null> {
  const [row] = await tx
    .update(webhookEndpoints)
    .set({
      previousSecret: sql`${webhookEndpoints.secret}`,
      previousSecretExpiresAt: sql`now() + make_interval(hours => ${PREVIOUS_SECRET_VALID_HOURS})`,
      secret: newWebhookSecret(),
      updatedAt: sql`now()`,
    })
    .where(byId(tenantId, id))
    .returning();
  return row ?? null;
}
