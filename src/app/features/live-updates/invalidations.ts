import type { QueryKey } from '@tanstack/react-query';
import { accountKeys } from '../accounts/get-accounts';
import { approvalKeys } from '../approvals/get-pending';
import { batchKeys } from '../payments/get-batches';
import { cashflowKeys } from '../reporting/get-cashflow';
import { positionKeys } from '../reporting/get-positions';
import { transactionKeys } from '../transactions/get-transactions';
import type { LiveEvent } from './event-stream';

/** Reconciliation pages are not built yet; their queries will live under this root. */
const RECONCILIATION_ROOT = ['reconciliation'] as const;

/**
 * The cached queries an event makes stale, and no others: a payment's status touches that batch,
 * the batch lists, the approvals inbox and badge, and the money figures (an executed batch has been
 * booked); a new transaction touches the ledger and the money figures.
 */
export function queryKeysTouchedBy(event: LiveEvent): QueryKey[] {
  switch (event.type) {
    case 'payment.status.updated': {
      const id = typeof event.data.id === 'string' ? event.data.id : null;
      const keys: QueryKey[] = [
        ...(id ? [batchKeys.detail(id)] : []),
        batchKeys.lists(),
        approvalKeys.all,
        positionKeys.all,
        cashflowKeys.all,
      ];
      if (event.data.status === 'executed') keys.push(accountKeys.all, transactionKeys.all);
      return keys;
    }
    case 'transaction.created':
      return [transactionKeys.all, accountKeys.all, positionKeys.all, cashflowKeys.all];
    case 'reconciliation.match.proposed':
    case 'reconciliation.match.confirmed':
      return [RECONCILIATION_ROOT, transactionKeys.all];
  }
}
