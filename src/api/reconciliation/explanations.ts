import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema } from '../../contract/ids';
import { reconciliationState } from '../../contract/ledger';
import { problemTypes } from '../../contract/problem';
import type {
  ExplainTransactionBody,
  ExplanationReason,
  ListExplanationsQuery,
  ReopenedTransaction,
  TransactionExplanation,
  TransactionExplanationList,
} from '../../contract/reconciliation-explanations';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { bankAccounts, transactionExplanations, transactions } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { notFound, ProblemError } from '../http/problem';
import { requireOwned, toPage, wireMoney } from '../repositories/ledger-common';
import { lockTenant, reconcileArrivals } from './engine';
import type { MatchActor } from './match-view';

const EXPLANATION_CURSOR = 'transaction_explanations';
/** Newest first: the instant as the database holds it (microseconds, UTC), then the transaction id. */
const explanationCursorKey = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
  idSchema('transaction'),
]);

function conflict(detail: string): ProblemError {
  return new ProblemError(409, problemTypes.conflict, 'Conflict', detail);
}

interface ExplanationRow {
  transaction_id: string;
  account_id: string;
  booking_date: string;
  amount_minor: string;
  currency: string;
  counterparty_name: string | null;
  reason: string;
  note: string | null;
  explained_by_type: MatchActor['type'];
  explained_by_id: string;
  explained_by_name: string | null;
  explained_at: string;
}

/** The explanations of `tenantId` that `where` picks, with their transactions, newest first. */
function selectExplanations(tenantId: string, where: SQL, limit: number): SQL {
  return sql`select e.transaction_id, t.account_id, t.booking_date::text as booking_date,
      t.amount_minor::text as amount_minor, t.currency, t.counterparty_name, e.reason, e.note,
      e.explained_by_type, e.explained_by_id, e.explained_by_name,
      to_char(e.explained_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as explained_at
    from transaction_explanations e
    join transactions t on t.id = e.transaction_id and t.tenant_id = ${tenantId}
    where e.tenant_id = ${tenantId} and ${where}
    order by e.explained_at desc, e.transaction_id desc
    limit ${limit}`;
}

function explanationView(row: ExplanationRow): TransactionExplanation {
  return {
    transaction_id: row.transaction_id,
    account_id: row.account_id,
    booking_date: row.booking_date,
    amount: wireMoney(BigInt(row.amount_minor), row.currency),
    counterparty_name: row.counterparty_name,
    reason: row.reason as ExplanationReason,
    note: row.note,
    explained_by: { type: row.explained_by_type, id: row.explained_by_id, name: row.explained_by_name },
    explained_at: row.explained_at,
  };
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
  await tx.insert(transactionExplanations).values({
    tenantId,
    transactionId,
    reason: body.reason,
    note: body.note ?? null,
    explainedByType: actor.type,
    explainedById: actor.id,
    explainedByName: actor.name,
  });
  const [row] = await selectRows<ExplanationRow>(
    tx,
    selectExplanations(tenantId, sql`e.transaction_id = ${transactionId}`, 1),
  );
  if (!row) throw new Error('the explanation was not written');
  return explanationView(row);
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
  return { transaction_id: transactionId, reconciliation_state: reconciliationState.parse(now?.state) };
}

/** What people reconciled without a match, newest first. */
export async function listExplanations(
  tx: Database,
  tenantId: string,
  query: ListExplanationsQuery,
): Promise<TransactionExplanationList> {
  await requireOwned(tx, bankAccounts, tenantId, query.account_id, 'account_id');
  const conditions: SQL[] = [sql`true`];
  if (query.reason !== undefined) conditions.push(sql`e.reason = ${query.reason}`);
  if (query.account_id !== undefined) conditions.push(sql`t.account_id = ${query.account_id}`);
  if (query.cursor !== undefined) {
    const [at, id] = decodeCursor(EXPLANATION_CURSOR, explanationCursorKey, query.cursor);
    conditions.push(sql`(e.explained_at, e.transaction_id) < (${at}::timestamptz, ${id})`);
  }
  const rows = await selectRows<ExplanationRow>(
    tx,
    selectExplanations(tenantId, sql.join(conditions, sql` and `), query.limit + 1),
  );
  return toPage(rows, query.limit, explanationView, (row) =>
    encodeCursor(EXPLANATION_CURSOR, [row.explained_at, row.transaction_id]),
  );
}
