/** What the matcher needs of a bank transaction that is not yet reconciled. */
export interface MatchableTransaction {
  id: string;
  accountId: string;
  companyId: string;
  bookingDate: string;
  /** Signed: positive is money in, negative money out. */
  amountMinor: bigint;
  currency: string;
  counterpartyName: string | null;
  ocr: string | null;
  message: string | null;
  endToEndId: string | null;
}

/** What the matcher needs of an open item that still waits for (the rest of) its money. */
export interface MatchableItem {
  id: string;
  companyId: string;
  kind: 'receivable' | 'payable';
  externalId: string;
  counterpartyName: string;
  reference: string | null;
  ocr: string | null;
  /** What is still open: the amount minus what confirmed matches settled. Positive. */
  openMinor: bigint;
  currency: string;
  dueDate: string;
  endToEndId: string | null;
}

export const reasonCodes = [
  'end_to_end_id',
  'ocr_exact',
  'ocr_near',
  'reference_in_message',
  'amount_exact',
  'amount_within_tolerance',
  'partial_payment',
  'combined_payment',
  'counterparty_name',
  'date_distance',
  'ambiguous',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export interface Reason {
  code: ReasonCode;
  detail: string;
}

/** One proposed match: transactions and the open items they settle, with the engine's confidence. */
export interface Proposal {
  transactionIds: string[];
  items: { openItemId: string; appliedMinor: bigint }[];
  /** In [0, 1]. */
  confidence: number;
  reasons: Reason[];
  /** What the transactions pay minus what the items ask for (in the items' direction): fees, FX. */
  differenceMinor: bigint;
  accountId: string;
  companyId: string;
  bookingDate: string;
  currency: string;
}

/** The key under which a rejected (transaction, open item) pair is remembered. */
export function pairKey(transactionId: string, openItemId: string): string {
  return `${transactionId}|${openItemId}`;
}
