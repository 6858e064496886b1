import { and, eq } from 'drizzle-orm';
import { reconciliationState } from '../../contract/ledger';
import { problemTypes } from '../../contract/problem';
import type {
  ExplainTransactionBody,
  ExplanationReason,
  ReopenedTransaction,
  TransactionExplanation,
} from '../../contract/reconciliation-explanations';
import type { Database } from '../db/client';
import { transactionExplanations, transactions } from '../db/schema';
import { notFound, ProblemError } from '../http/problem';
import { lockTenant, reconcileArrivals } from './engine';
import type { MatchActor } from './match-view';

function conflict(detail: string): ProblemError {
  return new ProblemError(409, problemTypes.conflict, 'Conflict', detail);
}

/** The transaction's reconciliation state, locked until the caller's transaction ends; 404 when not the tenant's. */
async function lockedState(tx: Database, tenantId: string, transactionId: string): Promise<string> {
  // The engine takes this lock for a run: no run can propose the transaction while it is being explained.
  await lockTenant(tx, tenantId);
  const [row] = await tx
    .select({ state: transactions.reconciliationState })
    .from(transactions)
    .where(and(eq(transactions.tenantId, tenantId), eq(transactions.id, transactionId)))
    .for('update');
  if (!row) throw notFound(`No transaction ${transactionId}.`);
  return row.state;
}

/** Reconciles an unreconciled transaction without a match, keeping why and who said so. */
export async function explainTransaction(
  tx: Database,
  tenantId: string,
  transactionId: string,
  body: ExplainTransactionBody,
  actor: MatchActor,
): Promise<TransactionExplanation> {
  const state = await lockedState(tx, tenantId, transactionId);
  if (state === 'proposed') {
    throw conflict(`Transaction ${transactionId} is in a proposed match: confirm or reject that first.`);
  }
  if (state !== 'unreconciled') throw conflict(`Transaction ${transactionId} is already ${state}.`);
  await tx
    .update(transactions)
    .set({ reconciliationState: 'reconciled' })
    .where(and(eq(transactions.tenantId, tenantId), eq(transactions.id, transactionId)));
  const [saved] = await tx
    .insert(transactionExplanations)
    .values({
      tenantId,
      transactionId,
      reason: body.reason,
      note: body.note ?? null,
      explainedByType: actor.type,
      explainedById: actor.id,
      explainedByName: actor.name,
    })
    .returning();
  if (!saved) throw new Error('the explanation was not written');
  return {
    transaction_id: saved.transactionId,
    reason: saved.reason as ExplanationReason,
    note: saved.note,
    explained_by: { type: actor.type, id: actor.id, name: actor.name },
    explained_at: saved.explainedAt.toISOString(),
  };
}

/** Takes an explanation back: the transaction is unreconciled again and the engine looks for its counterpart. */
export async function reopenTransaction(
  tx: Database,
  tenantId: string,
  transactionId: string,
): Promise<ReopenedTransaction> {
  await lockedState(tx, tenantId, transactionId);
  const removed = await tx
    .delete(transactionExplanations)
    .where(
      and(
        eq(transactionExplanations.tenantId, tenantId),
        eq(transactionExplanations.transactionId, transactionId),
      ),
    )
    .returning({ id: transactionExplanations.transactionId });
  if (removed.length === 0) {
    throw conflict(`Transaction ${transactionId} is not reconciled by an explanation.`);
  }
  await tx
    .update(transactions)
    .set({ reconciliationState: 'unreconciled' })
    .where(and(eq(transactions.tenantId, tenantId), eq(transactions.id, transactionId)));
  await reconcileArrivals(tx, tenantId, { transactionIds: [transactionId] });
  const [now] = await tx
    .select({ state: transactions.reconciliationState })
    .from(transactions)
    .where(and(eq(transactions.tenantId, tenantId), eq(transactions.id, transactionId)));
  return {
    transaction_id: transactionId,
    reconciliation_state: reconciliationState.parse(now?.state),
  };
}
