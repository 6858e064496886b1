import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { reconciliationSettings } from '../db/schema';
import { newId } from '../ids';
import { ENGINE_ACTOR, matchView, type MatchParts } from './match-view';
import type { MatchableItem, MatchableTransaction, Proposal } from './model';

/** Matches at or above this confidence are confirmed by the engine unless the tenant chose otherwise. */
export const DEFAULT_AUTO_CONFIRM_BASIS_POINTS = 9_700;

/** Rows per statement: each statement passes one array per column, so this bounds memory, not parameters. */
const ROWS_PER_STATEMENT = 5_000;

export async function saveAutoConfirmBasisPoints(
  tx: Database,
  tenantId: string,
  basisPoints: number,
): Promise<void> {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError('the auto-confirm threshold is 0–10000 basis points');
  }
  await tx
    .insert(reconciliationSettings)
    .values({ tenantId, autoConfirmBasisPoints: basisPoints })
    .onConflictDoUpdate({
      target: reconciliationSettings.tenantId,
      set: { autoConfirmBasisPoints: basisPoints, updatedAt: new Date() },
    });
}

const textArray = (values: readonly (string | null)[]) => sql`${sql.param(values)}::text[]`;
const bigintArray = (values: readonly bigint[]) => sql`${sql.param(values.map(String))}::bigint[]`;

async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await write(rows.slice(i, i + ROWS_PER_STATEMENT));
}

export interface StoredMatches {
  proposed: number;
  autoConfirmed: number;
}

/**
 * Writes the engine's proposals in the caller's transaction: the matches and their members, the
 * transactions' reconciliation state, what auto-confirmed matches settle, and one outbox event per
 * match (`reconciliation.match.proposed`, or `.confirmed` for those the engine confirmed itself).
 * One statement per 5,000 matches: a full run over a hundred thousand stays a handful of round trips.
 */
export async function storeProposals(
  tx: Database,
  tenantId: string,
  proposals: readonly Proposal[],
  lookup: {
    transactions: ReadonlyMap<string, MatchableTransaction>;
    items: ReadonlyMap<string, MatchableItem>;
  },
  thresholdBasisPoints: number,
): Promise<StoredMatches> {
  if (proposals.length === 0) return { proposed: 0, autoConfirmed: 0 };
  const now = new Date();
  const toParts = (proposal: Proposal): MatchParts => {
    const confidenceBasisPoints = Math.round(proposal.confidence * 10_000);
    const confirmed = confidenceBasisPoints >= thresholdBasisPoints;
    return {
      id: newId('match', now.getTime()),
      status: confirmed ? 'confirmed' : 'proposed',
      confidenceBasisPoints,
      reasons: proposal.reasons,
      accountId: proposal.accountId,
      companyId: proposal.companyId,
      bookingDate: proposal.bookingDate,
      currency: proposal.currency,
      differenceMinor: proposal.differenceMinor,
      proposedAt: now,
      decidedAt: confirmed ? now : null,
      decidedBy: confirmed ? ENGINE_ACTOR : null,
      transactions: proposal.transactionIds.map((id) => {
        const t = lookup.transactions.get(id);
        if (!t) throw new Error(`proposal names unknown transaction ${id}`);
        return { id, bookingDate: t.bookingDate, amountMinor: t.amountMinor, currency: t.currency };
      }),
      items: proposal.items.map(({ openItemId, appliedMinor }) => {
        const item = lookup.items.get(openItemId);
        if (!item) throw new Error(`proposal names unknown open item ${openItemId}`);
        return {
          id: item.id,
          externalId: item.externalId,
          kind: item.kind,
          counterpartyName: item.counterpartyName,
          appliedMinor,
          currency: item.currency,
        };
      }),
    };
  };

  // Built chunk by chunk, so a full run never holds every match's public form at once.
  let autoConfirmed = 0;
  await inChunks(proposals, async (chunk) => {
    const parts = chunk.map(toParts);
    autoConfirmed += parts.filter((m) => m.status === 'confirmed').length;
    await writeChunk(tx, tenantId, parts, now);
  });
  return { proposed: proposals.length - autoConfirmed, autoConfirmed };
}

/**
 * One statement per chunk (data-modifying CTEs), so an arrival costs one round trip here: the
 * matches, their members, what auto-confirmed matches settle, the events, and the transactions'
 * state. The foreign keys between them are checked at the end of the statement.
 */
async function writeChunk(
  tx: Database,
  tenantId: string,
  chunk: readonly MatchParts[],
  now: Date,
): Promise<void> {
  const members = chunk.flatMap((m) =>
    m.transactions.map((t) => ({
      matchId: m.id,
      id: t.id,
      state: m.status === 'confirmed' ? 'reconciled' : 'proposed',
    })),
  );
  const items = chunk.flatMap((m) =>
    m.items.map((item) => ({
      matchId: m.id,
      id: item.id,
      applied: item.appliedMinor,
      pending: m.status === 'proposed',
    })),
  );
  const settled = items.filter((item) => !item.pending);
  const events = chunk.map((m) => {
    const type =
      m.status === 'confirmed' ? 'reconciliation.match.confirmed' : 'reconciliation.match.proposed';
    const id = newId('event', now.getTime());
    return {
      id,
      type,
      payload: JSON.stringify({ id, type, created_at: now.toISOString(), data: matchView(m) }),
    };
  });
  const at = sql`${now.toISOString()}::timestamptz`;
  await tx.execute(sql`
    with new_matches as (
      insert into reconciliation_matches (id, tenant_id, status, confidence_basis_points, reasons, account_id,
        company_id, booking_date, currency, difference_minor, proposed_at, decided_at, decided_by)
      select id, ${tenantId}, status, bp, reasons::jsonb, account_id, company_id, booking_date::date, currency,
        difference_minor, ${at}, decided_at::timestamptz, decided_by::jsonb
      from unnest(${textArray(chunk.map((m) => m.id))}, ${textArray(chunk.map((m) => m.status))},
        ${sql.param(chunk.map((m) => m.confidenceBasisPoints))}::int[],
        ${textArray(chunk.map((m) => JSON.stringify(m.reasons)))},
        ${textArray(chunk.map((m) => m.accountId))}, ${textArray(chunk.map((m) => m.companyId))},
        ${textArray(chunk.map((m) => m.bookingDate))}, ${textArray(chunk.map((m) => m.currency))},
        ${bigintArray(chunk.map((m) => m.differenceMinor))},
        ${textArray(chunk.map((m) => m.decidedAt?.toISOString() ?? null))},
        ${textArray(chunk.map((m) => (m.decidedBy ? JSON.stringify(m.decidedBy) : null)))})
        as t(id, status, bp, reasons, account_id, company_id, booking_date, currency, difference_minor,
          decided_at, decided_by)
      returning 1
    ), new_members as (
      insert into reconciliation_match_transactions (tenant_id, match_id, transaction_id)
      select ${tenantId}, match_id, transaction_id
      from unnest(${textArray(members.map((r) => r.matchId))}, ${textArray(members.map((r) => r.id))})
        as t(match_id, transaction_id)
      returning 1
    ), new_items as (
      insert into reconciliation_match_items (tenant_id, match_id, open_item_id, applied_minor, pending)
      select ${tenantId}, match_id, open_item_id, applied_minor, pending
      from unnest(${textArray(items.map((r) => r.matchId))}, ${textArray(items.map((r) => r.id))},
        ${bigintArray(items.map((r) => r.applied))}, ${sql.param(items.map((r) => r.pending))}::boolean[])
        as t(match_id, open_item_id, applied_minor, pending)
      returning 1
    ), settled_items as (
      update open_items set settled_minor = open_items.settled_minor + s.applied,
        status = case when open_items.settled_minor + s.applied >= open_items.amount_minor then 'settled' else 'open' end
      from unnest(${textArray(settled.map((r) => r.id))}, ${bigintArray(settled.map((r) => r.applied))})
        as s(id, applied)
      where open_items.id = s.id and open_items.tenant_id = ${tenantId}
      returning 1
    ), new_events as (
      -- The envelope recordEvent (src/api/webhooks/events.ts) writes, for many events at once.
      insert into outbox (id, tenant_id, type, payload, created_at)
      select id, ${tenantId}, type, payload::jsonb, ${at}
      from unnest(${textArray(events.map((e) => e.id))}, ${textArray(events.map((e) => e.type))},
        ${textArray(events.map((e) => e.payload))}) as t(id, type, payload)
      returning 1
    )
    update transactions set reconciliation_state = s.state
    from unnest(${textArray(members.map((r) => r.id))}, ${textArray(members.map((r) => r.state))}) as s(id, state)
    where transactions.id = s.id and transactions.tenant_id = ${tenantId}`);
}

/** Adds what confirmed matches apply to their items; an item whose whole amount is applied is settled. */
export async function settleItems(
  tx: Database,
  tenantId: string,
  applied: readonly { id: string; applied: bigint }[],
): Promise<void> {
  if (applied.length === 0) return;
  await tx.execute(sql`
    update open_items set settled_minor = open_items.settled_minor + s.applied,
      status = case when open_items.settled_minor + s.applied >= open_items.amount_minor then 'settled' else 'open' end
    from unnest(${textArray(applied.map((r) => r.id))}, ${bigintArray(applied.map((r) => r.applied))}) as s(id, applied)
    where open_items.id = s.id and open_items.tenant_id = ${tenantId}`);
}
