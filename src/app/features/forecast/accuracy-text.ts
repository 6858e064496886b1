import type { ForecastAccuracy } from '../../../contract/forecast';
import type { DisplayLocale } from '../../../banking/money';
import { forecastText } from './messages';

/** A fraction as a percentage with at most one decimal: 0.031 is `3,1 %` (sv-SE) or `3.1%` (en-GB). */
export function formatShare(fraction: number, locale: DisplayLocale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/**
 * The backtest in words, as the issue phrases it: the mean error of the weekly balance and how often
 * the actual balance fell inside the 80 % band, then the seasonal-naive baseline to compare with.
 * Without a single backtested origin there is nothing to state.
 */
export function accuracySentences(accuracy: ForecastAccuracy, locale: DisplayLocale): string[] {
  const t = forecastText(locale === 'sv-SE' ? 'sv' : 'en');
  if (accuracy.origins === 0) return [t('accuracyNone')];
  return [
    t('accuracy', {
      mape: formatShare(accuracy.mape, locale),
      coverage: formatShare(accuracy.coverage_80, locale),
    }),
    t('accuracyBaseline', { baseline: formatShare(accuracy.baseline_mape, locale) }),
  ];
}
