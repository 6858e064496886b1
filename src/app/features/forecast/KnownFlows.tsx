import { useEffect, useId, useRef } from 'react';
import type { ForecastPeriod } from '../../../contract/forecast';
import { formatCount, formatPeriod } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { ForecastChoice } from './use-forecast-view';
import { categoryText, useForecastText } from './messages';

/**
 * The drill-down of one forecast period: what drives it. The known flows (payment batches,
 * receivables, payables) and the recurring flows with their dates and amounts, and how the period's
 * net splits between known, recurring and the statistical rest.
 */
export function KnownFlows({
  periods,
  choice,
  onClose,
}: {
  periods: readonly ForecastPeriod[];
  choice: ForecastChoice | null;
  onClose: () => void;
}) {
  const t = useForecastText();
  const { money, date, locale } = useI18n();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const period = choice ? periods.find((candidate) => candidate.period === choice.period) : undefined;
  useEffect(() => {
    if (choice?.fromChart) heading.current?.focus();
  }, [choice]);
  if (!period) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="known-flows-hint">
        {t('knownFlowsHint')}
      </p>
    );
  }
  const label = formatPeriod(period.period, locale);
  return (
    <section
      aria-labelledby={headingId}
      data-testid="known-flows"
      data-period={period.period}
      className="space-y-3 rounded-md border border-slate-300 p-3 dark:border-slate-600"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={headingId} ref={heading} tabIndex={-1} className="font-semibold">
          {t('knownFlowsTitle', { period: label })}{' '}
          <span className="font-normal text-slate-600 dark:text-slate-300">
            ({t('periodRange', { from: date(period.start), to: date(period.end) })})
          </span>
        </h3>
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t('closeFlows')}
        </button>
      </div>
      <p className="text-sm">
        {t('sourcesSplit', {
          known: money(period.sources.known.net),
          recurring: money(period.sources.recurring.net),
          statistical: money(period.sources.statistical.net),
        })}
      </p>
      {period.known_flows.length === 0 ? (
        <p className="text-sm">{t('knownFlowsNone')}</p>
      ) : (
        <table className="data-table" data-testid="known-flows-table">
          <caption className="text-left font-medium">{t('knownFlowsTitle', { period: label })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('kindOf')}</th>
              <th scope="col">{t('counterparty')}</th>
              <th scope="col" className="num">
                {t('amount')}
              </th>
              <th scope="col" className="num">
                {t('inSek')}
              </th>
            </tr>
          </thead>
          <tbody>
            {period.known_flows.map((flow) => (
              <tr key={`${flow.source}:${flow.reference}:${flow.date}`}>
                <td className="whitespace-nowrap">
                  {date(flow.date)}
                  {flow.scheduled_date !== flow.date && (
                    <span className="block text-xs text-slate-600 dark:text-slate-300">
                      {t('scheduled')}: {date(flow.scheduled_date)}
                    </span>
                  )}
                </td>
                <td>{t(`source.${flow.source}`)}</td>
                <td>{flow.counterparty}</td>
                <td className="num">{money(flow.amount)}</td>
                <td className="num">{money(flow.sek)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {period.known_flows_omitted.count > 0 && (
        <p className="text-sm" data-testid="known-flows-omitted">
          {t('knownFlowsOmitted', {
            count: formatCount(period.known_flows_omitted.count, locale),
            inflow: money(period.known_flows_omitted.inflow),
            outflow: money(period.known_flows_omitted.outflow),
          })}
        </p>
      )}
      {period.recurring_flows.length === 0 ? (
        <p className="text-sm">{t('recurringFlowsNone')}</p>
      ) : (
        <table className="data-table" data-testid="recurring-flows-table">
          <caption className="text-left font-medium">{t('recurringFlowsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('category')}</th>
              <th scope="col" className="num">
                {t('amount')}
              </th>
              <th scope="col" className="num">
                {t('inSek')}
              </th>
            </tr>
          </thead>
          <tbody>
            {period.recurring_flows.map((flow, index) => (
              <tr key={`${flow.account_id}:${flow.category}:${flow.date}:${index}`}>
                <td className="whitespace-nowrap">{date(flow.date)}</td>
                <td>
                  {categoryText(t, flow.category)}
                  {flow.intra_group && ` (${t('intraGroup')})`}
                </td>
                <td className="num">{money(flow.amount)}</td>
                <td className="num">{money(flow.sek)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
