import { and, eq, inArray } from 'drizzle-orm';
import type { ProposeMatchBody } from '../../contract/reconciliation-queue';
import { problemTypes } from '../../contract/problem';
import type { ReconciliationMatch } from '../../contract/reconciliation';
import type { Database } from '../db/client';
import {
  openItems,
  reconciliationMatchItems,
  reconciliationMatchTransactions,
  transactions,
} from '../db/schema';
import { notFound, ProblemError } from '../http/problem';
import { loadTransactions } from './candidates';
import { lockTenant } from './engine';
import { getMatch } from './matches';
import type { MatchableItem, MatchableTransaction, Proposal, Reason } from './model';
import { amountFit, confidenceOf, paidTowards, scorePair, show, WEIGHTS } from './scoring';
import { storeProposals } from './store';

/** Above every confidence: a match proposed by a person always waits for a person's decision. */
const NEVER_AUTO_CONFIRM = 10_001;

function conflict(detail: string): ProblemError {
  return new ProblemError(409, problemTypes.conflict, 'Already matched', detail);
}

function unmatchable(detail: string): ProblemError {
  return new ProblemError(422, problemTypes.validation, 'These cannot settle each other', detail);
}

async function lockTransactions(tx: Database, tenantId: string, ids: readonly string[]) {
  const rows = await tx
    .select({ id: transactions.id, state: transactions.reconciliationState })
    .from(transactions)
    .where(and(eq(transactions.tenantId, tenantId), inArray(transactions.id, [...ids])))
    .for('update');
  const missing = ids.find((id) => !rows.some((row) => row.id === id));
  if (missing) throw notFound(`No transaction ${missing}.`);
  const taken = rows.find((row) => row.state !== 'unreconciled');
  if (taken) throw conflict(`Transaction ${taken.id} is ${taken.state}.`);
  const live = await tx
    .select({ id: reconciliationMatchTransactions.transactionId })
    .from(reconciliationMatchTransactions)
    .where(
      and(
        inArray(reconciliationMatchTransactions.transactionId, [...ids]),
        eq(reconciliationMatchTransactions.live, true),
      ),
    )
    .limit(1);
  if (live[0]) throw conflict(`Transaction ${live[0].id} is in a live match.`);
}

async function lockItems(tx: Database, tenantId: string, ids: readonly string[]): Promise<MatchableItem[]> {
  const rows = await tx
    .select()
    .from(openItems)
    .where(and(eq(openItems.tenantId, tenantId), inArray(openItems.id, [...ids])))
    .for('update');
  const missing = ids.find((id) => !rows.some((row) => row.id === id));
  if (missing) throw notFound(`No open item ${missing}.`);
  const settled = rows.find((row) => row.status !== 'open' || row.settledMinor >= row.amountMinor);
  if (settled) throw conflict(`Open item ${settled.id} (${settled.externalId}) is settled.`);
  const pending = await tx
    .select({ id: reconciliationMatchItems.openItemId })
    .from(reconciliationMatchItems)
    .where(
      and(inArray(reconciliationMatchItems.openItemId, [...ids]), eq(reconciliationMatchItems.pending, true)),
    )
    .limit(1);
  if (pending[0]) throw conflict(`Open item ${pending[0].id} is in a proposed match.`);
  return rows
    .map((row) => ({
      id: row.id,
      companyId: row.companyId,
      kind: row.kind as MatchableItem['kind'],
      externalId: row.externalId,
      counterpartyName: row.counterpartyName,
      reference: row.reference,
      ocr: row.ocr,
      openMinor: row.amountMinor - row.settledMinor,
      currency: row.currency,
      dueDate: row.dueDate,
      endToEndId: row.endToEndId,
    }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

function requireOneOf<T>(values: readonly T[], what: string): T {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1 || distinct[0] === undefined) throw unmatchable(`They must share one ${what}.`);
  return distinct[0];
}

/** What each item receives: all of it when the total fits (within the fee tolerance), else in due-date order. */
function applyPayment(paid: bigint, items: readonly MatchableItem[], currency: string) {
  const open = items.reduce((total, item) => total + item.openMinor, 0n);
  const fit = amountFit(paid, open, currency);
  if (fit === null) {
    throw unmatchable(
      paid <= 0n
        ? 'The money moves the wrong way: receivables are paid in, payables paid out.'
        : `The transactions pay ${show(paid, currency)}, more than the ${show(open, currency)} still open beyond the fee tolerance.`,
    );
  }
  if (fit !== 'partial') return items.map((item) => ({ item, appliedMinor: item.openMinor }));
  let left = paid;
  return items.map((item) => {
    const appliedMinor = left < item.openMinor ? left : item.openMinor;
    if (appliedMinor <= 0n) throw unmatchable(`Nothing is left to pay open item ${item.externalId}.`);
    left -= appliedMinor;
    return { item, appliedMinor };
  });
}

/**
 * The engine's evidence for each item against the part of the payment applied to it; the match is as
 * strong as its weakest item. An item without evidence counts with the prior alone.
 */
function evidence(
  matchables: readonly MatchableTransaction[],
  applied: readonly { item: MatchableItem; appliedMinor: bigint }[],
) {
  const reasons: Reason[] = [];
  let weakest = Number.POSITIVE_INFINITY;
  for (const { item, appliedMinor } of applied) {
    const signed = item.kind === 'receivable' ? appliedMinor : -appliedMinor;
    const scores = matchables
      .map((t) => scorePair({ ...t, amountMinor: signed }, item, true))
      .filter((score) => score !== null)
      .sort((a, b) => b.logOdds - a.logOdds);
    const best = scores[0];
    weakest = Math.min(weakest, best?.logOdds ?? WEIGHTS.prior);
    for (const reason of best?.reasons ?? []) {
      if (!reasons.some((known) => known.detail === reason.detail)) reasons.push(reason);
    }
  }
  if (applied.length > 1) {
    reasons.push({ code: 'combined_payment', detail: `one payment for ${applied.length} items` });
  }
  return { reasons, confidence: confidenceOf(weakest) };
}

/**
 * Proposes the pair a person found: the transactions and items are locked (and the engine's run for
 * the tenant waited for), checked to be free, and stored like an engine proposal that never confirms
 * itself, so "never the same transaction or item in two live matches" holds the same way.
 */
export async function proposeMatchByHand(
  tx: Database,
  tenantId: string,
  body: ProposeMatchBody,
): Promise<ReconciliationMatch> {
  await lockTenant(tx, tenantId);
  await lockTransactions(tx, tenantId, body.transaction_ids);
  const items = await lockItems(tx, tenantId, body.open_item_ids);
  const matchables = await loadTransactions(tx, tenantId, body.transaction_ids);
  if (matchables.length !== body.transaction_ids.length) {
    throw unmatchable('Transfers within the koncern and zero amounts settle no open item.');
  }
  const accountId = requireOneOf(
    matchables.map((t) => t.accountId),
    'account',
  );
  const currency = requireOneOf(
    [...matchables, ...items].map((row) => row.currency),
    'currency',
  );
  const companyId = requireOneOf(
    [...matchables, ...items].map((row) => row.companyId),
    'company',
  );
  const kind = requireOneOf(
    items.map((item) => item.kind),
    'kind of open item (receivable or payable)',
  );
  const paid = matchables.reduce((total, t) => total + paidTowards(t, kind), 0n);
  const applied = applyPayment(paid, items, currency);
  const settledMinor = applied.reduce((total, part) => total + part.appliedMinor, 0n);
  const { reasons, confidence } = evidence(matchables, applied);
  const proposal: Proposal = {
    transactionIds: matchables.map((t) => t.id),
    items: applied.map(({ item, appliedMinor }) => ({ openItemId: item.id, appliedMinor })),
    confidence,
    reasons,
    differenceMinor: paid - settledMinor,
    accountId,
    companyId,
    bookingDate: matchables.map((t) => t.bookingDate).sort()[0] ?? '',
    currency,
  };
  await storeProposals(
    tx,
    tenantId,
    [proposal],
    {
      transactions: new Map(matchables.map((t) => [t.id, t])),
      items: new Map(items.map((item) => [item.id, item])),
    },
    NEVER_AUTO_CONFIRM,
  );
  const [member] = await tx
    .select({ matchId: reconciliationMatchTransactions.matchId })
    .from(reconciliationMatchTransactions)
    .where(
      and(
        eq(reconciliationMatchTransactions.transactionId, proposal.transactionIds[0] ?? ''),
        eq(reconciliationMatchTransactions.live, true),
      ),
    );
  const match = member ? await getMatch(tx, member.matchId) : null;
  if (!match) throw new Error('the proposed match vanished while it was written');
  return match;
}
