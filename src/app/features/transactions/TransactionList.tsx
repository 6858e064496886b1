import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { downloadText } from '../../lib/csv';
import { formatCount } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { useAccounts } from '../accounts/get-accounts';
import {
  EXPORT_MAX_ROWS,
  fetchFilteredSet,
  useTransactions,
  type TransactionFilters,
} from './get-transactions';
import { transactionsCsv } from './transactions-csv';
import { VirtualTransactionTable } from './VirtualTransactionTable';

/**
 * Transactions matching `filters` in a virtualised table that loads the next page as it is scrolled,
 * with CSV export of the whole filtered set (fetched page by page, not just the rows loaded so far).
 */
export function TransactionList({
  filters,
  filename,
  showAccount = false,
}: {
  filters: TransactionFilters;
  filename: string;
  showAccount?: boolean;
}) {
  const { t, locale } = useI18n();
  const signedIn = useAuth().status === 'signed-in';
  const query = useTransactions(filters, signedIn);
  const accounts = useAccounts(showAccount && filters.koncern_id ? { koncernId: filters.koncern_id } : null);
  const [params] = useSearchParams();
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  if (query.isPending) return <Skeleton rows={8} />;
  if (query.error && query.data === undefined) {
    return <QueryError what={t('transactions')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const rows = query.data.pages.flatMap((page) => page.results);
  const names = new Map((accounts.data?.results ?? []).map((account) => [account.id, account.name]));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-300" data-testid="row-count">
          {t('loadedRows', { count: formatCount(rows.length, locale) })}
          {hasNextPage ? '' : ` · ${t('allLoaded')}`}
          {isFetchingNextPage ? ` · ${t('loadingMore')}` : ''}
        </p>
        {/* Keyed by the filters: an export's progress or note belongs to the set it was made of. */}
        <CsvExport
          key={JSON.stringify(filters)}
          filters={filters}
          filename={filename}
          disabled={rows.length === 0}
        />
      </div>
      {query.error && (
        // A later page failed: the rows so far stay, and the next page can be asked for again.
        <QueryError what={t('transactions')} error={query.error} onRetry={() => void fetchNextPage()} />
      )}
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <VirtualTransactionTable
          rows={rows}
          complete={!hasNextPage}
          onNearEnd={query.error ? noop : loadMore}
          label={t('transactionsScroll')}
          {...(showAccount
            ? { accountName: (id: string) => names.get(id) ?? id, accountSearch: viewSearch(params) }
            : {})}
        />
      )}
    </div>
  );
}

function noop(): void {}

type ExportState =
  | { status: 'idle' }
  | { status: 'running'; loaded: number }
  | { status: 'done'; truncated: boolean }
  | { status: 'failed'; error: Error };

/** Exports every transaction of the filtered set as CSV in the person's locale. */
function CsvExport({
  filters,
  filename,
  disabled,
}: {
  filters: TransactionFilters;
  filename: string;
  disabled: boolean;
}) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);
  // Leaving the page stops an export in progress.
  useEffect(() => () => running.current?.abort(), []);
  const start = async () => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setState({ status: 'running', loaded: 0 });
    try {
      const set = await fetchFilteredSet(filters, {
        signal: controller.signal,
        onProgress: (loaded) => setState({ status: 'running', loaded }),
      });
      downloadText(filename, transactionsCsv(set.rows, locale));
      setState({ status: 'done', truncated: set.truncated });
    } catch (error) {
      if (!controller.signal.aborted) {
        setState({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="text-xs text-slate-600 dark:text-slate-300">{t('csvNote')}</span>
      <button
        type="button"
        className="btn-secondary"
        disabled={disabled || state.status === 'running'}
        onClick={() => void start()}
      >
        {t('exportCsv')}
      </button>
      <p role="status" className="text-xs text-slate-600 dark:text-slate-300" data-testid="export-status">
        {state.status === 'running'
          ? t('exporting', { count: formatCount(state.loaded, locale) })
          : state.status === 'done' && state.truncated
            ? t('exportTruncated', { count: formatCount(EXPORT_MAX_ROWS, locale) })
            : ''}
      </p>
      {state.status === 'failed' && (
        <QueryError what={t('exportCsv')} error={state.error} onRetry={() => void start()} />
      )}
    </div>
  );
}
