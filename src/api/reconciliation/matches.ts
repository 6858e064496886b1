import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema } from '../../contract/ids';
import { problemTypes } from '../../contract/problem';
import type { ListMatchesQuery, MatchList, ReconciliationMatch } from '../../contract/reconciliation';
import type { Database } from '../db/client';
import {
  bankAccounts,
  companies,
  openItems,
  reconciliationMatches,
  reconciliationMatchItems,
  reconciliationMatchTransactions,
  reconciliationRejectedPairs,
  transactions,
} from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { notFound, ProblemError } from '../http/problem';
import { requireOwned } from '../repositories/ledger-common';
import { recordEvent } from '../webhooks/events';
import { reconcileArrivals } from './engine';
import { matchView, type MatchActor, type MatchParts } from './match-view';
import { settleItems } from './store';

const MATCH_CURSOR = 'reconciliation_matches';
const matchCursorKey = z.tuple([idSchema('match')]);
const m = reconciliationMatches;

/** The matches with these ids, with their transactions and items, in the order of `ids`. */
export async function loadMatches(tx: Database, ids: readonly string[]): Promise<ReconciliationMatch[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(m)
    .where(inArray(m.id, [...ids]));
  const members = await tx
    .select({
      matchId: reconciliationMatchTransactions.matchId,
      id: transactions.id,
      bookingDate: transactions.bookingDate,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
    })
    .from(reconciliationMatchTransactions)
    .innerJoin(transactions, eq(transactions.id, reconciliationMatchTransactions.transactionId))
    .where(inArray(reconciliationMatchTransactions.matchId, [...ids]))
    .orderBy(asc(transactions.bookingDate), asc(transactions.id));
  const items = await tx
    .select({
      matchId: reconciliationMatchItems.matchId,
      id: openItems.id,
      externalId: openItems.externalId,
      kind: openItems.kind,
      counterpartyName: openItems.counterpartyName,
      appliedMinor: reconciliationMatchItems.appliedMinor,
      currency: openItems.currency,
    })
    .from(reconciliationMatchItems)
    .innerJoin(openItems, eq(openItems.id, reconciliationMatchItems.openItemId))
    .where(inArray(reconciliationMatchItems.matchId, [...ids]))
    .orderBy(asc(openItems.dueDate), asc(openItems.id));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const parts: MatchParts = {
      id: row.id,
      status: row.status as MatchParts['status'],
      confidenceBasisPoints: row.confidenceBasisPoints,
      reasons: row.reasons as MatchParts['reasons'],
      accountId: row.accountId,
      companyId: row.companyId,
      bookingDate: row.bookingDate,
      currency: row.currency,
      differenceMinor: row.differenceMinor,
      proposedAt: row.proposedAt,
      decidedAt: row.decidedAt,
      decidedBy: row.decidedBy as MatchActor | null,
      transactions: members.filter((t) => t.matchId === id),
      items: items
        .filter((item) => item.matchId === id)
        .map((item) => ({ ...item, kind: item.kind as 'receivable' | 'payable' })),
    };
    return [matchView(parts)];
  });
}

/** "0.97" → 9700: confidence bounds compared as integers, the way they are stored. */
export function basisPointsOf(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
}

export async function listMatches(
  tx: Database,
  tenantId: string,
  query: ListMatchesQuery,
): Promise<MatchList> {
  const before =
    query.cursor === undefined ? null : decodeCursor(MATCH_CURSOR, matchCursorKey, query.cursor)[0];
  await requireOwned(tx, bankAccounts, tenantId, query.account_id, 'account_id');
  await requireOwned(tx, companies, tenantId, query.company_id, 'company_id');
  const conditions: SQL[] = [eq(m.tenantId, tenantId)];
  if (query.status !== undefined) conditions.push(eq(m.status, query.status));
  if (query.confidence_min !== undefined)
    conditions.push(gte(m.confidenceBasisPoints, basisPointsOf(query.confidence_min)));
  if (query.confidence_max !== undefined)
    conditions.push(lte(m.confidenceBasisPoints, basisPointsOf(query.confidence_max)));
  if (query.account_id !== undefined) conditions.push(eq(m.accountId, query.account_id));
  if (query.company_id !== undefined) conditions.push(eq(m.companyId, query.company_id));
  if (query.date_from !== undefined) conditions.push(gte(m.bookingDate, query.date_from));
  if (query.date_to !== undefined) conditions.push(lte(m.bookingDate, query.date_to));
  if (before !== null) conditions.push(lt(m.id, before));
  const rows = await tx
    .select({ id: m.id })
    .from(m)
    .where(and(...conditions))
    .orderBy(desc(m.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    results: await loadMatches(
      tx,
      page.map((row) => row.id),
    ),
    next_cursor: rows.length > query.limit && last ? encodeCursor(MATCH_CURSOR, [last.id]) : null,
  };
}

export async function getMatch(tx: Database, id: string): Promise<ReconciliationMatch | null> {
  const [match] = await loadMatches(tx, [id]);
  return match ?? null;
}

async function lockProposed(tx: Database, id: string, action: 'confirmed' | 'rejected') {
  const [row] = await tx.select().from(m).where(eq(m.id, id)).for('update');
  if (!row) throw notFound(`No reconciliation match ${id}.`);
  if (row.status !== 'proposed') {
    throw new ProblemError(
      409,
      problemTypes.conflict,
      'Match already decided',
      `Match ${id} is ${row.status}; only a proposed match can be ${action}.`,
    );
  }
  return row;
}

async function memberIds(tx: Database, id: string) {
  const txIds = await tx
    .select({ id: reconciliationMatchTransactions.transactionId })
    .from(reconciliationMatchTransactions)
    .where(eq(reconciliationMatchTransactions.matchId, id));
  const items = await tx
    .select({ id: reconciliationMatchItems.openItemId, applied: reconciliationMatchItems.appliedMinor })
    .from(reconciliationMatchItems)
    .where(eq(reconciliationMatchItems.matchId, id));
  return { transactionIds: txIds.map((r) => r.id), items };
}

/**
 * Confirms a proposed match: its transactions become reconciled, its items are settled by the applied
 * amounts, and a `reconciliation.match.confirmed` event is written. An item paid only in part stays
 * open, and the engine looks at once for what pays the rest.
 */
export async function confirmMatch(
  tx: Database,
  tenantId: string,
  id: string,
  actor: MatchActor,
): Promise<ReconciliationMatch> {
  await lockProposed(tx, id, 'confirmed');
  const now = new Date();
  await tx.update(m).set({ status: 'confirmed', decidedAt: now, decidedBy: actor }).where(eq(m.id, id));
  const { transactionIds, items } = await memberIds(tx, id);
  await tx
    .update(reconciliationMatchItems)
    .set({ pending: false })
    .where(eq(reconciliationMatchItems.matchId, id));
  await tx
    .update(transactions)
    .set({ reconciliationState: 'reconciled' })
    .where(inArray(transactions.id, transactionIds));
  // Lock the items first: a concurrent confirmation of another part of one item waits for this one.
  await tx
    .select({ id: openItems.id })
    .from(openItems)
    .where(
      inArray(
        openItems.id,
        items.map((item) => item.id),
      ),
    )
    .for('update');
  await settleItems(tx, tenantId, items);
  const view = await getMatch(tx, id);
  if (!view) throw new Error(`match ${id} vanished while confirming it`);
  await recordEvent(tx, tenantId, 'reconciliation.match.confirmed', view, now);
  const stillOpen = await tx
    .select({ id: openItems.id })
    .from(openItems)
    .where(
      and(
        inArray(
          openItems.id,
          items.map((item) => item.id),
        ),
        eq(openItems.status, 'open'),
      ),
    );
  await reconcileArrivals(tx, tenantId, { openItemIds: stillOpen.map((row) => row.id) });
  return view;
}

/**
 * Rejects a proposed match: its transactions and items are free again, the engine remembers never to
 * pair them again, and it looks at once for other counterparts for them.
 */
export async function rejectMatch(
  tx: Database,
  tenantId: string,
  id: string,
  actor: MatchActor,
): Promise<ReconciliationMatch> {
  await lockProposed(tx, id, 'rejected');
  await tx.update(m).set({ status: 'rejected', decidedAt: new Date(), decidedBy: actor }).where(eq(m.id, id));
  const { transactionIds, items } = await memberIds(tx, id);
  await tx
    .update(reconciliationMatchTransactions)
    .set({ live: false })
    .where(eq(reconciliationMatchTransactions.matchId, id));
  await tx
    .update(reconciliationMatchItems)
    .set({ pending: false })
    .where(eq(reconciliationMatchItems.matchId, id));
  await tx
    .update(transactions)
    .set({ reconciliationState: 'unreconciled' })
    .where(inArray(transactions.id, transactionIds));
  const pairs = transactionIds.flatMap((transactionId) =>
    items.map((item) => ({ tenantId, transactionId, openItemId: item.id })),
  );
  await tx.insert(reconciliationRejectedPairs).values(pairs).onConflictDoNothing();
  const view = await getMatch(tx, id);
  if (!view) throw new Error(`match ${id} vanished while rejecting it`);
  await reconcileArrivals(tx, tenantId, { transactionIds, openItemIds: items.map((item) => item.id) });
  return view;
}
