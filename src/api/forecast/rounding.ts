/**
 * The one rounding rule of the forecast: the statistics run in floating point (means, factors,
 * standard deviations), and every amount the forecast returns is a float rounded exactly once to a
 * whole minor unit, half away from zero (the rule of `convert` in the banking module). Sums of
 * rounded amounts are then exact bigint sums, so periods and totals add up to the minor unit.
 */
export function roundMinor(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value} to a minor unit`);
  const magnitude = Math.floor(Math.abs(value) + 0.5);
  return BigInt(value < 0 ? -magnitude : magnitude);
}
