import { lazy, Suspense, useMemo } from 'react';
import { formatMoney } from '../../banking/money';
import type { CashflowPeriod } from '../../contract/reporting';
import { Empty } from '../components/QueryStates';
import { balanceRange, cashflowSeries } from '../features/reporting/cashflow-series';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';

// Recharts (~100 KB gzipped) is fetched only once a balance line is about to be drawn.
const BalanceLine = lazy(() => import('./BalanceLine'));

/**
 * A balance line with its text alternative: the first, last, lowest and highest closing balance, in
 * exact SEK. A sparkline (`compact`) is one image with that label; a full chart, which a keyboard can
 * step through, is a figure with the sentence as its caption.
 */
export function BalanceFigure({
  periods,
  summaryKey,
  compact = false,
  height,
  testId,
}: {
  periods: readonly CashflowPeriod[];
  summaryKey: Extract<MessageKey, 'sparklineSummary' | 'balanceHistorySummary'>;
  compact?: boolean;
  height: number;
  testId: string;
}) {
  const { t, locale, date } = useI18n();
  const range = useMemo(() => balanceRange(cashflowSeries(periods)), [periods]);
  if (!range) return <Empty />;
  const sek = (minor: bigint) => formatMoney(minor, 'SEK', locale, { currencyDisplay: 'code' });
  const summary = t(summaryKey, {
    first: sek(range.first.closing),
    from: date(range.first.end),
    last: sek(range.last.closing),
    to: date(range.last.end),
    min: sek(range.min),
    max: sek(range.max),
  });
  const chart = (
    <Suspense
      fallback={<div style={{ height }} className="animate-pulse rounded bg-slate-100 dark:bg-slate-800" />}
    >
      <BalanceLine periods={periods} compact={compact} height={height} />
    </Suspense>
  );
  if (compact) {
    return (
      <div role="img" aria-label={summary} data-testid={testId} data-points={periods.length}>
        {chart}
      </div>
    );
  }
  return (
    <figure data-testid={testId} data-points={periods.length} className="space-y-2">
      <figcaption className="text-sm text-slate-600 dark:text-slate-300">{summary}</figcaption>
      {chart}
    </figure>
  );
}
