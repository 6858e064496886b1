import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { loadAllCandidates, loadArrivalCandidates, loadTransactions, type Candidates } from './candidates';
import { proposeMatches } from './matcher';
import { materialisePaymentLineItems } from './payment-lines';
import { DEFAULT_AUTO_CONFIRM_BASIS_POINTS } from './settings';
import { storeProposals, type StoredMatches } from './store';

export interface ReconcileSummary extends StoredMatches {
  transactionsConsidered: number;
  openItemsConsidered: number;
  /** Wall-clock milliseconds spent matching in memory and writing the matches. */
  matchMs: number;
  writeMs: number;
}

/**
 * One engine run per tenant at a time (a transaction-scoped advisory lock), so two runs never
 * propose the same transaction or item; the partial unique indexes are the wall behind this.
 */
export async function lockTenant(tx: Database, tenantId: string): Promise<number> {
  // The tenant's auto-confirm threshold comes along in the same round trip.
  const [row] = await selectRows<{ threshold: number | null }>(
    tx,
    sql`select pg_advisory_xact_lock(hashtext(${`finvis:reconcile:${tenantId}`})) is null as locked,
          (select auto_confirm_basis_points from reconciliation_settings where tenant_id = ${tenantId}) as threshold`,
  );
  return row?.threshold ?? DEFAULT_AUTO_CONFIRM_BASIS_POINTS;
}

async function run(
  tx: Database,
  tenantId: string,
  candidates: Candidates,
  thresholdBasisPoints: number,
): Promise<ReconcileSummary> {
  const started = performance.now();
  const proposals = proposeMatches(candidates);
  const matched = performance.now();
  const stored = await storeProposals(
    tx,
    tenantId,
    proposals,
    {
      transactions: new Map(candidates.transactions.map((t) => [t.id, t])),
      items: new Map(candidates.items.map((item) => [item.id, item])),
    },
    thresholdBasisPoints,
  );
  return {
    ...stored,
    transactionsConsidered: candidates.transactions.length,
    openItemsConsidered: candidates.items.length,
    matchMs: Math.round(matched - started),
    writeMs: Math.round(performance.now() - matched),
  };
}

/**
 * Reconciles what just arrived (bank transactions, open items), in the caller's transaction, so the
 * arrival and its matches commit together. Only candidates found by indexed lookups are considered:
 * one new transaction does not rescan everything.
 */
export async function reconcileArrivals(
  tx: Database,
  tenantId: string,
  arrivals: { transactionIds?: readonly string[]; openItemIds?: readonly string[] },
): Promise<ReconcileSummary> {
  const transactionIds = arrivals.transactionIds ?? [];
  const openItemIds = [...(arrivals.openItemIds ?? [])];
  if (transactionIds.length === 0 && openItemIds.length === 0) {
    return {
      proposed: 0,
      autoConfirmed: 0,
      transactionsConsidered: 0,
      openItemsConsidered: 0,
      matchMs: 0,
      writeMs: 0,
    };
  }
  const threshold = await lockTenant(tx, tenantId);
  const rejected = new Set<string>();
  const transactions = await loadTransactions(tx, tenantId, transactionIds, rejected);
  // Our own payments become open items the first time the bank reports one of them.
  const endToEndIds = transactions.flatMap((t) => (t.endToEndId === null ? [] : [t.endToEndId]));
  openItemIds.push(...(await materialisePaymentLineItems(tx, tenantId, { endToEndIds })));
  const candidates = await loadArrivalCandidates(tx, tenantId, { transactions, openItemIds, rejected });
  return run(tx, tenantId, candidates, threshold);
}

/** A full run over everything unreconciled and open (`finvis reconcile`). */
export async function reconcileTenant(tx: Database, tenantId: string): Promise<ReconcileSummary> {
  const threshold = await lockTenant(tx, tenantId);
  await materialisePaymentLineItems(tx, tenantId, { all: true });
  return run(tx, tenantId, await loadAllCandidates(tx, tenantId), threshold);
}
