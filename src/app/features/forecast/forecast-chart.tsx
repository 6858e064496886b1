import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Area, Bar, Line, ReferenceArea, ReferenceDot, useActiveTooltipDataPoints } from 'recharts';
import { formatMoney } from '../../../banking/money';
import type { ChartColors } from '../../charts/chart-colors';
import { TooltipBox } from '../../charts/TooltipBox';
import { formatPeriod } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useTheme } from '../../lib/theme';
import { chartValue } from '../reporting/cashflow-series';
import type { ForecastPoint } from './forecast-series';
import { useForecastText } from './messages';

/*
 * The forecast's part of the cashflow chart: its rows continue the history's, with their own keys,
 * lighter bars, a dashed closing balance inside its 80 % and 95 % bands, the lowest point and the
 * periods below a buffer. Recharts draws these layers from inside the chart (they read its state).
 */

export interface ForecastChartRow {
  key: string;
  period: string;
  forecastInflow: number;
  forecastOutflow: number;
  forecastClosing: number;
  band80: [number, number];
  band95: [number, number];
  forecast: ForecastPoint;
}

/** The line and the bands start from the last closing balance of the history, so they join it. */
interface BridgeFields {
  forecastClosing: number;
  band80: [number, number];
  band95: [number, number];
}

export function isForecastRow(row: unknown): row is ForecastChartRow {
  return typeof row === 'object' && row !== null && 'forecast' in row;
}

const range = (band: { low: bigint; high: bigint }): [number, number] => [
  chartValue(band.low),
  chartValue(band.high),
];

/** The history rows, the last one bridged to the forecast, then one row per forecast period. */
export function withForecastRows<Row extends { closing: number }>(
  rows: readonly Row[],
  points: readonly ForecastPoint[],
): (Row | (Row & BridgeFields) | ForecastChartRow)[] {
  if (points.length === 0) return [...rows];
  const last = rows.at(-1);
  const bridged = last
    ? [
        ...rows.slice(0, -1),
        {
          ...last,
          forecastClosing: last.closing,
          band80: [last.closing, last.closing] as [number, number],
          band95: [last.closing, last.closing] as [number, number],
        },
      ]
    : [];
  return [
    ...bridged,
    ...points.map((point) => ({
      key: point.key,
      period: point.period,
      forecastInflow: chartValue(point.inflow),
      forecastOutflow: chartValue(point.outflow),
      forecastClosing: chartValue(point.closing),
      band80: range(point.band80),
      band95: range(point.band95),
      forecast: point,
    })),
  ];
}

const WARNING = { light: '#b45309', dark: '#fbbf24' } as const;

export function ForecastLayers({
  points,
  colors,
}: {
  points: readonly ForecastPoint[];
  colors: ChartColors;
}) {
  const t = useForecastText();
  const warning = WARNING[useTheme()];
  const lowestPoint = points.find((point) => point.lowest !== null);
  if (points.length === 0) return null;
  return (
    <>
      {points
        .filter((point) => point.belowBuffer)
        .map((point) => (
          <ReferenceArea
            key={point.key}
            yAxisId="flow"
            x1={point.key}
            x2={point.key}
            fill={warning}
            fillOpacity={0.18}
            ifOverflow="extendDomain"
          />
        ))}
      <Area
        yAxisId="balance"
        dataKey="band95"
        name={t('band95')}
        fill={colors.closing}
        fillOpacity={0.12}
        stroke="none"
        isAnimationActive={false}
      />
      <Area
        yAxisId="balance"
        dataKey="band80"
        name={t('band80')}
        fill={colors.closing}
        fillOpacity={0.25}
        stroke="none"
        isAnimationActive={false}
      />
      <Bar
        yAxisId="flow"
        dataKey="forecastInflow"
        name={t('forecastInflow')}
        stackId="flow"
        fill={colors.inflow}
        fillOpacity={0.45}
        legendType="none"
        isAnimationActive={false}
      />
      <Bar
        yAxisId="flow"
        dataKey="forecastOutflow"
        name={t('forecastOutflow')}
        stackId="flow"
        fill={colors.outflow}
        fillOpacity={0.45}
        legendType="none"
        isAnimationActive={false}
      />
      <Line
        yAxisId="balance"
        dataKey="forecastClosing"
        name={t('forecastClosing')}
        stroke={colors.closing}
        strokeWidth={2}
        strokeDasharray="6 4"
        dot={false}
        isAnimationActive={false}
      />
      {lowestPoint?.lowest != null && (
        <ReferenceDot
          yAxisId="balance"
          x={lowestPoint.key}
          y={chartValue(lowestPoint.lowest)}
          r={5}
          fill={warning}
          stroke={colors.tooltipBackground}
          ifOverflow="extendDomain"
          label={{ value: t('lowestMarker'), position: 'bottom', fill: colors.axis, fontSize: 12 }}
        />
      )}
    </>
  );
}

/** The tooltip of a forecast period: its exact figures and bands. */
export function ForecastTooltip({ point, colors }: { point: ForecastPoint; colors: ChartColors }) {
  const t = useForecastText();
  const { t: appText, locale } = useI18n();
  const sek = (minor: bigint) => formatMoney(minor, 'SEK', locale, { currencyDisplay: 'code' });
  const band = (value: { low: bigint; high: bigint }) =>
    t('bandRange', { low: sek(value.low), high: sek(value.high) });
  return (
    <TooltipBox
      colors={colors}
      title={t('forecastPeriod', { period: formatPeriod(point.period, locale) })}
      rows={[
        { label: appText('inflow'), value: sek(point.inflow), color: colors.inflow },
        { label: appText('outflow'), value: sek(point.outflow), color: colors.outflow },
        { label: appText('net'), value: sek(point.net), color: colors.net },
        { label: appText('closing'), value: sek(point.closing), color: colors.closing },
        { label: t('band80'), value: band(point.band80), color: colors.axis },
        { label: t('band95'), value: band(point.band95), color: colors.axis },
      ]}
    />
  );
}

/** Keeps the row the chart's tooltip is on (moved by the pointer or the arrow keys) in `activeRef`. */
function ActiveRowProbe({ activeRef }: { activeRef: { current: unknown } }) {
  const active = useActiveTooltipDataPoints();
  useEffect(() => {
    activeRef.current = active?.[0];
  }, [active, activeRef]);
  return null;
}

/**
 * Choosing a forecast period in the chart: a click, or Enter (or Space) on the period the arrow keys
 * moved to. `probe` goes inside the chart, `onKeyDown` on an element around it.
 */
export function useForecastChoice(onChoose: (period: string) => void) {
  const activeRef = useRef<unknown>(undefined);
  return {
    probe: <ActiveRowProbe activeRef={activeRef} />,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const row = activeRef.current;
      if (!isForecastRow(row)) return;
      event.preventDefault();
      onChoose(row.period);
    },
    onClick: (rows: readonly unknown[], index: number | string | undefined) => {
      const row = index === undefined ? undefined : rows[Number(index)];
      if (isForecastRow(row)) onChoose(row.period);
    },
  };
}
