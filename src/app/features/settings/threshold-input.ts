/** The largest threshold, in basis points (100 %). */
const ALL_BASIS_POINTS = 10_000;

/**
 * A threshold typed as a percentage ("97", "97,5", "99.99 %") as the API's fraction (0.975), or null
 * when it is not a percentage from 0 to 100 with at most two decimals. Worked in whole basis points, so
 * the fraction sent is exactly the one typed.
 */
export function parsePercentThreshold(typed: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(typed.trim().replace(/[\s\u00a0\u202f]*%$/, ''));
  if (!match) return null;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return basisPoints <= ALL_BASIS_POINTS ? basisPoints / ALL_BASIS_POINTS : null;
}

/** The fraction as the person types it back: 0.975 → "97,5" (sv-SE) or "97.5" (en-GB). */
export function percentInputValue(fraction: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(
    fraction * 100,
  );
}
