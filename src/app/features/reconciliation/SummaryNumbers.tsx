import { QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { formatCount } from '../../lib/format';
import { useDateTime } from '../payments/BatchDetails';
import { useSummary } from './get-reconciliation';
import { useReconciliationText } from './messages';

function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <div className="card">
      <dt className="text-sm text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {note && <dd className="text-sm text-slate-700 dark:text-slate-300">{note}</dd>}
    </div>
  );
}

/** The numbers a manager reads first: how much the engine does alone, and how much waits for people. */
export function SummaryNumbers() {
  const t = useReconciliationText();
  const { locale, date } = useI18n();
  const dateTime = useDateTime();
  const query = useSummary();
  if (query.isPending) return <Skeleton rows={2} label={t('numbers.title')} />;
  if (query.error) {
    return <QueryError what={t('numbers.title')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const summary = query.data;
  const count = (n: number) => formatCount(n, locale);
  const share =
    summary.auto_matched_share === null
      ? t('numbers.none')
      : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
          summary.auto_matched_share,
        );
  return (
    <section aria-labelledby="numbers-title">
      <h3 id="numbers-title" className="sr-only">
        {t('numbers.title')}
      </h3>
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Figure
          label={t('numbers.autoShare')}
          value={share}
          note={
            summary.confirmed_this_week === 0
              ? t('numbers.nothingConfirmed')
              : t('numbers.autoShareOf', {
                  auto: count(summary.auto_confirmed_this_week),
                  total: count(summary.confirmed_this_week),
                })
          }
          testId="auto-share"
        />
        <Figure label={t('numbers.waiting')} value={count(summary.proposals_waiting)} testId="waiting" />
        <Figure
          label={t('numbers.oldest')}
          value={
            summary.oldest_waiting_booking_date === null
              ? t('numbers.none')
              : date(summary.oldest_waiting_booking_date)
          }
          {...(summary.oldest_waiting_since
            ? { note: t('numbers.oldestSince', { date: dateTime(summary.oldest_waiting_since) }) }
            : {})}
          testId="oldest-waiting"
        />
        <Figure
          label={t('numbers.unmatchedTransactions')}
          value={count(summary.unmatched_transactions)}
          testId="unmatched-transactions"
        />
        <Figure
          label={t('numbers.unmatchedOpenItems')}
          value={count(summary.unmatched_open_items)}
          testId="unmatched-open-items"
        />
      </dl>
    </section>
  );
}
