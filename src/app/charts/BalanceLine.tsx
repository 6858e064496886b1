import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatMoney } from '../../banking/money';
import type { CashflowPeriod } from '../../contract/reporting';
import { cashflowSeries, chartValue, type CashflowPoint } from '../features/reporting/cashflow-series';
import { formatCompact, formatPeriod } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useChartColors } from './chart-colors';
import { TooltipBox } from './TooltipBox';

interface BalanceRow {
  period: string;
  closing: number;
  point: CashflowPoint;
}

/**
 * Closing balances as a line over an area: bare as the overview's sparkline (`compact`), or with axes
 * and a tooltip as an account's balance history. The caller gives the text alternative.
 */
export default function BalanceLine({
  periods,
  compact = false,
  height,
}: {
  periods: readonly CashflowPeriod[];
  compact?: boolean;
  height: number;
}) {
  const { t, locale } = useI18n();
  const colors = useChartColors();
  const rows: BalanceRow[] = useMemo(
    () =>
      cashflowSeries(periods).map((point) => ({
        period: point.period,
        closing: chartValue(point.closing),
        point,
      })),
    [periods],
  );
  const axis = { stroke: colors.axis, tick: { fill: colors.axis, fontSize: 12 } };
  const tooltip = ({ active, payload }: TooltipContentProps) => {
    const row = payload[0]?.payload as BalanceRow | undefined;
    if (!active || !row) return null;
    return (
      <TooltipBox
        colors={colors}
        title={formatPeriod(row.period, locale)}
        rows={[
          {
            label: t('closing'),
            value: formatMoney(row.point.closing, 'SEK', locale, { currencyDisplay: 'code' }),
            color: colors.closing,
          },
        ]}
      />
    );
  };
  return (
    <AreaChart
      responsive
      style={{ width: '100%', height }}
      data={rows}
      accessibilityLayer={!compact}
      margin={compact ? { top: 2, right: 0, bottom: 2, left: 0 } : { top: 8, right: 8, bottom: 8, left: 8 }}
    >
      {!compact && <CartesianGrid stroke={colors.grid} vertical={false} />}
      <XAxis
        dataKey="period"
        hide={compact}
        tickFormatter={(period: string) => formatPeriod(period, locale)}
        minTickGap={16}
        {...axis}
      />
      <YAxis
        hide={compact}
        domain={['auto', 'auto']}
        tickFormatter={(value: number) => formatCompact(value, locale)}
        width={64}
        {...axis}
      />
      {!compact && <Tooltip content={tooltip} />}
      <Area
        dataKey="closing"
        name={t('closing')}
        type="monotone"
        stroke={colors.closing}
        strokeWidth={2}
        fill={colors.closing}
        fillOpacity={0.15}
        dot={false}
        isAnimationActive={false}
      />
    </AreaChart>
  );
}
