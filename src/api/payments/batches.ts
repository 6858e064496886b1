import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { isCurrency } from '../../banking/currency';
import type { IsoDate } from '../../banking/dates';
import { convert, formatAmount } from '../../banking/money';
import type { PaymentBatch, PaymentBatchStatus, PaymentBatchSummary } from '../../contract/payments';
import { problemTypes } from '../../contract/problem';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import {
  bankAccounts,
  paymentApprovalDecisions,
  paymentApprovals,
  paymentBatchEvents,
  paymentBatches,
  paymentLines,
} from '../db/schema';
import { ProblemError } from '../http/problem';
import { newId } from '../ids';
import { recordEvent } from '../webhooks/events';
import type { NormalisedLine } from './validation';

export interface Actor {
  type: 'user' | 'client' | 'bank';
  id: string;
  name: string | null;
}

export type BatchRow = typeof paymentBatches.$inferSelect;
export type LineRow = typeof paymentLines.$inferSelect;
export type ApprovalRow = typeof paymentApprovals.$inferSelect;

/** The only legal moves of the state machine. */
const TRANSITIONS: Record<PaymentBatchStatus, readonly PaymentBatchStatus[]> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['pending_approval', 'cancelled'],
  pending_approval: ['approved', 'rejected', 'cancelled'],
  approved: ['sent_to_bank', 'cancelled'],
  sent_to_bank: ['accepted', 'rejected'],
  accepted: ['executed', 'rejected'],
  executed: [],
  rejected: [],
  cancelled: [],
};

export function canMove(from: string, to: PaymentBatchStatus): boolean {
  return (TRANSITIONS[from as PaymentBatchStatus] ?? []).includes(to);
}

/** 409 naming the batch's current state. */
export function illegalTransition(batch: { id: string; status: string }, action: string): ProblemError {
  return new ProblemError(
    409,
    problemTypes.conflict,
    'Illegal state transition',
    `Batch ${batch.id} is ${batch.status}; it cannot be ${action}.`,
  );
}

/** Who did it: the acting user when the client names one, else the API client itself. */
export function actorOf(request: FastifyRequest): Actor {
  const auth = request.auth;
  if (!auth) throw new Error('payments need an authenticated client');
  return auth.actingUser
    ? { type: 'user', id: auth.actingUser, name: auth.actingUserName }
    : { type: 'client', id: auth.clientId, name: null };
}

/** The acting user, or 400: decisions of people need a person. */
export function requireActingUser(request: FastifyRequest): void {
  if (request.auth?.actingUser) return;
  throw new ProblemError(
    400,
    problemTypes.validation,
    'Acting user required',
    'This write is a decision of a person: name them in the Finvis-Acting-User header (a printable ASCII subject).',
    [{ path: '/headers/finvis-acting-user', message: 'required' }],
  );
}

/** The batch row, locked for the rest of the transaction (every transition goes through here). */
export async function lockBatch(tx: Database, id: string): Promise<BatchRow | undefined> {
  const [row] = await tx.select().from(paymentBatches).where(eq(paymentBatches.id, id)).for('update');
  return row;
}

/**
 * Moves a locked batch to `to`: checks the move is legal, writes the history row (actor, time) and
 * the `payment.status.updated` outbox event, all in the caller's transaction.
 */
export async function moveBatch(
  tx: Database,
  batch: BatchRow,
  to: PaymentBatchStatus,
  actor: Actor,
  options: {
    reason?: string | null;
    action?: string;
    set?: Partial<typeof paymentBatches.$inferInsert>;
  } = {},
): Promise<BatchRow> {
  if (!canMove(batch.status, to)) throw illegalTransition(batch, options.action ?? `moved to ${to}`);
  const now = new Date();
  const reason = options.reason ?? null;
  const [updated] = await tx
    .update(paymentBatches)
    .set({
      ...options.set,
      status: to,
      updatedAt: now,
      ...(to === 'rejected' ? { rejectionReason: reason } : {}),
    })
    .where(and(eq(paymentBatches.id, batch.id), eq(paymentBatches.status, batch.status)))
    .returning();
  // The row is locked, so the conditional update cannot miss; this guards the lock's absence.
  if (!updated) throw illegalTransition(batch, options.action ?? `moved to ${to}`);
  await tx.insert(paymentBatchEvents).values({
    tenantId: batch.tenantId,
    batchId: batch.id,
    fromStatus: batch.status,
    toStatus: to,
    actor,
    reason,
    createdAt: now,
  });
  const summary = await summaryOf(tx, batch.id);
  if (summary) await recordEvent(tx, batch.tenantId, 'payment.status.updated', summary, now);
  return updated;
}

/** Stores a new draft batch and its lines. */
export async function insertBatch(
  tx: Database,
  input: {
    tenantId: string;
    account: { id: string; companyId: string };
    label: string | null;
    lines: NormalisedLine[];
    actor: Actor;
  },
): Promise<string> {
  const id = newId('batch');
  const dates = input.lines.map((line) => line.executionDate).sort();
  const now = new Date();
  await tx.insert(paymentBatches).values({
    id,
    tenantId: input.tenantId,
    debtorAccountId: input.account.id,
    companyId: input.account.companyId,
    label: input.label,
    status: 'draft',
    paymentCount: input.lines.length,
    firstExecutionDate: dates[0] ?? '',
    lastExecutionDate: dates.at(-1) ?? '',
    createdBy: input.actor,
    createdAt: now,
    updatedAt: now,
  });
  const rows = input.lines.map((line) => {
    const lineId = newId('payment');
    return {
      id: lineId,
      tenantId: input.tenantId,
      batchId: id,
      position: line.position,
      creditorName: line.creditorName,
      creditorKind: line.creditorKind,
      creditorAccount: line.creditorAccount,
      creditorClearing: line.creditorClearing,
      creditorBic: line.creditorBic,
      amountMinor: line.amountMinor,
      currency: line.currency,
      executionDate: line.executionDate,
      ocr: line.ocr,
      message: line.message,
      endToEndId: line.endToEndId ?? lineId,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await tx.insert(paymentLines).values(rows.slice(i, i + 500));
  await tx.insert(paymentBatchEvents).values({
    tenantId: input.tenantId,
    batchId: id,
    fromStatus: null,
    toStatus: 'draft',
    actor: input.actor,
    createdAt: now,
  });
  return id;
}

export async function batchLines(tx: Database, batchId: string): Promise<LineRow[]> {
  return tx
    .select()
    .from(paymentLines)
    .where(eq(paymentLines.batchId, batchId))
    .orderBy(asc(paymentLines.position));
}

export function totalsByCurrency(
  lines: readonly { amountMinor: bigint; currency: string }[],
): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const line of lines) totals.set(line.currency, (totals.get(line.currency) ?? 0n) + line.amountMinor);
  return totals;
}

function wire(minor: bigint, currency: string) {
  return { amount: isCurrency(currency) ? formatAmount(minor, currency) : String(minor), currency };
}

/** The total in SEK at the latest reference rate on or before `today`; 409 when a rate is missing. */
export async function totalInSek(tx: Database, totals: Map<string, bigint>, today: IsoDate): Promise<bigint> {
  let sum = 0n;
  for (const [currency, minor] of totals) {
    if (currency === 'SEK') {
      sum += minor;
      continue;
    }
    const [rate] = await selectRows<{ sek_per_unit: string }>(
      tx,
      sql`select sek_per_unit::text as sek_per_unit from fx_rates where currency = ${currency} and rate_date <= ${today} order by rate_date desc limit 1`,
    );
    if (!rate || !isCurrency(currency)) {
      throw new ProblemError(
        409,
        problemTypes.conflict,
        'No reference rate',
        `No ${currency} reference rate is published on or before ${today}, so the batch total in SEK (which the approval policy needs) is unknown.`,
      );
    }
    sum += convert(minor, currency, 'SEK', rate.sek_per_unit);
  }
  return sum;
}

/**
 * Marks each line whether it is the first payment to its creditor account (no other batch that
 * reached `approved` or beyond paid that kind and number), in one statement; returns how many
 * distinct creditor accounts are paid for the first time.
 */
export async function markFirstPayments(tx: Database, batchId: string): Promise<number> {
  // Per distinct creditor account of the batch (not per line), so 5,000 lines to one account stay cheap.
  await tx.execute(sql`
    with accounts as materialized (
      select distinct creditor_kind, creditor_account from payment_lines where batch_id = ${batchId}
    ), paid as materialized (
      select a.creditor_kind, a.creditor_account from accounts a
      where exists (
        select 1 from payment_lines p join payment_batches b on b.id = p.batch_id
        where p.creditor_kind = a.creditor_kind and p.creditor_account = a.creditor_account
          and p.batch_id <> ${batchId}
          and b.status in ('approved', 'sent_to_bank', 'accepted', 'executed'))
    )
    update payment_lines l set first_payment = not exists (
      select 1 from paid where paid.creditor_kind = l.creditor_kind and paid.creditor_account = l.creditor_account)
    where l.batch_id = ${batchId}`);
  const [row] = await selectRows<{ n: number }>(
    tx,
    sql`select count(distinct (creditor_kind, creditor_account))::int as n from payment_lines
        where batch_id = ${batchId} and first_payment`,
  );
  return row?.n ?? 0;
}

function isoTime(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

function actorView(value: { type: string; id: string; name: string | null }) {
  return { type: value.type as Actor['type'], id: value.id, name: value.name };
}

export function toSummary(batch: BatchRow, totals: Map<string, bigint>): PaymentBatchSummary {
  return {
    id: batch.id,
    status: batch.status as PaymentBatchStatus,
    label: batch.label,
    debtor_account_id: batch.debtorAccountId,
    company_id: batch.companyId,
    payment_count: batch.paymentCount,
    totals: [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, m]) => wire(m, c)),
    total_sek: batch.totalSekMinor === null ? null : wire(batch.totalSekMinor, 'SEK'),
    first_execution_date: batch.firstExecutionDate,
    last_execution_date: batch.lastExecutionDate,
    created_by: actorView(batch.createdBy),
    submitted_by: batch.submittedBy ? actorView(batch.submittedBy) : null,
    submitted_at: isoTime(batch.submittedAt),
    rejection_reason: batch.rejectionReason,
    created_at: batch.createdAt.toISOString(),
    updated_at: batch.updatedAt.toISOString(),
  };
}

async function approvalView(tx: Database, approval: ApprovalRow, totalSekMinor: bigint | null) {
  const decisions = await tx
    .select()
    .from(paymentApprovalDecisions)
    .where(eq(paymentApprovalDecisions.approvalId, approval.id))
    .orderBy(asc(paymentApprovalDecisions.decidedAt), asc(paymentApprovalDecisions.approver));
  return {
    id: approval.id,
    batch_id: approval.batchId,
    status: approval.status as 'pending' | 'approved' | 'rejected' | 'cancelled',
    required_approvals: approval.requiredApprovals,
    required_role: approval.requiredRole,
    approvals_received: decisions.filter((d) => d.decision === 'approved').length,
    total_sek: wire(totalSekMinor ?? 0n, 'SEK'),
    decisions: decisions.map((d) => ({
      decision: d.decision as 'approved' | 'rejected',
      approver: { type: 'user' as const, id: d.approver, name: d.approverName },
      roles: d.roles,
      reason: d.reason,
      decided_at: d.decidedAt.toISOString(),
    })),
    created_at: approval.createdAt.toISOString(),
  };
}

/** The whole batch as the API shows it: lines, totals per currency, history and approval. */
export async function batchView(tx: Database, batchId: string): Promise<PaymentBatch | null> {
  const [batch] = await tx.select().from(paymentBatches).where(eq(paymentBatches.id, batchId));
  if (!batch) return null;
  const lines = await batchLines(tx, batchId);
  const events = await tx
    .select()
    .from(paymentBatchEvents)
    .where(eq(paymentBatchEvents.batchId, batchId))
    .orderBy(asc(paymentBatchEvents.id));
  const [approval] = await tx.select().from(paymentApprovals).where(eq(paymentApprovals.batchId, batchId));
  return {
    ...toSummary(batch, totalsByCurrency(lines)),
    payments: lines.map((line) => ({
      id: line.id,
      position: line.position,
      creditor: {
        name: line.creditorName,
        kind: line.creditorKind as 'bankgiro' | 'plusgiro' | 'account' | 'iban',
        ...(line.creditorKind === 'bankgiro' ? { bankgiro: line.creditorAccount } : {}),
        ...(line.creditorKind === 'plusgiro' ? { plusgiro: line.creditorAccount } : {}),
        ...(line.creditorKind === 'account'
          ? {
              account: {
                clearing: line.creditorClearing ?? '',
                number: line.creditorAccount.slice((line.creditorClearing ?? '').length),
              },
            }
          : {}),
        ...(line.creditorKind === 'iban' ? { iban: line.creditorAccount } : {}),
        ...(line.creditorBic ? { bic: line.creditorBic } : {}),
      },
      amount: wire(line.amountMinor, line.currency),
      execution_date: line.executionDate,
      remittance: {
        ...(line.ocr !== null ? { ocr: line.ocr } : {}),
        ...(line.message !== null ? { message: line.message } : {}),
      },
      end_to_end_id: line.endToEndId,
      status: line.status as 'pending' | 'executed' | 'rejected',
      rejection_reason: line.rejectionReason,
      transaction_id: line.transactionId,
      first_payment_to_creditor: line.firstPayment,
    })),
    history: events.map((event) => ({
      from: event.fromStatus as PaymentBatchStatus | null,
      to: event.toStatus as PaymentBatchStatus,
      actor: actorView(event.actor),
      reason: event.reason,
      at: event.createdAt.toISOString(),
    })),
    approval: approval ? await approvalView(tx, approval, batch.totalSekMinor) : null,
  };
}

/** Totals per currency of many batches at once (for lists). */
async function totalsOf(tx: Database, batchIds: string[]): Promise<Map<string, Map<string, bigint>>> {
  const result = new Map<string, Map<string, bigint>>();
  if (batchIds.length === 0) return result;
  const rows = await tx
    .select({
      batchId: paymentLines.batchId,
      currency: paymentLines.currency,
      total: sql<string>`sum(${paymentLines.amountMinor})::text`,
    })
    .from(paymentLines)
    .where(inArray(paymentLines.batchId, batchIds))
    .groupBy(paymentLines.batchId, paymentLines.currency);
  for (const row of rows) {
    const totals = result.get(row.batchId) ?? new Map<string, bigint>();
    totals.set(row.currency, BigInt(row.total));
    result.set(row.batchId, totals);
  }
  return result;
}

export async function listBatches(
  tx: Database,
  filter: {
    status?: string | undefined;
    account?: string | undefined;
    company?: string | undefined;
    date?: string | undefined;
    before: string | null;
    limit: number;
  },
): Promise<PaymentBatchSummary[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(paymentBatches.status, filter.status));
  if (filter.account) conditions.push(eq(paymentBatches.debtorAccountId, filter.account));
  if (filter.company) conditions.push(eq(paymentBatches.companyId, filter.company));
  if (filter.date) {
    conditions.push(
      sql`exists (select 1 from ${paymentLines} where ${paymentLines.batchId} = ${paymentBatches.id} and ${paymentLines.executionDate} = ${filter.date})`,
    );
  }
  if (filter.before) conditions.push(lt(paymentBatches.id, filter.before));
  const rows = await tx
    .select()
    .from(paymentBatches)
    .where(and(...conditions))
    .orderBy(desc(paymentBatches.id))
    .limit(filter.limit);
  const totals = await totalsOf(
    tx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSummary(row, totals.get(row.id) ?? new Map<string, bigint>()));
}

export async function summaryOf(tx: Database, batchId: string): Promise<PaymentBatchSummary | null> {
  const [row] = await tx.select().from(paymentBatches).where(eq(paymentBatches.id, batchId));
  if (!row) return null;
  const totals = await totalsOf(tx, [batchId]);
  return toSummary(row, totals.get(batchId) ?? new Map<string, bigint>());
}

export { approvalView };

/** The creditors receiving the most in a batch (summed by name and currency), largest first. */
export async function largestCreditors(
  tx: Database,
  batchId: string,
  limit: number,
): Promise<{ name: string; amount: { amount: string; currency: string } }[]> {
  const total = sql<string>`sum(${paymentLines.amountMinor})`;
  const rows = await tx
    .select({
      name: paymentLines.creditorName,
      currency: paymentLines.currency,
      total: sql<string>`${total}::text`,
    })
    .from(paymentLines)
    .where(eq(paymentLines.batchId, batchId))
    .groupBy(paymentLines.creditorName, paymentLines.currency)
    .orderBy(desc(total), asc(paymentLines.creditorName))
    .limit(limit);
  return rows.map((row) => ({ name: row.name, amount: wire(BigInt(row.total), row.currency) }));
}

export async function findAccount(tx: Database, id: string) {
  const [row] = await tx.select().from(bankAccounts).where(eq(bankAccounts.id, id));
  return row;
}
