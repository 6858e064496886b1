import { useId, useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { formatMoney } from '../../../banking/money';
import type { Cashflow } from '../../../contract/reporting';
import { useChartColors } from '../../charts/chart-colors';
import { TooltipBox } from '../../charts/TooltipBox';
import { formatCompact, formatCount, formatPeriod } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import {
  ForecastLayers,
  ForecastTooltip,
  isForecastRow,
  useForecastChoice,
  withForecastRows,
} from '../forecast/forecast-chart';
import { periodOfKey, type ForecastPoint } from '../forecast/forecast-series';
import { cashflowSeries, chartValue, type CashflowPoint } from '../reporting/cashflow-series';

interface ChartRow {
  key: string;
  period: string;
  inflow: number;
  outflow: number;
  net: number;
  intraGroupNet: number;
  closing: number;
  point: CashflowPoint;
}

/**
 * Inflow and outflow bars (stacked by sign), net and closing balance lines, and intra-group transfers
 * as their own bars or not at all. Loaded on its own with Recharts; the table under it (`tableId`)
 * holds the same numbers and is the chart's text alternative.
 */
export default function CashflowChart({
  data,
  showIntra,
  tableId,
  forecastPoints = [],
  onChooseForecast = () => undefined,
}: {
  data: Cashflow;
  showIntra: boolean;
  tableId: string;
  /** The forecast after the history: its periods continue the chart. */
  forecastPoints?: readonly ForecastPoint[];
  onChooseForecast?: (period: string) => void;
}) {
  const { t, locale, date } = useI18n();
  const colors = useChartColors();
  const captionId = useId();
  const points = useMemo(() => cashflowSeries(data.periods), [data.periods]);
  const historyRows: ChartRow[] = points.map((point) => ({
    key: point.period,
    period: point.period,
    inflow: chartValue(point.inflow),
    outflow: chartValue(point.outflow),
    net: chartValue(point.net),
    intraGroupNet: chartValue(point.intraGroupNet),
    closing: chartValue(point.closing),
    point,
  }));
  const rows = withForecastRows(historyRows, forecastPoints);
  const forecastChoice = useForecastChoice(onChooseForecast);
  const sek = (minor: bigint) => formatMoney(minor, 'SEK', locale, { currencyDisplay: 'code' });
  const perPoint = points[0]?.periods ?? 1;
  const axis = { stroke: colors.axis, tick: { fill: colors.axis, fontSize: 12 } };
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const row = payload[0]?.payload as ChartRow | (typeof rows)[number] | undefined;
    if (!active || !row) return null;
    if (isForecastRow(row)) return <ForecastTooltip point={row.forecast} colors={colors} />;
    const { point } = row;
    return (
      <TooltipBox
        colors={colors}
        title={
          point.periods > 1
            ? t('range', { from: date(point.start), to: date(point.end) })
            : formatPeriod(point.period, locale)
        }
        rows={[
          { label: t('inflow'), value: sek(point.inflow), color: colors.inflow },
          { label: t('outflow'), value: sek(point.outflow), color: colors.outflow },
          ...(showIntra
            ? [{ label: t('intraGroupNet'), value: sek(point.intraGroupNet), color: colors.intraGroup }]
            : []),
          { label: t('net'), value: sek(point.net), color: colors.net },
          { label: t('closing'), value: sek(point.closing), color: colors.closing },
        ]}
      />
    );
  };
  return (
    <figure
      data-testid="cashflow-chart"
      data-interval={data.interval}
      data-points={points.length}
      data-forecast-points={forecastPoints.length}
      aria-labelledby={captionId}
      aria-describedby={tableId}
      className="space-y-2"
      onKeyDown={forecastChoice.onKeyDown}
    >
      <figcaption id={captionId} className="text-sm text-slate-600 dark:text-slate-300">
        {t('cashflowChartCaption', {
          interval: t(`interval.${data.interval}`).toLowerCase(),
          count: formatCount(data.periods.length, locale),
          from: date(data.from),
          to: date(data.to),
        })}{' '}
        {perPoint > 1 && `${t('chartGrouped', { size: formatCount(perPoint, locale) })} `}
        {t('chartTableNote')}
      </figcaption>
      <ComposedChart
        responsive
        style={{ width: '100%', height: 340 }}
        data={rows}
        stackOffset="sign"
        margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
        onClick={(state) => forecastChoice.onClick(rows, state.activeTooltipIndex ?? undefined)}
      >
        <CartesianGrid stroke={colors.grid} vertical={false} />
        <XAxis
          dataKey="key"
          tickFormatter={(key: string) => formatPeriod(periodOfKey(key), locale)}
          minTickGap={12}
          {...axis}
        />
        <YAxis
          yAxisId="flow"
          tickFormatter={(value: number) => formatCompact(value, locale)}
          width={64}
          {...axis}
        />
        <YAxis
          yAxisId="balance"
          orientation="right"
          tickFormatter={(value: number) => formatCompact(value, locale)}
          width={64}
          {...axis}
        />
        <ReferenceLine yAxisId="flow" y={0} stroke={colors.axis} />
        <Tooltip content={tooltip} cursor={{ fill: colors.grid, fillOpacity: 0.5 }} />
        <Legend wrapperStyle={{ color: colors.axis }} />
        <Bar
          yAxisId="flow"
          dataKey="inflow"
          name={t('inflow')}
          stackId="flow"
          fill={colors.inflow}
          isAnimationActive={false}
        />
        <Bar
          yAxisId="flow"
          dataKey="outflow"
          name={t('outflow')}
          stackId="flow"
          fill={colors.outflow}
          isAnimationActive={false}
        />
        {showIntra && (
          <Bar
            yAxisId="flow"
            dataKey="intraGroupNet"
            name={t('intraGroupNet')}
            fill={colors.intraGroup}
            isAnimationActive={false}
          />
        )}
        <Line
          yAxisId="flow"
          dataKey="net"
          name={t('net')}
          stroke={colors.net}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          yAxisId="balance"
          dataKey="closing"
          name={t('closing')}
          stroke={colors.closing}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <ForecastLayers points={forecastPoints} colors={colors} />
        {forecastChoice.probe}
      </ComposedChart>
    </figure>
  );
}
