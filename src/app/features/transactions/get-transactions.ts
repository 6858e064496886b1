import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { transactionList } from '../../../contract/ledger';
import { bffGet } from '../../api/bff-fetch';

/** The API's transaction filters (query parameter names as the API spells them). */
export interface TransactionFilters {
  koncern_id?: string;
  account_id?: string;
  company_id?: string;
  booking_date_from?: string;
  booking_date_to?: string;
  amount_min?: string;
  amount_max?: string;
  currency?: string;
  direction?: string;
  q?: string;
  reconciliation_state?: string;
}

export const TRANSACTION_PAGE_SIZE = 100;

export const transactionKeys = {
  all: ['transactions'] as const,
  lists: () => [...transactionKeys.all, 'list'] as const,
  list: (filters: TransactionFilters) => [...transactionKeys.lists(), filters] as const,
};

export const getTransactionsQueryOptions = (filters: TransactionFilters) =>
  infiniteQueryOptions({
    queryKey: transactionKeys.list(filters),
    queryFn: async ({ signal, pageParam }) =>
      transactionList.parse(
        await bffGet('/transactions', signal, {
          ...filters,
          limit: TRANSACTION_PAGE_SIZE,
          cursor: pageParam,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 30_000,
  });

export const useTransactions = (filters: TransactionFilters, enabled: boolean) =>
  useInfiniteQuery({ ...getTransactionsQueryOptions(filters), enabled });
