/**
 * Index sets of `values` (2..maxSize members) whose sum lies within `tolerance` of `target`. The
 * values are checked safe integers (minor units), so the search runs on plain numbers; callers
 * keep money as bigint everywhere else. At most `limit` sets are returned.
 */
export function subsetsNear(
  values: readonly number[],
  target: number,
  tolerance: number,
  maxSize: number,
  limit = 8,
): number[][] {
  const found: number[][] = [];
  const order = values.map((_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const chosen: number[] = [];
  const visit = (start: number, sum: number): void => {
    if (found.length >= limit) return;
    if (chosen.length >= 2 && Math.abs(sum - target) <= tolerance) found.push([...chosen]);
    if (chosen.length === maxSize) return;
    for (let k = start; k < order.length; k++) {
      const index = order[k] ?? 0;
      const value = values[index] ?? 0;
      // Ascending order: once one value overshoots, every later one does too.
      if (sum + value > target + tolerance) break;
      chosen.push(index);
      visit(k + 1, sum + value);
      chosen.pop();
    }
  };
  visit(0, 0);
  return found;
}

export function toSafeNumber(minor: bigint): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${minor} minor units is beyond the range the matcher searches exactly`);
  }
  return Number(minor);
}
