import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { parseIsoDate, type IsoDate } from '../../banking/dates';
import type { ProblemFieldError } from '../../contract/problem';
import { problemTypes } from '../../contract/problem';
import type { Database } from '../db/client';
import { paymentApprovalDecisions, paymentApprovals } from '../db/schema';
import { notFound, ProblemError } from '../http/problem';
import { newId } from '../ids';
import {
  actorOf,
  batchLines,
  illegalTransition,
  lockBatch,
  markFirstPayments,
  moveBatch,
  totalInSek,
  totalsByCurrency,
  type Actor,
  type BatchRow,
} from './batches';
import { loadApprovalPolicy, requirementFor } from './policy';
import { executionDateProblem, validationError } from './validation';

function tenantOf(request: FastifyRequest): string {
  if (!request.auth) throw new Error('payments need an authenticated client');
  return request.auth.tenantId;
}

function userOf(request: FastifyRequest): { actor: Actor; roles: string[] } {
  const auth = request.auth;
  if (!auth?.actingUser) throw new Error('decision without an acting user');
  return {
    actor: { type: 'user', id: auth.actingUser, name: auth.actingUserName },
    roles: auth.actingUserRoles,
  };
}

async function lockedOrNotFound(tx: Database, batchId: string): Promise<BatchRow> {
  const batch = await lockBatch(tx, batchId);
  if (!batch) throw notFound(`No payment batch ${batchId}.`);
  return batch;
}

/**
 * draft → submitted → pending_approval: validates the batch again (an execution date may have
 * passed), computes the total in SEK, marks first payments to creditor accounts, and snapshots the
 * policy in force now on the batch's approval.
 */
export async function submitBatch(
  tx: Database,
  request: FastifyRequest,
  batchId: string,
  today: IsoDate,
): Promise<BatchRow> {
  const batch = await lockedOrNotFound(tx, batchId);
  if (batch.status !== 'draft') throw illegalTransition(batch, 'submitted');
  const lines = await batchLines(tx, batchId);
  const errors: ProblemFieldError[] = [];
  for (const line of lines) {
    const date = parseIsoDate(line.executionDate);
    const problem = date.ok ? executionDateProblem(date.value, today) : date.error;
    if (problem) errors.push({ path: `/payments/${line.position}/execution_date`, message: problem });
  }
  if (errors.length > 0) {
    throw validationError(errors, 'The batch is no longer valid; create a new batch with valid payments.');
  }
  const actor = actorOf(request);
  const tenantId = tenantOf(request);
  const totalSek = await totalInSek(tx, totalsByCurrency(lines), today);
  const firstAccounts = await markFirstPayments(tx, batchId);
  const policy = await loadApprovalPolicy(tx, tenantId);
  const requirement = requirementFor(policy, totalSek, firstAccounts);
  const now = new Date();
  const submitted = await moveBatch(tx, batch, 'submitted', actor, {
    action: 'submitted',
    set: { submittedBy: actor, submittedAt: now, totalSekMinor: totalSek },
  });
  await tx.insert(paymentApprovals).values({
    id: newId('approval'),
    tenantId,
    batchId,
    status: 'pending',
    requiredApprovals: requirement.approvals,
    requiredRole: requirement.role,
    submitter: actor.id,
    policy: {
      ...policy,
      applied: {
        total_sek_minor: totalSek.toString(),
        first_payment_accounts: firstAccounts,
        approvals: requirement.approvals,
        role: requirement.role,
      },
    },
  });
  return moveBatch(tx, submitted, 'pending_approval', actor, { action: 'submitted' });
}

/** Cancels a batch that has not gone to the bank. */
export async function cancelBatch(tx: Database, request: FastifyRequest, batchId: string): Promise<BatchRow> {
  const batch = await lockedOrNotFound(tx, batchId);
  const moved = await moveBatch(tx, batch, 'cancelled', actorOf(request), { action: 'cancelled' });
  await tx
    .update(paymentApprovals)
    .set({ status: 'cancelled' })
    .where(and(eq(paymentApprovals.batchId, batchId), eq(paymentApprovals.status, 'pending')));
  return moved;
}

/**
 * An approver's decision. The batch row is locked first, so concurrent decisions on one batch run
 * one after another and each sees the ones before it: exactly one outcome, whatever the timing.
 */
export async function decide(
  tx: Database,
  request: FastifyRequest,
  approvalId: string,
  decision: 'approved' | 'rejected',
  reason: string | null,
): Promise<BatchRow> {
  const [found] = await tx
    .select({ batchId: paymentApprovals.batchId })
    .from(paymentApprovals)
    .where(eq(paymentApprovals.id, approvalId));
  if (!found) throw notFound(`No approval ${approvalId}.`);
  const batch = await lockedOrNotFound(tx, found.batchId);
  const [approval] = await tx.select().from(paymentApprovals).where(eq(paymentApprovals.id, approvalId));
  if (!approval) throw notFound(`No approval ${approvalId}.`);
  const action = decision === 'approved' ? 'approved' : 'rejected';
  if (batch.status !== 'pending_approval' || approval.status !== 'pending') {
    throw illegalTransition(batch, action);
  }
  const { actor, roles } = userOf(request);
  if (actor.id === approval.submitter) {
    throw new ProblemError(
      403,
      problemTypes.forbidden,
      'Own batch',
      `${actor.id} submitted batch ${batch.id} and can never decide on it; another approver must.`,
    );
  }
  const decisions = await tx
    .select()
    .from(paymentApprovalDecisions)
    .where(eq(paymentApprovalDecisions.approvalId, approvalId));
  if (decisions.some((d) => d.approver === actor.id)) {
    throw new ProblemError(
      409,
      problemTypes.conflict,
      'Already decided',
      `${actor.id} has already decided on batch ${batch.id}; an approver decides once.`,
    );
  }
  const approvals = decisions.filter((d) => d.decision === 'approved');
  const role = approval.requiredRole;
  const roleMet = role === null || approvals.some((d) => d.roles.includes(role)) || roles.includes(role);
  if (decision === 'approved' && approvals.length + 1 >= approval.requiredApprovals && !roleMet) {
    throw new ProblemError(
      403,
      problemTypes.forbidden,
      'Role required',
      `Batch ${batch.id} needs an approver with the role ${role ?? ''} among its ${approval.requiredApprovals}; the last approval must come from one.`,
    );
  }
  await tx.insert(paymentApprovalDecisions).values({
    tenantId: batch.tenantId,
    approvalId,
    approver: actor.id,
    approverName: actor.name,
    roles,
    decision,
    reason,
  });
  if (decision === 'rejected') {
    await tx.update(paymentApprovals).set({ status: 'rejected' }).where(eq(paymentApprovals.id, approvalId));
    return moveBatch(tx, batch, 'rejected', actor, { reason, action: 'rejected' });
  }
  if (approvals.length + 1 >= approval.requiredApprovals) {
    await tx.update(paymentApprovals).set({ status: 'approved' }).where(eq(paymentApprovals.id, approvalId));
    return moveBatch(tx, batch, 'approved', actor, { action: 'approved' });
  }
  return batch;
}
