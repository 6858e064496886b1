import { useCallback, useMemo, useState } from 'react';
import { todayInStockholm } from '../../../banking/dates';
import { DEFAULT_WARNING_WEEKS, type CashflowForecast } from '../../../contract/forecast';
import { forecastSeries, weeksBelowBuffer, type ForecastPoint } from './forecast-series';
import { useLiquidityWarnings } from './get-liquidity-warnings';

export interface ForecastChoice {
  period: string;
  /** Chosen in the chart: the drill-down takes the focus so a keyboard user lands on it. */
  fromChart: boolean;
}

/**
 * The forecast's state on the cashflow page. The forecast continues from today's balance, so it is
 * asked for only while the page shows today (`weeks` is then 13, otherwise undefined).
 */
export function useForecastView(koncernId: string, to: string | null) {
  const weeks = to !== null && to === todayInStockholm() ? DEFAULT_WARNING_WEEKS : undefined;
  const warnings = useLiquidityWarnings(weeks === undefined ? null : { koncernId, weeks });
  const weeksBelow = useMemo(() => weeksBelowBuffer(warnings.data), [warnings.data]);
  const [choice, setChoice] = useState<ForecastChoice | null>(null);
  const chooseInChart = useCallback((period: string) => setChoice({ period, fromChart: true }), []);
  const chooseInTable = useCallback(
    (period: string | null) => setChoice(period === null ? null : { period, fromChart: false }),
    [],
  );
  return { weeks, warnings, weeksBelow, choice, chooseInChart, chooseInTable };
}

export function useForecastPoints(
  forecast: CashflowForecast | null | undefined,
  weeksBelow: ReadonlySet<string>,
): ForecastPoint[] {
  return useMemo(() => (forecast ? forecastSeries(forecast, weeksBelow) : []), [forecast, weeksBelow]);
}
