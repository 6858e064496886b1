import type { UseQueryResult } from '@tanstack/react-query';
import type { LiquidityWarnings } from '../../../contract/forecast';
import { AccuracyText } from './AccuracyText';
import { LiquidityWarningList } from './LiquidityWarningList';
import { useForecastText } from './messages';

/** Above the chart: how far the forecast can be trusted, and which companies run short. */
export function ForecastOverview({
  koncernId,
  weeks,
  warnings,
}: {
  koncernId: string;
  weeks: number | undefined;
  warnings: UseQueryResult<LiquidityWarnings>;
}) {
  const t = useForecastText();
  return (
    <section aria-label={t('forecast')} className="card grid grid-cols-1 gap-4 text-sm md:grid-cols-2">
      {weeks === undefined ? (
        <p className="md:col-span-2">{t('notToday')}</p>
      ) : (
        <>
          <AccuracyText koncernId={koncernId} />
          <LiquidityWarningList query={warnings} weeks={weeks} />
        </>
      )}
    </section>
  );
}
