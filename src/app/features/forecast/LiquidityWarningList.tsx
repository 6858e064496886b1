import type { UseQueryResult } from '@tanstack/react-query';
import type { LiquidityWarnings, ScopeWarning } from '../../../contract/forecast';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { formatPeriod } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useForecastText } from './messages';

/** The companies (and the koncern) projected below zero or their buffer, and the outflows behind it. */
export function LiquidityWarningList({
  query,
  weeks,
}: {
  query: UseQueryResult<LiquidityWarnings>;
  weeks: number;
}) {
  const t = useForecastText();
  return (
    <div className="space-y-1">
      <h3 className="font-semibold">{t('warningsTitle')}</h3>
      {query.isPending ? (
        <Skeleton rows={2} />
      ) : query.error ? (
        <QueryError what={t('warningsWhat')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Warnings data={query.data} weeks={weeks} />
      )}
    </div>
  );
}

function Warnings({ data, weeks }: { data: LiquidityWarnings; weeks: number }) {
  const t = useForecastText();
  const scopes = [...(data.koncern ? [data.koncern] : []), ...data.companies].filter(
    (scope) => scope.warning,
  );
  if (scopes.length === 0) {
    return (
      <p data-testid="liquidity-warnings" data-count={0}>
        {t('noWarnings', { weeks })}
      </p>
    );
  }
  return (
    <ul data-testid="liquidity-warnings" data-count={scopes.length} className="space-y-3">
      {scopes.map((scope) => (
        <WarningItem key={scope.company_id ?? 'koncern'} scope={scope} />
      ))}
    </ul>
  );
}

function WarningItem({ scope }: { scope: ScopeWarning }) {
  const t = useForecastText();
  const { money, date, locale } = useI18n();
  const breach = scope.first_breach_date ?? scope.lowest.date;
  const headline =
    scope.below_buffer && scope.minimum_buffer
      ? t('warningBelowBuffer', { name: scope.name, buffer: money(scope.minimum_buffer), date: date(breach) })
      : t('warningBelowZero', { name: scope.name, date: date(breach) });
  return (
    <li className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <p className="font-medium">{headline}</p>
      <p className="text-sm">
        {t('warningLowest', { balance: money(scope.lowest.balance), date: date(scope.lowest.date) })}
        {scope.weeks_below.length > 0 &&
          ` ${t('warningWeeks', { weeks: scope.weeks_below.map((week) => formatPeriod(week, locale)).join(', ') })}`}
      </p>
      {scope.causes.length > 0 && (
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer">{t('warningCauses')}</summary>
          <ul className="mt-1 list-disc pl-5">
            {scope.causes.map((cause, index) => (
              <li key={`${cause.source}:${cause.reference ?? cause.description}:${cause.date}:${index}`}>
                {date(cause.date)} · {t(`source.${cause.source}`)} · {cause.description}:{' '}
                <span className="tabular-nums">{money(cause.sek)}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
