import { lazy, Suspense, useId } from 'react';
import { addDays, dateParts, isoDate, parseIsoDate, type IsoDate } from '../../../banking/dates';
import type { Cashflow } from '../../../contract/reporting';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { downloadText } from '../../lib/csv';
import { useI18n } from '../../lib/i18n';
import { useViewParams } from '../../shell/view-params';
import { ForecastOverview } from '../forecast/ForecastOverview';
import { ForecastSummary } from '../forecast/ForecastSummary';
import { ForecastTable } from '../forecast/ForecastTable';
import { KnownFlows } from '../forecast/KnownFlows';
import { useForecastPoints, useForecastView } from '../forecast/use-forecast-view';
import { KoncernGate } from '../koncerner/KoncernGate';
import { useCashflow, type CashflowInterval } from '../reporting/get-cashflow';
import { cashflowCsv } from './cashflow-csv';

const INTERVALS = ['day', 'week', 'month'] as const;

// Recharts (~100 KB gzipped) is fetched only when a chart is about to be drawn.
const CashflowChart = lazy(() => import('./CashflowChart'));

function intervalOf(value: string | null): CashflowInterval {
  return value === 'day' || value === 'week' ? value : 'month';
}

/** The default range ending on `to`: 30 days, 13 weeks or 12 months. */
export function defaultFrom(to: IsoDate, interval: CashflowInterval): IsoDate {
  if (interval === 'day') return addDays(to, -29);
  if (interval === 'week') return addDays(to, -7 * 13 + 1);
  const { year, month } = dateParts(to);
  const start = month === 12 ? isoDate(year, 1, 1) : isoDate(year - 1, month + 1, 1);
  return start;
}

export function CashflowPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('cashflow')}
      </h2>
      <KoncernGate>{(koncernId) => <CashflowView koncernId={koncernId} />}</KoncernGate>
    </section>
  );
}

function CashflowView({ koncernId }: { koncernId: string }) {
  const { t, locale } = useI18n();
  const { date, params, set } = useViewParams();
  const interval = intervalOf(params.get('interval'));
  const to = parseIsoDate(date);
  const toDate = to.ok ? to.value : null;
  const rawFrom = params.get('from');
  const parsedFrom = rawFrom ? parseIsoDate(rawFrom) : null;
  const from =
    parsedFrom?.ok && toDate && parsedFrom.value <= toDate
      ? parsedFrom.value
      : toDate
        ? defaultFrom(toDate, interval)
        : null;
  const showIntra = params.get('intra') !== 'hide';
  const forecastView = useForecastView(koncernId, toDate);
  const query = useCashflow(
    from && toDate ? { koncernId, from, to: toDate, interval, forecastWeeks: forecastView.weeks } : null,
  );
  const forecastPoints = useForecastPoints(query.data?.forecast, forecastView.weeksBelow);
  const tableId = useId();
  const forecastTableId = useId();
  const knownFlowsId = useId();
  return (
    <>
      <form
        aria-label={t('filters')}
        className="card flex flex-wrap items-end gap-4 text-sm"
        onSubmit={(event) => event.preventDefault()}
      >
        <fieldset className="flex flex-col gap-0.5">
          <legend>{t('interval')}</legend>
          <div className="flex gap-1">
            {INTERVALS.map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={option === interval}
                className={option === interval ? 'btn' : 'btn-secondary'}
                onClick={() => set({ interval: option === 'month' ? null : option, from: null })}
              >
                {t(`interval.${option}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-0.5">
          <span>{t('dateFrom')}</span>
          <input
            type="date"
            className="field"
            value={from ?? ''}
            max={toDate ?? undefined}
            onChange={(event) => set({ from: event.target.value })}
          />
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={showIntra}
            onChange={(event) => set({ intra: event.target.checked ? null : 'hide' })}
          />
          <span>{t('showIntraGroup')}</span>
        </label>
      </form>
      <ForecastOverview koncernId={koncernId} weeks={forecastView.weeks} warnings={forecastView.warnings} />
      <div className="card overflow-x-auto">
        {query.isPending ? (
          <Skeleton rows={8} />
        ) : query.error ? (
          <QueryError what={t('cashflow')} error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.periods.length === 0 ? (
          <Empty />
        ) : (
          <>
            <div className="mb-2 flex flex-wrap items-center justify-end gap-2">
              <button
                type="button"
                className="btn-secondary"
                onClick={() =>
                  downloadText(
                    `cashflow-${query.data.interval}-${query.data.from}-${query.data.to}.csv`,
                    cashflowCsv(query.data, locale),
                  )
                }
              >
                {t('exportCsv')}
              </button>
            </div>
            <Suspense fallback={<Skeleton rows={8} />}>
              <CashflowChart
                data={query.data}
                showIntra={showIntra}
                tableId={query.data.forecast ? `${tableId} ${forecastTableId}` : tableId}
                forecastPoints={forecastPoints}
                onChooseForecast={forecastView.chooseInChart}
              />
            </Suspense>
            {query.data.forecast && (
              <div id={knownFlowsId} className="mt-2 space-y-2">
                <ForecastSummary
                  forecast={query.data.forecast}
                  shaded={forecastPoints.some((point) => point.belowBuffer)}
                />
                <KnownFlows
                  periods={query.data.forecast.periods}
                  choice={forecastView.choice}
                  onClose={() => forecastView.chooseInTable(null)}
                />
              </div>
            )}
            <CashflowTable id={tableId} data={query.data} showIntra={showIntra} />
            {query.data.forecast && (
              <ForecastTable
                id={forecastTableId}
                forecast={query.data.forecast}
                points={forecastPoints}
                chosen={forecastView.choice?.period ?? null}
                drillDownId={knownFlowsId}
                onChoose={forecastView.chooseInTable}
              />
            )}
          </>
        )}
      </div>
    </>
  );
}

function CashflowTable({ id, data, showIntra }: { id: string; data: Cashflow; showIntra: boolean }) {
  const { t, money } = useI18n();
  const plain = (value: { amount: string; currency: string }) => money(value);
  return (
    <table id={id} className="data-table mt-4" data-testid="cashflow-table" data-interval={data.interval}>
      <caption className="sr-only">
        {t('cashflow')} — {t(`interval.${data.interval}`)}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('period')}</th>
          <th scope="col" className="num">
            {t('opening')}
          </th>
          <th scope="col" className="num">
            {t('inflow')}
          </th>
          <th scope="col" className="num">
            {t('outflow')}
          </th>
          <th scope="col" className="num">
            {t('net')}
          </th>
          {showIntra && (
            <th scope="col" className="num">
              {t('intraGroupNet')}
            </th>
          )}
          <th scope="col" className="num">
            {t('fxRevaluation')}
          </th>
          <th scope="col" className="num">
            {t('closing')}
          </th>
        </tr>
      </thead>
      <tbody>
        {data.periods.map((period) => (
          <tr key={period.period}>
            <th scope="row" className="font-normal whitespace-nowrap">
              {period.period}
            </th>
            <td className="num">{plain(period.opening_balance)}</td>
            <td className="num">{plain(period.inflow)}</td>
            <td className="num">{plain(period.outflow)}</td>
            <td className="num">{plain(period.net)}</td>
            {showIntra && <td className="num">{plain(period.intra_group.net)}</td>}
            <td className="num">{plain(period.fx_revaluation)}</td>
            <td className="num font-medium">{plain(period.closing_balance)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="font-semibold">
          <th scope="row" className="text-left">
            {t('totals')}
          </th>
          <td className="num">{plain(data.totals.opening_balance)}</td>
          <td className="num">{plain(data.totals.inflow)}</td>
          <td className="num">{plain(data.totals.outflow)}</td>
          <td className="num">{plain(data.totals.net)}</td>
          {showIntra && <td className="num">{plain(data.totals.intra_group.net)}</td>}
          <td className="num">{plain(data.totals.fx_revaluation)}</td>
          <td className="num">{plain(data.totals.closing_balance)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
