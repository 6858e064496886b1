import type { FastifyInstance } from 'fastify';
import { isIdOf } from '../../contract/ids';
import { problemTypes } from '../../contract/problem';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
  type WebhookEndpointList,
} from '../../contract/webhooks';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { notFound, ProblemError } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import {
  deleteWebhookEndpointRow,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpointRows,
  rotateWebhookEndpointSecretRow,
  toWebhookEndpoint,
  updateWebhookEndpointRow,
  withSecret,
} from '../repositories/webhook-endpoints';
import {
  resolvedAddressProblem,
  webhookUrlPolicyFromEnv,
  webhookUrlProblem,
  type WebhookUrlPolicy,
} from '../webhooks/url-policy';
import { tenantOf } from '../auth/request-auth';

const RESOURCE = 'webhook_endpoint';

function endpointNotFound(id: string): ProblemError {
  return notFound(`No webhook endpoint ${id}.`);
}

function urlProblem(message: string): ProblemError {
  return new ProblemError(400, problemTypes.validation, 'Invalid request', 'The request body is not valid.', [
    { path: '/url', message },
  ]);
}

function checkUrl(url: string | undefined, policy: WebhookUrlPolicy): void {
  if (url === undefined) return;
  const problem = webhookUrlProblem(url, policy);
  if (problem) throw urlProblem(problem);
}

/** The host name's addresses, checked before anything is written. */
async function checkResolvedUrl(url: string | undefined, policy: WebhookUrlPolicy): Promise<void> {
  if (url === undefined) return;
  const problem = await resolvedAddressProblem(url, policy);
  if (problem) throw urlProblem(problem);
}

function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isIdOf('webhookEndpoint', id)) {
    throw new ProblemError(
      400,
      problemTypes.validation,
      'Invalid request',
      'The request query is not valid.',
      [{ path: '/cursor', message: 'cursor is not a cursor of this list; pass next_cursor as it was given' }],
    );
  }
  return id;
}

/**
 * Webhook endpoints (scope admin:public_api). POSTs go through the idempotency layer; PATCH and
 * DELETE are idempotent by nature. A malformed id is a 400 validation problem (`errors[0].path` is
 * `/id`); a well-formed id that names nothing of this tenant's is 404, exactly as one that does not exist.
 */
export function registerWebhookEndpointRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
  policy: WebhookUrlPolicy = webhookUrlPolicyFromEnv(),
): void {
  const db = services.database.db;

  registerWriteEndpoint(
    app,
    createWebhookEndpoint,
    services,
    async ({ body, request, tx }) => {
      const row = await insertWebhookEndpoint(tx, tenantOf(request), {
        url: body.url,
        eventTypes: body.event_types,
        description: body.description ?? null,
        enabled: body.enabled ?? true,
      });
      await recordAudit(tx, request, {
        action: 'webhook_endpoint.created',
        resourceType: RESOURCE,
        resourceId: row.id,
        detail: { url: row.url, event_types: row.eventTypes, enabled: row.enabled },
      });
      return {
        status: 201,
        body: withSecret(row),
        headers: { location: `/public/webhooks/endpoints/${row.id}` },
      };
    },
    {
      validate: ({ body }) => checkUrl(body.url, policy),
      prepare: ({ body }) => checkResolvedUrl(body.url, policy),
    },
  );

  registerEndpoint(app, listWebhookEndpoints, async ({ query, raw }) => {
    const after = decodeCursor(query.cursor);
    const rows = await withTenant(db, tenantOf(raw), (tx) =>
      listWebhookEndpointRows(tx, tenantOf(raw), { after, limit: query.limit + 1 }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const body: WebhookEndpointList = {
      results: page.map(toWebhookEndpoint),
      next_cursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
    };
    return { status: 200, body };
  });

  registerEndpoint(app, getWebhookEndpoint, async ({ params, raw }) => {
    const row = await withTenant(db, tenantOf(raw), (tx) =>
      findWebhookEndpoint(tx, tenantOf(raw), params.id),
    );
    if (!row) throw endpointNotFound(params.id);
    return { status: 200, body: toWebhookEndpoint(row) };
  });

  registerEndpoint(app, updateWebhookEndpoint, async ({ params, body, raw }) => {
    checkUrl(body.url, policy);
    await checkResolvedUrl(body.url, policy);
    const row = await withTenant(db, tenantOf(raw), async (tx) => {
      const updated = await updateWebhookEndpointRow(tx, tenantOf(raw), params.id, {
        url: body.url,
        eventTypes: body.event_types,
        description: body.description,
        enabled: body.enabled,
      });
      if (!updated) return null;
      await recordAudit(tx, raw, {
        action: 'webhook_endpoint.updated',
        resourceType: RESOURCE,
        resourceId: updated.id,
        detail: {
          changed: Object.keys(body).filter((name) => body[name as keyof typeof body] !== undefined),
        },
      });
      return updated;
    });
    if (!row) throw endpointNotFound(params.id);
    return { status: 200, body: toWebhookEndpoint(row) };
  });

  registerEndpoint(app, deleteWebhookEndpoint, async ({ params, raw }) => {
    const deleted = await withTenant(db, tenantOf(raw), async (tx) => {
      if (!(await deleteWebhookEndpointRow(tx, tenantOf(raw), params.id))) return false;
      await recordAudit(tx, raw, {
        action: 'webhook_endpoint.deleted',
        resourceType: RESOURCE,
        resourceId: params.id,
      });
      return true;
    });
    if (!deleted) throw endpointNotFound(params.id);
    return { status: 204 };
  });

  registerWriteEndpoint(app, rotateWebhookEndpointSecret, services, async ({ params, request, tx }) => {
    const row = await rotateWebhookEndpointSecretRow(tx, tenantOf(request), params.id);
    if (!row) throw endpointNotFound(params.id);
    await recordAudit(tx, request, {
      action: 'webhook_endpoint.secret_rotated',
      resourceType: RESOURCE,
      resourceId: row.id,
      detail: { previous_secret_expires_at: row.previousSecretExpiresAt?.toISOString() ?? null },
    });
    return { status: 200, body: withSecret(row) };
  });
}
