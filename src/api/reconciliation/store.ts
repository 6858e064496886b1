import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { newIds } from '../ids';
import { eventEnvelope, outboxWritten } from '../webhooks/events';
import { ENGINE_ACTOR, matchView } from './match-view';
import type { MatchableItem, MatchableTransaction, Proposal } from './model';

/** Matches per statement: each statement carries its rows as JSON, so this bounds memory, not parameters. */
const ROWS_PER_STATEMENT = 5_000;

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
    const rows = toRows(chunk, lookup, thresholdBasisPoints, now);
    autoConfirmed += rows.autoConfirmed;
    await writeChunk(tx, tenantId, rows, now);
  });
  outboxWritten();
  return { proposed: proposals.length - autoConfirmed, autoConfirmed };
}

/** A chunk's rows, each kind as one JSON array whose keys are the statement's columns. */
interface Rows {
  autoConfirmed: number;
  matches: string;
  members: string;
  items: string;
}

/**
 * Each match with its event: the public match object (matchView), in the envelope the dispatcher
 * delivers. JSON.stringify writes the chunk's rows in one go; the driver sends each string as it is.
 */
function toRows(
  proposals: readonly Proposal[],
  lookup: {
    transactions: ReadonlyMap<string, MatchableTransaction>;
    items: ReadonlyMap<string, MatchableItem>;
  },
  thresholdBasisPoints: number,
  now: Date,
): Rows {
  let autoConfirmed = 0;
  const matches: object[] = [];
  const members: object[] = [];
  const items: object[] = [];
  const ids = newIds('match', proposals.length, now.getTime());
  const eventIds = newIds('event', proposals.length, now.getTime());
  proposals.forEach((proposal, i) => {
    const id = ids[i] ?? '';
    const confidenceBasisPoints = Math.round(proposal.confidence * 10_000);
    const confirmed = confidenceBasisPoints >= thresholdBasisPoints;
    if (confirmed) autoConfirmed += 1;
    const status = confirmed ? 'confirmed' : 'proposed';
    const view = matchView({
      id,
      status,
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
      transactions: proposal.transactionIds.map((transactionId) => {
        const t = lookup.transactions.get(transactionId);
        if (!t) throw new Error(`proposal names unknown transaction ${transactionId}`);
        members.push({ match_id: id, id: transactionId, state: confirmed ? 'reconciled' : 'proposed' });
        return t;
      }),
      items: proposal.items.map(({ openItemId, appliedMinor }) => {
        const item = lookup.items.get(openItemId);
        if (!item) throw new Error(`proposal names unknown open item ${openItemId}`);
        items.push({
          match_id: id,
          id: openItemId,
          applied_minor: appliedMinor.toString(),
          pending: !confirmed,
        });
        const { externalId, kind, counterpartyName, currency } = item;
        return { id: openItemId, externalId, kind, counterpartyName, appliedMinor, currency };
      }),
    });
    const eventId = eventIds[i] ?? '';
    matches.push({
      id,
      status,
      bp: confidenceBasisPoints,
      reasons: proposal.reasons,
      account_id: proposal.accountId,
      company_id: proposal.companyId,
      booking_date: proposal.bookingDate,
      currency: proposal.currency,
      difference_minor: proposal.differenceMinor.toString(),
      event_id: eventId,
      event_type: `reconciliation.match.${status}`,
      event: eventEnvelope(eventId, `reconciliation.match.${status}`, now, view),
    });
  });
  return {
    autoConfirmed,
    matches: JSON.stringify(matches),
    members: JSON.stringify(members),
    items: JSON.stringify(items),
  };
}

/**
 * One statement per chunk (data-modifying CTEs), so an arrival costs one round trip here: the
 * matches, their members, what auto-confirmed matches settle, the events, and the transactions'
 * state. Each JSON array is parsed once, as jsonb, so the events are stored without a second parse.
 * The foreign keys between them are checked at the end of the statement.
 */
async function writeChunk(tx: Database, tenantId: string, rows: Rows, now: Date): Promise<void> {
  const at = sql`${now.toISOString()}::timestamptz`;
  await tx.execute(sql`
    with match_rows as materialized (
      select * from jsonb_to_recordset(${rows.matches}::jsonb)
        as t(id text, status text, bp int, reasons jsonb, account_id text, company_id text, booking_date date,
          currency text, difference_minor bigint, event_id text, event_type text, event jsonb)
    ), member_rows as materialized (
      select * from jsonb_to_recordset(${rows.members}::jsonb) as t(match_id text, id text, state text)
    ), item_rows as materialized (
      select * from jsonb_to_recordset(${rows.items}::jsonb)
        as t(match_id text, id text, applied_minor bigint, pending boolean)
    ), new_matches as (
      insert into reconciliation_matches (id, tenant_id, status, confidence_basis_points, reasons, account_id,
        company_id, booking_date, currency, difference_minor, proposed_at, decided_at, decided_by)
      select id, ${tenantId}, status, bp, reasons, account_id, company_id, booking_date, currency,
        difference_minor, ${at}, case when status = 'confirmed' then ${at} end,
        case when status = 'confirmed' then ${JSON.stringify(ENGINE_ACTOR)}::jsonb end
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
    ), new_events as (
      insert into outbox (id, tenant_id, type, payload, created_at)
      select event_id, ${tenantId}, event_type, event, ${at} from match_rows
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
