import { Link, useSearchParams } from 'react-router';
import type { Transaction } from '../../../contract/ledger';
import { useAuth } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { downloadText } from '../../lib/csv';
import { formatCount } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { useAccounts } from '../accounts/get-accounts';
import { useTransactions, type TransactionFilters } from './get-transactions';
import { transactionsCsv } from './transactions-csv';

/** Transactions matching `filters`, a page at a time ("load more"), with CSV export of the loaded rows. */
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
  if (query.isPending) return <Skeleton rows={8} />;
  if (query.error) {
    return <QueryError what={t('transactions')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const rows = query.data.pages.flatMap((page) => page.results);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm text-slate-600 dark:text-slate-300" data-testid="row-count">
          {t('loadedRows', { count: formatCount(rows.length, locale) })}
          {query.hasNextPage ? '' : ` · ${t('allLoaded')}`}
        </p>
        <div className="flex items-center gap-2">
          <span className="text-xs text-slate-600 dark:text-slate-300">{t('csvNote')}</span>
          <button
            type="button"
            className="btn-secondary"
            disabled={rows.length === 0}
            onClick={() => downloadText(filename, transactionsCsv(rows, locale))}
          >
            {t('exportCsv')}
          </button>
        </div>
      </div>
      {rows.length === 0 ? (
        <Empty />
      ) : (
        <div className="overflow-x-auto">
          <TransactionTable rows={rows} showAccount={showAccount} koncernId={filters.koncern_id} />
        </div>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="btn"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? t('loading') : t('loadMore')}
        </button>
      )}
    </div>
  );
}

function TransactionTable({
  rows,
  showAccount,
  koncernId,
}: {
  rows: readonly Transaction[];
  showAccount: boolean;
  koncernId: string | undefined;
}) {
  const { t, money, date } = useI18n();
  const accounts = useAccounts(showAccount && koncernId ? { koncernId } : null);
  const accountName = new Map((accounts.data?.results ?? []).map((account) => [account.id, account.name]));
  const [params] = useSearchParams();
  const search = viewSearch(params);
  return (
    <table className="data-table" data-testid="transactions-table">
      <thead>
        <tr>
          <th scope="col">{t('bookingDate')}</th>
          {showAccount && <th scope="col">{t('account')}</th>}
          <th scope="col">{t('counterparty')}</th>
          <th scope="col">{t('message')}</th>
          <th scope="col" className="num">
            {t('amount')}
          </th>
          <th scope="col">{t('reconciliation')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-id={row.id}>
            <td className="whitespace-nowrap">{date(row.booking_date)}</td>
            {showAccount && (
              <td>
                <Link className="link" to={{ pathname: `/accounts/${row.account_id}`, search }}>
                  {accountName.get(row.account_id) ?? row.account_id}
                </Link>
              </td>
            )}
            <td>
              {row.counterparty_name ?? ''}
              {row.intra_group && (
                <span className="ml-2 rounded bg-slate-200 px-1 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100">
                  {t('intraGroup')}
                </span>
              )}
            </td>
            <td className="max-w-xs truncate">{row.message ?? row.ocr ?? ''}</td>
            <td
              className={`num ${row.amount.amount.startsWith('-') ? '' : 'text-emerald-800 dark:text-emerald-300'}`}
            >
              {money(row.amount)}
            </td>
            <td>{t(`recon.${row.reconciliation_state}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
