import { useState } from 'react';
import type { TransactionExplanation } from '../../../contract/reconciliation-explanations';
import { useCan } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { ScrollFrame } from '../../components/ScrollFrame';
import { useI18n } from '../../lib/i18n';
import { useAccountLabel } from '../payments/batch-parts';
import { useDateTime } from '../payments/BatchDetails';
import { useReopenTransaction } from './explanation-writes';
import { EXPLANATIONS_PAGE, useExplanations } from './get-explanations';
import { useReconciliationText } from './messages';

/** The transactions people reconciled without a counterpart, with why, by whom, and a way to reopen each. */
export function Explained() {
  const t = useReconciliationText();
  const { money, date } = useI18n();
  const dateTime = useDateTime();
  const accountLabel = useAccountLabel();
  const canReopen = useCan('write:reconciliation');
  const query = useExplanations();
  const [outcome, setOutcome] = useState<string | null>(null);
  const reopen = useReopenTransaction({
    onReopened: (reopened) => setOutcome(t(`reopenedAs.${reopened.reconciliation_state}`)),
  });
  const by = (explanation: TransactionExplanation) =>
    `${explanation.explained_by.name ?? explanation.explained_by.id}, ${dateTime(explanation.explained_at)}`;
  if (query.isPending) return <Skeleton rows={5} label={t('tab.explained')} />;
  if (query.error) {
    return <QueryError what={t('tab.explained')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const results = query.data.results;
  return (
    <div className="space-y-4 pt-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('explainedIntro')}</p>
      <p role="status" data-testid="reopen-outcome">
        {outcome ?? ''}
      </p>
      {reopen.error && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {t('explainFailed', { message: reopen.error.message })}
        </p>
      )}
      {results.length === 0 ? (
        <Empty>{t('explainedEmpty')}</Empty>
      ) : (
        <ScrollFrame label={t('tab.explained')}>
          <table className="data-table" data-testid="explained-transactions">
            <thead>
              <tr>
                <th scope="col">{t('date')}</th>
                <th scope="col" className="num">
                  {t('amount')}
                </th>
                <th scope="col">{t('counterparty')}</th>
                <th scope="col">{t('account')}</th>
                <th scope="col">{t('explainedReason')}</th>
                <th scope="col">{t('explainedBy')}</th>
                {canReopen && (
                  <th scope="col">
                    <span className="sr-only">{t('reopen')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {results.map((explanation) => (
                <tr key={explanation.transaction_id} data-transaction-id={explanation.transaction_id}>
                  <td>{date(explanation.booking_date)}</td>
                  <td className="num">{money(explanation.amount)}</td>
                  <td>{explanation.counterparty_name ?? ''}</td>
                  <td>{accountLabel(explanation.account_id)}</td>
                  <td>
                    {t(`explainReason.${explanation.reason}`)}
                    {explanation.note && (
                      <div className="text-sm text-slate-600 dark:text-slate-400">{explanation.note}</div>
                    )}
                  </td>
                  <td>{by(explanation)}</td>
                  {canReopen && (
                    <td className="text-right">
                      <button
                        type="button"
                        className="btn-secondary"
                        disabled={reopen.isPending}
                        onClick={() => reopen.send(explanation.transaction_id)}
                      >
                        {t('reopen')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollFrame>
      )}
      {query.data.next_cursor !== null && (
        <p className="text-sm">{t('explainedMore', { count: String(EXPLANATIONS_PAGE) })}</p>
      )}
    </div>
  );
}
