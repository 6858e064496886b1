import { queryOptions, useQuery } from '@tanstack/react-query';
import { pendingApprovalList } from '../../../contract/payments';
import { api, expectData } from '../../api/client';

/** Key factory, exported so live updates can invalidate the inbox (and with it the badge). */
export const approvalKeys = {
  all: ['approvals'] as const,
  pending: () => [...approvalKeys.all, 'pending'] as const,
};

/** Enough for any real inbox on one page; the badge says "500+" beyond. */
export const INBOX_PAGE = 500;

export const getPendingApprovalsQueryOptions = () =>
  queryOptions({
    queryKey: approvalKeys.pending(),
    queryFn: async ({ signal }) =>
      pendingApprovalList.parse(
        await expectData(
          api.GET('/public/approvals/pending', {
            params: { query: { order: 'newest', limit: INBOX_PAGE } },
            signal,
          }),
        ),
      ),
    // Other people submit and decide meanwhile: the badge stays roughly current without live updates.
    refetchInterval: 30_000,
  });

export const usePendingApprovals = (enabled: boolean) =>
  useQuery({ ...getPendingApprovalsQueryOptions(), enabled });
