import { QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { accuracySentences } from './accuracy-text';
import { useForecastAccuracy } from './get-forecast-accuracy';
import { useForecastText } from './messages';

/** How far the forecast could be trusted over the last 12 months, in words. */
export function AccuracyText({ koncernId }: { koncernId: string }) {
  const t = useForecastText();
  const { locale } = useI18n();
  const query = useForecastAccuracy(koncernId);
  return (
    <div className="space-y-1">
      <h3 className="font-semibold">{t('accuracyTitle')}</h3>
      {query.isPending ? (
        <Skeleton rows={1} />
      ) : query.error ? (
        <QueryError what={t('accuracyWhat')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <p data-testid="forecast-accuracy" data-origins={query.data.origins}>
          {accuracySentences(query.data, locale).join(' ')}
        </p>
      )}
    </div>
  );
}
