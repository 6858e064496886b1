import { queryOptions, useQuery } from '@tanstack/react-query';
import { transactionList } from '../../../contract/ledger';
import { matchList, type ReconciliationMatch } from '../../../contract/reconciliation';
import { reconciliationSummary, unmatchedOpenItemList } from '../../../contract/reconciliation-queue';
import { api, expectData } from '../../api/client';
import { normaliseAmount } from '../../lib/typed-amount';

export type ConfidenceBand = 'all' | 'high' | 'medium' | 'low';

export interface QueueFilters {
  accountId?: string;
  companyId?: string;
  dateFrom?: string;
  dateTo?: string;
  band: ConfidenceBand;
}

/** What the person typed to find a counterpart by hand; empty fields do not filter. */
export interface CounterpartSearch {
  text?: string;
  /** An amount as typed (`1 250,50`, `1,250.50`): read as `typed-amount.ts` reads every amount. */
  amount?: string;
  ocr?: string;
  /** Money in (receivables) or out (payables); both when unset. */
  direction?: 'in' | 'out';
}

/** One prefix for the whole feature: a decision changes the queue, the unmatched lists and the numbers. */
export const reconciliationKeys = {
  all: ['reconciliation'] as const,
  summary: () => [...reconciliationKeys.all, 'summary'] as const,
  queues: () => [...reconciliationKeys.all, 'queue'] as const,
  queue: (filters: QueueFilters) => [...reconciliationKeys.queues(), filters] as const,
  unmatchedTransactions: (koncernId: string, search: CounterpartSearch) =>
    [...reconciliationKeys.all, 'unmatched-transactions', koncernId, search] as const,
  unmatchedOpenItems: (search: CounterpartSearch) =>
    [...reconciliationKeys.all, 'unmatched-open-items', search] as const,
  proposalsFrom: (accountIds: readonly string[], since: string) =>
    [...reconciliationKeys.all, 'proposals-from', accountIds, since] as const,
};

/** A treasurer's queue is hundreds, not thousands: one page of the maximum size, sorted here by confidence. */
export const QUEUE_PAGE = 500;
/** Enough to find a counterpart; more says "narrow the search". */
export const SEARCH_PAGE = 50;

const bands: Record<ConfidenceBand, { confidence_min?: string; confidence_max?: string }> = {
  all: {},
  high: { confidence_min: '0.9' },
  medium: { confidence_min: '0.7', confidence_max: '0.8999' },
  low: { confidence_max: '0.6999' },
};

export function byConfidence(a: ReconciliationMatch, b: ReconciliationMatch): number {
  return (
    b.confidence - a.confidence || a.booking_date.localeCompare(b.booking_date) || a.id.localeCompare(b.id)
  );
}

export const getQueueQueryOptions = (filters: QueueFilters) =>
  queryOptions({
    queryKey: reconciliationKeys.queue(filters),
    queryFn: async ({ signal }) => {
      const page = matchList.parse(
        await expectData(
          api.GET('/public/reconciliation/matches', {
            params: {
              query: {
                status: 'proposed',
                account_id: filters.accountId,
                company_id: filters.companyId,
                date_from: filters.dateFrom,
                date_to: filters.dateTo,
                ...bands[filters.band],
                limit: QUEUE_PAGE,
              },
            },
            signal,
          }),
        ),
      );
      return { ...page, results: [...page.results].sort(byConfidence) };
    },
  });

export const getSummaryQueryOptions = () =>
  queryOptions({
    queryKey: reconciliationKeys.summary(),
    queryFn: async ({ signal }) =>
      reconciliationSummary.parse(await expectData(api.GET('/public/reconciliation/summary', { signal }))),
    refetchInterval: 60_000,
  });

function decimalOf(typed: string | undefined): string | undefined {
  return typed?.trim() ? normaliseAmount(typed) : undefined;
}

export const getUnmatchedTransactionsQueryOptions = (koncernId: string, search: CounterpartSearch) =>
  queryOptions({
    queryKey: reconciliationKeys.unmatchedTransactions(koncernId, search),
    queryFn: async ({ signal }) => {
      const amount = decimalOf(search.amount);
      return transactionList.parse(
        await expectData(
          api.GET('/public/transactions', {
            params: {
              query: {
                koncern_id: koncernId,
                reconciliation_state: 'unreconciled',
                // Transfers within the koncern settle no open item: the engine leaves them out too.
                intra_group: 'false',
                q: search.text?.trim() || undefined,
                ocr: search.ocr?.trim() || undefined,
                amount_min: amount,
                amount_max: amount,
                direction: search.direction,
                limit: SEARCH_PAGE,
              },
            },
            signal,
          }),
        ),
      );
    },
  });

export const getUnmatchedOpenItemsQueryOptions = (search: CounterpartSearch) =>
  queryOptions({
    queryKey: reconciliationKeys.unmatchedOpenItems(search),
    queryFn: async ({ signal }) =>
      unmatchedOpenItemList.parse(
        await expectData(
          api.GET('/public/reconciliation/unmatched-open-items', {
            params: {
              query: {
                q: search.text?.trim() || undefined,
                ocr: search.ocr?.trim() || undefined,
                amount: decimalOf(search.amount),
                kind: search.direction && (search.direction === 'in' ? 'receivable' : 'payable'),
                limit: SEARCH_PAGE,
              },
            },
            signal,
          }),
        ),
      ),
  });

/** The proposals on a file's accounts made since it arrived: what the import brought to the queue. */
export const getProposalsFromQueryOptions = (accountIds: readonly string[], since: string) =>
  queryOptions({
    queryKey: reconciliationKeys.proposalsFrom(accountIds, since),
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        accountIds.map(async (accountId) =>
          matchList.parse(
            await expectData(
              api.GET('/public/reconciliation/matches', {
                params: { query: { status: 'proposed', account_id: accountId, limit: QUEUE_PAGE } },
                signal,
              }),
            ),
          ),
        ),
      );
      return pages
        .flatMap((page) => page.results)
        .filter((match) => match.proposed_at >= since)
        .sort(byConfidence);
    },
  });

export const useQueue = (filters: QueueFilters) => useQuery(getQueueQueryOptions(filters));
export const useSummary = () => useQuery(getSummaryQueryOptions());
export const useUnmatchedTransactions = (koncernId: string | undefined, search: CounterpartSearch) =>
  useQuery({
    ...getUnmatchedTransactionsQueryOptions(koncernId ?? '', search),
    enabled: koncernId !== undefined,
  });
export const useUnmatchedOpenItems = (search: CounterpartSearch) =>
  useQuery(getUnmatchedOpenItemsQueryOptions(search));
export const useProposalsFrom = (accountIds: readonly string[], since: string | null) =>
  useQuery({ ...getProposalsFromQueryOptions(accountIds, since ?? ''), enabled: since !== null });
