import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { transactionList, type Transaction } from '../../../contract/ledger';
import { api, expectData } from '../../api/client';
import type { operations } from '../../api/openapi.gen';

/** The API's transaction filters, exactly as the contract names and types them (no paging). */
export type TransactionFilters = Omit<
  NonNullable<operations['listTransactions']['parameters']['query']>,
  'limit' | 'cursor'
>;

export const TRANSACTION_PAGE_SIZE = 200;

/** The API's largest page: the export walks the filtered set in as few calls as it can. */
const EXPORT_PAGE_SIZE = 500;

/** An export stops here and says so: a spreadsheet of more rows helps nobody, and the browser holds them all. */
export const EXPORT_MAX_ROWS = 100_000;

export const transactionKeys = {
  all: ['transactions'] as const,
  lists: () => [...transactionKeys.all, 'list'] as const,
  list: (filters: TransactionFilters) => [...transactionKeys.lists(), filters] as const,
};

async function fetchTransactionPage(
  filters: TransactionFilters,
  limit: number,
  cursor: string | undefined,
  signal: AbortSignal | undefined,
) {
  return transactionList.parse(
    await expectData(
      api.GET('/public/transactions', { params: { query: { ...filters, limit, cursor } }, signal }),
    ),
  );
}

export const getTransactionsQueryOptions = (filters: TransactionFilters) =>
  infiniteQueryOptions({
    queryKey: transactionKeys.list(filters),
    queryFn: ({ signal, pageParam }) =>
      fetchTransactionPage(filters, TRANSACTION_PAGE_SIZE, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 30_000,
  });

export const useTransactions = (filters: TransactionFilters, enabled: boolean) =>
  useInfiniteQuery({ ...getTransactionsQueryOptions(filters), enabled });

export interface FilteredSet {
  rows: Transaction[];
  /** True when the set has more than EXPORT_MAX_ROWS rows and the export stopped there. */
  truncated: boolean;
}

/**
 * Every transaction that matches `filters`, walking the cursor page by page (not only the rows the
 * table has loaded so far), for the CSV export. `onProgress` hears the count after each page.
 */
export async function fetchFilteredSet(
  filters: TransactionFilters,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (loaded: number) => void } = {},
): Promise<FilteredSet> {
  const rows: Transaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchTransactionPage(filters, EXPORT_PAGE_SIZE, cursor, signal);
    rows.push(...page.results);
    onProgress?.(rows.length);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined && rows.length < EXPORT_MAX_ROWS);
  return { rows: rows.slice(0, EXPORT_MAX_ROWS), truncated: cursor !== undefined };
}
