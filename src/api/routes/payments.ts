import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { IsoDate } from '../../banking/dates';
import { idSchema } from '../../contract/ids';
import {
  MAX_LARGEST_CREDITORS,
  approveApproval,
  cancelPaymentBatch,
  createPaymentBatch,
  getPaymentBatch,
  getPaymentBatchPain001,
  listPaymentBatches,
  listPendingApprovals,
  rejectApproval,
  submitPaymentBatch,
  type PaymentBatchList,
  type PendingApprovalList,
} from '../../contract/payments';
import { recordAudit } from '../audit';
import type { Database, DatabaseHandle } from '../db/client';
import { companies, paymentApprovals, paymentBatches } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { registerEndpoint } from '../http/endpoint-route';
import { notFound } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import {
  actorOf,
  approvalView,
  batchLines,
  batchView,
  findAccount,
  insertBatch,
  largestCreditors,
  listBatches,
  requireActingUser,
  summaryOf,
  type BatchRow,
} from '../payments/batches';
import { buildPain001 } from '../payments/pain001';
import { validatePaymentLines, validationError } from '../payments/validation';
import { cancelBatch, decide, submitBatch } from '../payments/workflow';
import { tenantOf } from '../auth/request-auth';

const BATCH = 'payment_batch';

function who(request: FastifyRequest) {
  return {
    acting_user_name: request.auth?.actingUserName ?? null,
    roles: request.auth?.actingUserRoles ?? [],
  };
}

/**
 * Payments and approvals (issue 8). Every POST goes through the idempotency layer; every state
 * change locks the batch row first (see src/api/payments/workflow.ts).
 */
export function registerPaymentRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle; today: () => IsoDate },
): void {
  const db = services.database.db;
  const { today } = services;

  registerWriteEndpoint(
    app,
    createPaymentBatch,
    services,
    async ({ body, request, tx }) => {
      const tenantId = tenantOf(request);
      const account = await findAccount(tx, body.debtor_account_id);
      if (!account) {
        throw validationError([
          { path: '/debtor_account_id', message: `no account ${body.debtor_account_id}` },
        ]);
      }
      const { lines, errors } = validatePaymentLines(body, account.currency, today());
      if (errors.length > 0) throw validationError(errors);
      const id = await insertBatch(tx, {
        tenantId,
        account: { id: account.id, companyId: account.companyId },
        label: body.label ?? null,
        lines,
        actor: actorOf(request),
      });
      await recordAudit(tx, request, {
        action: 'payment_batch.created',
        resourceType: BATCH,
        resourceId: id,
        detail: { payments: lines.length, debtor_account_id: account.id, ...who(request) },
      });
      return {
        status: 201,
        body: await batchView(tx, id),
        headers: { location: `/public/payments/batches/${id}` },
      };
    },
    {
      // Checks that need no database run before the key is claimed, so a fixed request may reuse it.
      validate: ({ body }) => {
        const { errors } = validatePaymentLines(body, null, today());
        if (errors.length > 0) throw validationError(errors);
      },
    },
  );

  const listKey = z.tuple([idSchema('batch')]);
  registerEndpoint(app, listPaymentBatches, async ({ query, raw }) => {
    const before =
      query.cursor === undefined ? null : decodeCursor('payment_batches', listKey, query.cursor)[0];
    const rows = await withTenant(db, tenantOf(raw), (tx) =>
      listBatches(tx, {
        status: query.status,
        account: query.account,
        company: query.company,
        date: query.date,
        before,
        limit: query.limit + 1,
      }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const body: PaymentBatchList = {
      results: page,
      next_cursor: rows.length > query.limit && last ? encodeCursor('payment_batches', [last.id]) : null,
    };
    return { status: 200, body };
  });

  registerEndpoint(app, getPaymentBatch, async ({ params, raw }) => {
    const view = await withTenant(db, tenantOf(raw), (tx) => batchView(tx, params.id));
    if (!view) throw notFound(`No payment batch ${params.id}.`);
    return { status: 200, body: view };
  });

  registerEndpoint(app, getPaymentBatchPain001, async ({ params, query, raw }) => {
    const xml = await withTenant(db, tenantOf(raw), async (tx) => {
      const [batch] = await tx.select().from(paymentBatches).where(eq(paymentBatches.id, params.id));
      if (!batch) return null;
      const account = await findAccount(tx, batch.debtorAccountId);
      if (!account) return null;
      const [company] = await tx.select().from(companies).where(eq(companies.id, account.companyId));
      return buildPain001(
        {
          batch,
          lines: await batchLines(tx, batch.id),
          debtor: {
            name: company?.name ?? account.name,
            orgNumber: company?.orgNumber ?? null,
            iban: account.iban,
            clearingNumber: account.clearingNumber,
            accountNumber: account.accountNumber,
            bic: account.bic,
            currency: account.currency,
          },
          createdAt: new Date(),
        },
        query.version,
      );
    });
    if (xml === null) throw notFound(`No payment batch ${params.id}.`);
    return {
      status: 200,
      body: xml,
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="${params.id}.pain.001.001.${query.version}.xml"`,
      },
    };
  });

  const transition =
    (action: string, run: (tx: Database, request: FastifyRequest, id: string) => Promise<BatchRow>) =>
    async ({ params, request, tx }: { params: { id: string }; request: FastifyRequest; tx: Database }) => {
      const batch = await run(tx, request, params.id);
      await recordAudit(tx, request, {
        action,
        resourceType: BATCH,
        resourceId: batch.id,
        detail: { status: batch.status, ...who(request) },
      });
      return { status: 200, body: await batchView(tx, batch.id) };
    };

  const needsPerson = { validate: ({ request }: { request: FastifyRequest }) => requireActingUser(request) };

  registerWriteEndpoint(
    app,
    submitPaymentBatch,
    services,
    transition('payment_batch.submitted', (tx, request, id) => submitBatch(tx, request, id, today())),
    needsPerson,
  );

  registerWriteEndpoint(
    app,
    cancelPaymentBatch,
    services,
    transition('payment_batch.cancelled', (tx, request, id) => cancelBatch(tx, request, id)),
  );

  registerWriteEndpoint(
    app,
    approveApproval,
    services,
    transition('payment_batch.approval_approved', (tx, request, id) =>
      decide(tx, request, id, 'approved', null),
    ),
    needsPerson,
  );

  registerWriteEndpoint(
    app,
    rejectApproval,
    services,
    async (context) =>
      transition('payment_batch.approval_rejected', (tx, request, id) =>
        decide(tx, request, id, 'rejected', context.body.reason),
      )(context),
    needsPerson,
  );

  const pendingKey = z.tuple([idSchema('approval')]);
  registerEndpoint(app, listPendingApprovals, async ({ query, raw }) => {
    requireActingUser(raw);
    const user = raw.auth?.actingUser ?? '';
    const roles = raw.auth?.actingUserRoles ?? [];
    const newestFirst = query.order === 'newest';
    // The order is part of the cursor's name, so a cursor never continues a list in the other order.
    const cursorName = newestFirst ? 'pending_approvals_newest' : 'pending_approvals';
    const canDecide = raw.auth?.scopes.includes('write:payments') ?? false;
    const after = query.cursor === undefined ? null : decodeCursor(cursorName, pendingKey, query.cursor)[0];
    const body = await withTenant(db, tenantOf(raw), async (tx): Promise<PendingApprovalList> => {
      const holdsRole: SQL =
        roles.length > 0
          ? sql`${paymentApprovals.requiredRole} in (${sql.join(
              roles.map((role) => sql`${role}`),
              sql`, `,
            )})`
          : sql`false`;
      const conditions: SQL[] = [
        eq(paymentApprovals.status, 'pending'),
        sql`${paymentApprovals.submitter} <> ${user}`,
        sql`not exists (select 1 from payment_approval_decisions d where d.approval_id = ${paymentApprovals.id} and d.approver = ${user})`,
        // Where the last approval must come from a role, only holders of it are asked for it.
        sql`(${paymentApprovals.requiredRole} is null or ${holdsRole}
          or exists (select 1 from payment_approval_decisions d where d.approval_id = ${paymentApprovals.id}
                     and d.decision = 'approved' and ${paymentApprovals.requiredRole} = any(d.roles))
          or (select count(*) from payment_approval_decisions d where d.approval_id = ${paymentApprovals.id}
              and d.decision = 'approved') < ${paymentApprovals.requiredApprovals} - 1)`,
      ];
      if (after) {
        conditions.push(newestFirst ? lt(paymentApprovals.id, after) : gt(paymentApprovals.id, after));
      }
      const rows = await tx
        .select()
        .from(paymentApprovals)
        .where(and(...conditions))
        .orderBy(newestFirst ? desc(paymentApprovals.id) : asc(paymentApprovals.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const results: PendingApprovalList['results'] = [];
      for (const approval of page) {
        const batch = await summaryOf(tx, approval.batchId);
        if (!batch) continue;
        const [row] = await tx.select().from(paymentBatches).where(eq(paymentBatches.id, approval.batchId));
        results.push({
          ...(await approvalView(tx, approval, row?.totalSekMinor ?? null)),
          batch,
          largest_creditors: await largestCreditors(tx, approval.batchId, MAX_LARGEST_CREDITORS),
          can_decide: canDecide,
        });
      }
      const last = page.at(-1);
      return {
        results,
        next_cursor: rows.length > query.limit && last ? encodeCursor(cursorName, [last.id]) : null,
      };
    });
    return { status: 200, body };
  });
}
