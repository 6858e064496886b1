import type { CashflowForecast } from '../../../contract/forecast';
import type { WireAmount } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { ForecastPoint } from './forecast-series';
import { useForecastText } from './messages';

/**
 * The forecast periods under the history's table, each marked as forecast, with its 80 % and 95 %
 * bands; the chart's text alternative for the forecast. A period's button opens what drives it.
 */
export function ForecastTable({
  id,
  forecast,
  points,
  chosen,
  drillDownId,
  onChoose,
}: {
  id: string;
  forecast: CashflowForecast;
  points: readonly ForecastPoint[];
  chosen: string | null;
  drillDownId: string;
  onChoose: (period: string | null) => void;
}) {
  const t = useForecastText();
  const { t: appText, money, date } = useI18n();
  const flags = new Map(points.map((point) => [point.period, point]));
  return (
    <table id={id} className="data-table mt-4" data-testid="forecast-table">
      <caption className="text-left font-semibold">
        {t('forecastTitle', { weeks: forecast.weeks })}{' '}
        <span className="font-normal text-slate-600 dark:text-slate-300">
          (
          {t('periodRange', { from: date(forecast.periods[0]?.start ?? forecast.to), to: date(forecast.to) })}
          )
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{appText('period')}</th>
          <th scope="col" className="num">
            {appText('opening')}
          </th>
          <th scope="col" className="num">
            {appText('inflow')}
          </th>
          <th scope="col" className="num">
            {appText('outflow')}
          </th>
          <th scope="col" className="num">
            {appText('net')}
          </th>
          <th scope="col" className="num">
            {appText('closing')}
          </th>
          <th scope="col" className="num">
            {t('band80')}
          </th>
          <th scope="col" className="num">
            {t('band95')}
          </th>
        </tr>
      </thead>
      <tbody>
        {forecast.periods.map((period) => {
          const flag = flags.get(period.period);
          const isChosen = chosen === period.period;
          return (
            <tr key={period.period} data-kind="forecast" data-below-buffer={flag?.belowBuffer ?? false}>
              <th scope="row" className="font-normal whitespace-nowrap">
                <button
                  type="button"
                  className="underline decoration-dotted underline-offset-2"
                  aria-expanded={isChosen}
                  aria-controls={drillDownId}
                  aria-label={t('showFlows', { period: period.period })}
                  onClick={() => onChoose(isChosen ? null : period.period)}
                >
                  {period.period}
                </button>{' '}
                <span className="rounded bg-sky-100 px-1 text-xs text-sky-900 dark:bg-sky-900 dark:text-sky-100">
                  {t('forecast')}
                </span>
                {flag?.belowBuffer && ' '}
                {flag?.belowBuffer && (
                  <span className=" rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                    {t('belowBuffer')}
                  </span>
                )}
                {flag?.lowest != null && ' '}
                {flag?.lowest != null && (
                  <span className=" rounded bg-rose-100 px-1 text-xs text-rose-900 dark:bg-rose-900 dark:text-rose-100">
                    {t('lowestMarker')}
                  </span>
                )}
              </th>
              <td className="num">{money(period.opening_balance)}</td>
              <td className="num">{money(period.inflow)}</td>
              <td className="num">{money(period.outflow)}</td>
              <td className="num">{money(period.net)}</td>
              <td className="num font-medium">{money(period.closing_balance)}</td>
              <BandCell band={period.band_80} />
              <BandCell band={period.band_95} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A band's low and high on two lines, so the table stays within the page. */
function BandCell({ band }: { band: { low: WireAmount; high: WireAmount } }) {
  const { money } = useI18n();
  return (
    <td className="num whitespace-nowrap">
      <span className="block">{money(band.low)} </span>
      <span className="block">– {money(band.high)}</span>
    </td>
  );
}
