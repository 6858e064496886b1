import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { reconciliationSettings } from '../db/schema';
import { newIds } from '../ids';
import { wireMoney } from '../repositories/ledger-common';
import { ENGINE_ACTOR } from './match-view';
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
 * One statement per ROWS_PER_STATEMENT matches: a full run over a hundred thousand stays a handful
 * of round trips.
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
  let autoConfirmed = 0;
  await inChunks(proposals, async (chunk) => {
    const columns = toColumns(chunk, lookup, thresholdBasisPoints, now);
    autoConfirmed += columns.autoConfirmed;
    await writeChunk(tx, tenantId, columns, now);
  });
  return { proposed: proposals.length - autoConfirmed, autoConfirmed };
}

/** One array per column: what a chunk's statement takes, built without an object per row. */
interface Columns {
  autoConfirmed: number;
  match: {
    id: string[];
    eventId: string[];
    status: string[];
    basisPoints: number[];
    reasons: string[];
    accountId: string[];
    companyId: string[];
    bookingDate: string[];
    currency: string[];
    differenceMinor: string[];
    difference: string[];
  };
  member: {
    matchId: string[];
    id: string[];
    state: string[];
    bookingDate: string[];
    amount: string[];
    currency: string[];
  };
  item: {
    matchId: string[];
    id: string[];
    appliedMinor: string[];
    applied: string[];
    pending: boolean[];
    externalId: string[];
    kind: string[];
    counterpartyName: string[];
    currency: string[];
  };
}

function toColumns(
  proposals: readonly Proposal[],
  lookup: {
    transactions: ReadonlyMap<string, MatchableTransaction>;
    items: ReadonlyMap<string, MatchableItem>;
  },
  thresholdBasisPoints: number,
  now: Date,
): Columns {
  const columns: Columns = {
    autoConfirmed: 0,
    match: {
      id: [],
      eventId: [],
      status: [],
      basisPoints: [],
      reasons: [],
      accountId: [],
      companyId: [],
      bookingDate: [],
      currency: [],
      differenceMinor: [],
      difference: [],
    },
    member: { matchId: [], id: [], state: [], bookingDate: [], amount: [], currency: [] },
    item: {
      matchId: [],
      id: [],
      appliedMinor: [],
      applied: [],
      pending: [],
      externalId: [],
      kind: [],
      counterpartyName: [],
      currency: [],
    },
  };
  const { match, member, item: itemColumns } = columns;
  const ids = newIds('match', proposals.length, now.getTime());
  const eventIds = newIds('event', proposals.length, now.getTime());
  proposals.forEach((proposal, i) => {
    const id = ids[i] ?? '';
    const basisPoints = Math.round(proposal.confidence * 10_000);
    const confirmed = basisPoints >= thresholdBasisPoints;
    if (confirmed) columns.autoConfirmed += 1;
    match.id.push(id);
    match.eventId.push(eventIds[i] ?? '');
    match.status.push(confirmed ? 'confirmed' : 'proposed');
    match.basisPoints.push(basisPoints);
    match.reasons.push(JSON.stringify(proposal.reasons));
    match.accountId.push(proposal.accountId);
    match.companyId.push(proposal.companyId);
    match.bookingDate.push(proposal.bookingDate);
    match.currency.push(proposal.currency);
    match.differenceMinor.push(proposal.differenceMinor.toString());
    match.difference.push(wireMoney(proposal.differenceMinor, proposal.currency).amount);
    for (const transactionId of proposal.transactionIds) {
      const t = lookup.transactions.get(transactionId);
      if (!t) throw new Error(`proposal names unknown transaction ${transactionId}`);
      member.matchId.push(id);
      member.id.push(transactionId);
      member.state.push(confirmed ? 'reconciled' : 'proposed');
      member.bookingDate.push(t.bookingDate);
      member.amount.push(wireMoney(t.amountMinor, t.currency).amount);
      member.currency.push(t.currency);
    }
    for (const { openItemId, appliedMinor } of proposal.items) {
      const item = lookup.items.get(openItemId);
      if (!item) throw new Error(`proposal names unknown open item ${openItemId}`);
      itemColumns.matchId.push(id);
      itemColumns.id.push(openItemId);
      itemColumns.appliedMinor.push(appliedMinor.toString());
      itemColumns.applied.push(wireMoney(appliedMinor, item.currency).amount);
      itemColumns.pending.push(!confirmed);
      itemColumns.externalId.push(item.externalId);
      itemColumns.kind.push(item.kind);
      itemColumns.counterpartyName.push(item.counterpartyName);
      itemColumns.currency.push(item.currency);
    }
  });
  return columns;
}

/**
 * One statement per chunk (data-modifying CTEs), so an arrival costs one round trip here: the
 * matches, their members, what auto-confirmed matches settle, the events, and the transactions'
 * state. The events are built by the database from the same arrays as the matches (the public match
 * object of matchView, in the envelope recordEvents writes), so no payload crosses the wire twice.
 * The foreign keys between them are checked at the end of the statement.
 */
async function writeChunk(tx: Database, tenantId: string, columns: Columns, now: Date): Promise<void> {
  const { match, member, item } = columns;
  const at = sql`${now.toISOString()}::text`;
  const engine = JSON.stringify(ENGINE_ACTOR);
  await tx.execute(sql`
    with match_rows as materialized (
      select * from unnest(${textArray(match.id)}, ${textArray(match.eventId)}, ${textArray(match.status)},
        ${sql.param(match.basisPoints)}::int[], ${textArray(match.reasons)}::jsonb[],
        ${textArray(match.accountId)}, ${textArray(match.companyId)}, ${textArray(match.bookingDate)},
        ${textArray(match.currency)}, ${textArray(match.differenceMinor)}::bigint[],
        ${textArray(match.difference)})
        as t(id, event_id, status, bp, reasons, account_id, company_id, booking_date, currency,
          difference_minor, difference)
    ), member_rows as materialized (
      select * from unnest(${textArray(member.matchId)}, ${textArray(member.id)}, ${textArray(member.state)},
        ${textArray(member.bookingDate)}, ${textArray(member.amount)}, ${textArray(member.currency)})
        with ordinality as t(match_id, id, state, booking_date, amount, currency, ord)
    ), item_rows as materialized (
      select * from unnest(${textArray(item.matchId)}, ${textArray(item.id)},
        ${textArray(item.appliedMinor)}::bigint[], ${textArray(item.applied)},
        ${sql.param(item.pending)}::boolean[], ${textArray(item.externalId)}, ${textArray(item.kind)},
        ${textArray(item.counterpartyName)}, ${textArray(item.currency)})
        with ordinality as t(match_id, id, applied_minor, applied, pending, external_id, kind,
          counterparty_name, currency, ord)
    ), new_matches as (
      insert into reconciliation_matches (id, tenant_id, status, confidence_basis_points, reasons, account_id,
        company_id, booking_date, currency, difference_minor, proposed_at, decided_at, decided_by)
      select id, ${tenantId}, status, bp, reasons, account_id, company_id, booking_date::date, currency,
        difference_minor, ${at}::timestamptz,
        case when status = 'confirmed' then ${at}::timestamptz end,
        case when status = 'confirmed' then ${engine}::jsonb end
      from match_rows
    ), new_members as (
      insert into reconciliation_match_transactions (tenant_id, match_id, transaction_id)
      select ${tenantId}, match_id, id from member_rows
    ), new_items as (
      insert into reconciliation_match_items (tenant_id, match_id, open_item_id, applied_minor, pending)
      select ${tenantId}, match_id, id, applied_minor, pending from item_rows
    ), settled_items as (
      update open_items set settled_minor = open_items.settled_minor + s.applied_minor,
        status = case when open_items.settled_minor + s.applied_minor >= open_items.amount_minor then 'settled' else 'open' end
      from item_rows s
      where not s.pending and open_items.id = s.id and open_items.tenant_id = ${tenantId}
    ), member_views as (
      select match_id, jsonb_agg(jsonb_build_object('id', id, 'booking_date', booking_date,
          'amount', jsonb_build_object('amount', amount, 'currency', currency)) order by ord) as transactions
      from member_rows group by match_id
    ), item_views as (
      select match_id, jsonb_agg(jsonb_build_object('id', id, 'external_id', external_id, 'kind', kind,
          'counterparty_name', counterparty_name,
          'applied', jsonb_build_object('amount', applied, 'currency', currency)) order by ord) as open_items
      from item_rows group by match_id
    ), new_events as (
      -- The envelope of recordEvents (src/api/webhooks/events.ts) around matchView (./match-view.ts).
      insert into outbox (id, tenant_id, type, payload, created_at)
      select m.event_id, ${tenantId}, 'reconciliation.match.' || m.status,
        jsonb_build_object('id', m.event_id, 'type', 'reconciliation.match.' || m.status, 'created_at', ${at},
          'data', jsonb_build_object('id', m.id, 'status', m.status, 'confidence', trim_scale(m.bp / 10000.0),
            'auto_confirmed', m.status = 'confirmed', 'reasons', m.reasons, 'account_id', m.account_id,
            'company_id', m.company_id, 'booking_date', m.booking_date,
            'transactions', coalesce(mv.transactions, '[]'::jsonb), 'open_items', coalesce(iv.open_items, '[]'::jsonb),
            'difference', jsonb_build_object('amount', m.difference, 'currency', m.currency),
            'proposed_at', ${at},
            'decided_at', case when m.status = 'confirmed' then ${at} end,
            'decided_by', case when m.status = 'confirmed' then ${engine}::jsonb end)),
        ${at}::timestamptz
      from match_rows m
        left join member_views mv on mv.match_id = m.id
        left join item_views iv on iv.match_id = m.id
    )
    update transactions set reconciliation_state = s.state
    from member_rows s
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
