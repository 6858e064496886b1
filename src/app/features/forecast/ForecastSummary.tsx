import type { CashflowForecast } from '../../../contract/forecast';
import { formatCount } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useForecastText } from './messages';

/** The forecast's part of the chart in words: its reach, its lowest point, and the shaded periods. */
export function ForecastSummary({ forecast, shaded }: { forecast: CashflowForecast; shaded: boolean }) {
  const t = useForecastText();
  const { date, money, locale } = useI18n();
  return (
    <div className="space-y-1 text-sm" data-testid="forecast-summary">
      <p>
        {t('forecastCaption', { count: formatCount(forecast.periods.length, locale), to: date(forecast.to) })}
      </p>
      {forecast.lowest && (
        <p data-testid="forecast-lowest">
          {t('lowestPoint', { balance: money(forecast.lowest.balance), date: date(forecast.lowest.date) })}
        </p>
      )}
      {shaded && <p>{t('belowBufferNote')}</p>}
    </div>
  );
}
