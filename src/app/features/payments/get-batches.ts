import { queryOptions, useQuery } from '@tanstack/react-query';
import { paymentBatch, paymentBatchList, type PaymentBatchStatus } from '../../../contract/payments';
import { api, expectData } from '../../api/client';

export interface BatchFilters {
  status?: PaymentBatchStatus;
  account?: string;
}

/** Key factory (general → specific), exported so live updates can invalidate a whole family. */
export const batchKeys = {
  all: ['payment-batches'] as const,
  lists: () => [...batchKeys.all, 'list'] as const,
  list: (filters: BatchFilters) => [...batchKeys.lists(), filters] as const,
  details: () => [...batchKeys.all, 'detail'] as const,
  detail: (id: string) => [...batchKeys.details(), id] as const,
};

/**
 * Other people move batches (approvers decide, the bank steps at demo speed): a shown batch is
 * read afresh on every visit, and polled while it waits on someone else.
 */
function pollInterval(status: PaymentBatchStatus | undefined): number | false {
  if (status === 'approved' || status === 'sent_to_bank' || status === 'accepted') return 2_000;
  if (status === 'submitted' || status === 'pending_approval') return 15_000;
  return false;
}

export const getBatchesQueryOptions = (filters: BatchFilters) =>
  queryOptions({
    queryKey: batchKeys.list(filters),
    queryFn: async ({ signal }) =>
      paymentBatchList.parse(
        await expectData(
          api.GET('/public/payments/batches', {
            params: { query: { status: filters.status, account: filters.account, limit: 100 } },
            signal,
          }),
        ),
      ),
    staleTime: 0,
  });

export const getBatchQueryOptions = (id: string) =>
  queryOptions({
    queryKey: batchKeys.detail(id),
    queryFn: async ({ signal }) =>
      paymentBatch.parse(
        await expectData(api.GET('/public/payments/batches/{id}', { params: { path: { id } }, signal })),
      ),
    staleTime: 0,
    refetchInterval: (query) => pollInterval(query.state.data?.status),
  });

export const useBatches = (filters: BatchFilters, enabled: boolean) =>
  useQuery({ ...getBatchesQueryOptions(filters), enabled });

export const useBatch = (id: string, enabled: boolean) => useQuery({ ...getBatchQueryOptions(id), enabled });
