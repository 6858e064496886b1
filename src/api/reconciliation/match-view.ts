import type { ReconciliationMatch } from '../../contract/reconciliation';
import { wireMoney } from '../repositories/ledger-common';
import type { Reason } from './model';

export type MatchActor = { type: 'user' | 'client' | 'engine'; id: string; name: string | null };

/** The engine as the actor of an auto-confirmation. */
export const ENGINE_ACTOR: MatchActor = {
  type: 'engine',
  id: 'reconciliation-engine',
  name: 'Finvis matching engine',
};

/** A match as stored, whichever way it was read: from the database, or as the engine just wrote it. */
export interface MatchParts {
  id: string;
  status: 'proposed' | 'confirmed' | 'rejected';
  confidenceBasisPoints: number;
  reasons: Reason[];
  accountId: string;
  companyId: string;
  bookingDate: string;
  currency: string;
  differenceMinor: bigint;
  proposedAt: Date;
  decidedAt: Date | null;
  decidedBy: MatchActor | null;
  transactions: { id: string; bookingDate: string; amountMinor: bigint; currency: string }[];
  items: {
    id: string;
    externalId: string;
    kind: 'receivable' | 'payable';
    counterpartyName: string;
    appliedMinor: bigint;
    currency: string;
  }[];
}

/** The public Match object: what the API answers and what the reconciliation events carry. */
export function matchView(parts: MatchParts): ReconciliationMatch {
  return {
    id: parts.id,
    status: parts.status,
    confidence: parts.confidenceBasisPoints / 10_000,
    auto_confirmed: parts.status === 'confirmed' && parts.decidedBy?.type === 'engine',
    reasons: parts.reasons,
    account_id: parts.accountId,
    company_id: parts.companyId,
    booking_date: parts.bookingDate,
    transactions: parts.transactions.map((t) => ({
      id: t.id,
      booking_date: t.bookingDate,
      amount: wireMoney(t.amountMinor, t.currency),
    })),
    open_items: parts.items.map((item) => ({
      id: item.id,
      external_id: item.externalId,
      kind: item.kind,
      counterparty_name: item.counterpartyName,
      applied: wireMoney(item.appliedMinor, item.currency),
    })),
    difference: wireMoney(parts.differenceMinor, parts.currency),
    proposed_at: parts.proposedAt.toISOString(),
    decided_at: parts.decidedAt?.toISOString() ?? null,
    decided_by: parts.decidedBy,
  };
}
