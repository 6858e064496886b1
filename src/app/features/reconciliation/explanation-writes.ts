import { useQueryClient } from '@tanstack/react-query';
import {
  reopenedTransaction,
  transactionExplanation,
  type ExplanationReason,
  type ReopenedTransaction,
  type TransactionExplanation,
} from '../../../contract/reconciliation-explanations';
import { api, expectData } from '../../api/client';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { refreshAfterWrite } from './reconciliation-writes';

interface Explanation {
  transactionId: string;
  reason: ExplanationReason;
  note: string;
}

/** Reconciles a transaction without a match: it leaves the unmatched list and the numbers follow. */
export function useExplainTransaction(options: {
  onExplained?: (explanation: TransactionExplanation) => void;
}) {
  const queryClient = useQueryClient();
  return useIntentMutation<Explanation, TransactionExplanation>({
    write: async (explanation, key) =>
      transactionExplanation.parse(
        await expectData(
          api.POST('/public/reconciliation/transactions/{id}/explain', {
            params: {
              path: { id: explanation.transactionId },
              header: { 'Idempotency-Key': key('explain') },
            },
            body: {
              reason: explanation.reason,
              ...(explanation.note.trim() === '' ? {} : { note: explanation.note.trim() }),
            },
          }),
        ),
      ),
    onSuccess: (explanation) => options.onExplained?.(explanation),
    onSettled: () => refreshAfterWrite(queryClient),
  });
}

/** Takes an explanation back: the transaction is unmatched again, or in the engine's queue. */
export function useReopenTransaction(options: { onReopened?: (reopened: ReopenedTransaction) => void }) {
  const queryClient = useQueryClient();
  return useIntentMutation<string, ReopenedTransaction>({
    write: async (transactionId, key) =>
      reopenedTransaction.parse(
        await expectData(
          api.POST('/public/reconciliation/transactions/{id}/reopen', {
            params: { path: { id: transactionId }, header: { 'Idempotency-Key': key('reopen') } },
          }),
        ),
      ),
    onSuccess: (reopened) => options.onReopened?.(reopened),
    onSettled: () => refreshAfterWrite(queryClient),
  });
}
