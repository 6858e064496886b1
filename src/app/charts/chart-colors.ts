import { useTheme, type Theme } from '../lib/theme';

/** Series and axis colours per theme, each with enough contrast against that theme's card background. */
const PALETTES = {
  light: {
    inflow: '#047857',
    outflow: '#be123c',
    intraGroup: '#7c3aed',
    net: '#0f172a',
    closing: '#0369a1',
    grid: '#e2e8f0',
    axis: '#475569',
    tooltipBackground: '#ffffff',
    tooltipBorder: '#cbd5e1',
  },
  dark: {
    inflow: '#34d399',
    outflow: '#fb7185',
    intraGroup: '#c4b5fd',
    net: '#f1f5f9',
    closing: '#7dd3fc',
    grid: '#334155',
    axis: '#cbd5e1',
    tooltipBackground: '#0f172a',
    tooltipBorder: '#475569',
  },
} as const satisfies Record<Theme, Record<string, string>>;

export type ChartColors = (typeof PALETTES)[Theme];

export function useChartColors(): ChartColors {
  return PALETTES[useTheme()];
}
