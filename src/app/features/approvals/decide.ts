import { useQueryClient } from '@tanstack/react-query';
import { paymentBatch, type PaymentBatch, type PendingApprovalList } from '../../../contract/payments';
import { api, expectData } from '../../api/client';
import { batchKeys } from '../payments/get-batches';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { approvalKeys } from './get-pending';

export type Decision = { approvalId: string; batchId: string } & (
  { decision: 'approve' } | { decision: 'reject'; reason: string }
);

async function sendDecision(decision: Decision, key: string): Promise<PaymentBatch> {
  const params = { path: { id: decision.approvalId }, header: { 'Idempotency-Key': key } };
  const call =
    decision.decision === 'approve'
      ? api.POST('/public/approvals/{id}/approve', { params })
      : api.POST('/public/approvals/{id}/reject', { params, body: { reason: decision.reason } });
  return paymentBatch.parse(await expectData(call));
}

/**
 * Approve or reject, optimistically: the batch leaves the inbox at once and comes back (with the
 * error) when the server refuses. One Idempotency-Key per decision, reused by its retries.
 */
export function useDecision(options: { onDecided?: (batch: PaymentBatch) => void } = {}) {
  const queryClient = useQueryClient();
  return useIntentMutation<Decision, PaymentBatch, { before: PendingApprovalList | undefined }>({
    write: (decision, key) => sendDecision(decision, key('decide')),
    onMutate: async (decision) => {
      await queryClient.cancelQueries({ queryKey: approvalKeys.pending() });
      const before = queryClient.getQueryData<PendingApprovalList>(approvalKeys.pending());
      if (before) {
        queryClient.setQueryData<PendingApprovalList>(approvalKeys.pending(), {
          ...before,
          results: before.results.filter((approval) => approval.id !== decision.approvalId),
        });
      }
      return { before };
    },
    onError: (_error, _decision, context) => {
      if (context?.before) queryClient.setQueryData(approvalKeys.pending(), context.before);
    },
    onSuccess: (batch) => {
      queryClient.setQueryData(batchKeys.detail(batch.id), batch);
      options.onDecided?.(batch);
    },
    onSettled: async (_batch, _error, decision) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: approvalKeys.pending() }),
        queryClient.invalidateQueries({ queryKey: batchKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: batchKeys.detail(decision.batchId) }),
      ]);
    },
  });
}
