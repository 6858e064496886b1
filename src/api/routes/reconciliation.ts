import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  confirmMatch as confirmMatchEndpoint,
  getMatch as getMatchEndpoint,
  listMatches as listMatchesEndpoint,
  listOpenItems as listOpenItemsEndpoint,
  rejectMatch as rejectMatchEndpoint,
} from '../../contract/reconciliation';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { notFound } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import type { MatchActor } from '../reconciliation/match-view';
import { confirmMatch, getMatch, listMatches, rejectMatch } from '../reconciliation/matches';
import { listOpenItems } from '../reconciliation/open-items';
import { authOf } from '../auth/request-auth';

/** The person deciding, when the caller names one; else the API client. */
export function actorOf(request: FastifyRequest): MatchActor {
  const auth = authOf(request);
  return auth.actingUser
    ? { type: 'user', id: auth.actingUser, name: auth.actingUserName }
    : { type: 'client', id: auth.clientId, name: null };
}

/** Open items and the match queue: read with read:reconciliation, decide with write:reconciliation. */
export function registerReconciliationRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): void {
  const db = services.database.db;

  registerEndpoint(app, listOpenItemsEndpoint, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => listOpenItems(tx, tenantId, query)) };
  });

  registerEndpoint(app, listMatchesEndpoint, async ({ query, raw }) => {
    const { tenantId } = authOf(raw);
    return { status: 200, body: await withTenant(db, tenantId, (tx) => listMatches(tx, tenantId, query)) };
  });

  registerEndpoint(app, getMatchEndpoint, async ({ params, raw }) => {
    const { tenantId } = authOf(raw);
    const match = await withTenant(db, tenantId, (tx) => getMatch(tx, params.id));
    if (!match) throw notFound(`No reconciliation match ${params.id}.`);
    return { status: 200, body: match };
  });

  registerWriteEndpoint(app, confirmMatchEndpoint, services, async ({ params, request, tx }) => {
    const actor = actorOf(request);
    const match = await confirmMatch(tx, authOf(request).tenantId, params.id, actor);
    await recordAudit(tx, request, {
      action: 'reconciliation_match.confirmed',
      resourceType: 'reconciliation_match',
      resourceId: match.id,
      detail: { acting_user_name: actor.name },
    });
    return { status: 200, body: match };
  });

  registerWriteEndpoint(app, rejectMatchEndpoint, services, async ({ params, body, request, tx }) => {
    const actor = actorOf(request);
    const match = await rejectMatch(tx, authOf(request).tenantId, params.id, actor);
    await recordAudit(tx, request, {
      action: 'reconciliation_match.rejected',
      resourceType: 'reconciliation_match',
      resourceId: match.id,
      detail: { acting_user_name: actor.name, reason: body?.reason ?? null },
    });
    return { status: 200, body: match };
  });
}
