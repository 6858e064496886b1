import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Transaction } from '../../../contract/ledger';
import { useI18n } from '../../lib/i18n';

/** Every row has this height (text is kept to one line), so the virtualiser never has to measure. */
export const ROW_HEIGHT = 37;

/** Ask for the next page while this many loaded rows are still below the window. */
const PREFETCH_ROWS = 60;

/**
 * A table that keeps only the rows in and near its scroll window in the DOM, so 100,000 rows scroll as
 * smoothly as 100. It stays a real <table>: screen readers hear the full row count (aria-rowcount, -1
 * while more pages may come) and each row's place in it (aria-rowindex). Near the end of what is loaded
 * it asks for more (`onNearEnd`). The scroll area takes focus, so the arrow and page keys scroll it.
 */
export function VirtualTransactionTable({
  rows,
  complete,
  onNearEnd,
  accountName,
  accountSearch,
  label,
}: {
  rows: readonly Transaction[];
  /** True when `rows` is the whole result, false while more pages may follow. */
  complete: boolean;
  onNearEnd: () => void;
  /** With a function, an account column whose links go to the account page. */
  accountName?: (accountId: string) => string;
  accountSearch?: string;
  label: string;
}) {
  const { t, money, date } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app is not built with the React Compiler, so nothing memoises around the virtualiser's functions.
  // eslint-disable-next-line react-hooks/incompatible-library -- see above
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (!complete && lastIndex >= rows.length - PREFETCH_ROWS) onNearEnd();
  }, [complete, lastIndex, rows.length, onNearEnd]);

  const showAccount = accountName !== undefined;
  const columns = showAccount ? 6 : 5;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label={label}
      tabIndex={0}
      className="max-h-[70vh] min-h-48 overflow-auto rounded border border-slate-200 dark:border-slate-700"
      data-testid="transactions-scroll"
    >
      <table
        className="data-table table-fixed"
        data-testid="transactions-table"
        aria-rowcount={complete ? rows.length + 1 : -1}
      >
        <colgroup>
          <col className="w-32" />
          {showAccount && <col className="w-56" />}
          <col className="w-64" />
          <col />
          <col className="w-44" />
          <col className="w-32" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-white dark:bg-slate-900">
          <tr aria-rowindex={1}>
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
          {paddingTop > 0 && (
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={columns} className="border-0 p-0" />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                data-id={row.id}
                aria-rowindex={item.index + 2}
                style={{ height: ROW_HEIGHT }}
                className="whitespace-nowrap"
              >
                <td>{date(row.booking_date)}</td>
                {accountName && (
                  <td className="truncate">
                    <Link
                      className="link"
                      to={{ pathname: `/accounts/${row.account_id}`, search: accountSearch }}
                    >
                      {accountName(row.account_id)}
                    </Link>
                  </td>
                )}
                <td className="truncate">
                  {row.intra_group && (
                    <span className="mr-2 rounded bg-slate-200 px-1 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100">
                      {t('intraGroup')}
                    </span>
                  )}
                  {row.counterparty_name ?? ''}
                </td>
                <td className="truncate">{row.message ?? row.ocr ?? ''}</td>
                <td
                  className={`num ${row.amount.amount.startsWith('-') ? '' : 'text-emerald-800 dark:text-emerald-300'}`}
                >
                  {money(row.amount)}
                </td>
                <td className="truncate">{t(`recon.${row.reconciliation_state}`)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={columns} className="border-0 p-0" />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
