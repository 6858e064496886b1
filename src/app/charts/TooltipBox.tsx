import type { ReactNode } from 'react';
import type { ChartColors } from './chart-colors';

/** A chart tooltip's frame in the theme's colours; the rows are the exact figures of one point. */
export function TooltipBox({
  colors,
  title,
  rows,
}: {
  colors: ChartColors;
  title: string;
  rows: readonly { label: string; value: string; color: string }[];
}): ReactNode {
  return (
    <div
      className="rounded border px-3 py-2 text-sm shadow"
      style={{ background: colors.tooltipBackground, borderColor: colors.tooltipBorder }}
    >
      <p className="font-semibold">{title}</p>
      <dl className="grid grid-cols-[auto_auto] gap-x-3">
        {rows.map((row) => (
          <div key={row.label} className="contents">
            <dt style={{ color: row.color }}>{row.label}</dt>
            <dd className="text-right tabular-nums">{row.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
