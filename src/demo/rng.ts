/**
 * The demo generator's only source of randomness: a seeded sfc32 PRNG (Chris Doty-Humphrey's
 * Small Fast Counter, 32-bit variant), seeded through a string hash so that every part of the
 * generator can fork an independent stream by label. Same seed and label, same numbers; nothing
 * here reads the clock or Math.random.
 *
 * The PRNG yields floats in [0, 1) internally, but every number that leaves this module for money,
 * counts or indices is an integer, and the float → integer step happens in exactly one place:
 * `Rng.int` (and `Rng.minor`, which is built on it).
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`, mixed with `seed`. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so that close inputs give unrelated outputs.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The label path this stream was created from, so forks of forks stay independent. */
  readonly label: string;

  constructor(seed: number, label = 'root') {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
    this.label = label;
    const key = `${seed}/${label}`;
    this.a = hash32(key, 0x9e3779b9);
    this.b = hash32(key, 0x243f6a88);
    this.c = hash32(key, 0xb7e15162);
    this.d = 1;
    this.seedValue = seed;
    // Warm up: sfc32 needs a few rounds before its state is well mixed.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  private readonly seedValue: number;

  /** An independent stream for one part of the generator; does not advance this stream. */
  fork(label: string): Rng {
    return new Rng(this.seedValue, `${this.label}/${label}`);
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 53 bits of randomness. Internal currency of the helpers below. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A uniformly distributed integer in [min, max] (both inclusive, safe integers).
   * THE float → integer conversion of the demo generator.
   */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new Error(`invalid integer range [${min}, ${max}]`);
    }
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** A money amount in minor units, uniform in [min, max] (inclusive). */
  minor(min: bigint, max: bigint): bigint {
    if (max < min) throw new Error(`invalid amount range [${min}, ${max}]`);
    const span = max - min;
    if (span > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('amount range too wide');
    return min + BigInt(this.int(0, Number(span)));
  }

  /** True with probability percent/100 (percent an integer 0..100, or a per-mille via `chancePerMille`). */
  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  chancePerMille(perMille: number): boolean {
    return this.int(0, 999) < perMille;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** One element, chosen with integer weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.int(0, total - 1);
    for (const [item, w] of items) {
      if (r < w) return item;
      r -= w;
    }
    throw new Error('weighted pick from empty weights');
  }

  /** A string of `length` random decimal digits (leading zeros allowed unless `firstNonZero`). */
  digits(length: number, firstNonZero = false): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(i === 0 && firstNonZero ? 1 : 0, 9));
    return out;
  }

  /** Fisher-Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }
}

/**
 * Integer division of two safe integers, truncated toward zero. The generator's counts and rate
 * arithmetic use this instead of ad-hoc Math.trunc(a / b).
 */
export function idiv(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b === 0) {
    throw new Error(`idiv needs safe integers and a non-zero divisor, got ${a} / ${b}`);
  }
  return Math.trunc(a / b);
}

/**
 * Approximately Poisson-distributed count with mean `meanPerMille / 1000`, drawn by Knuth's method
 * for small means and a clamped normal-ish sum for large ones. Integer result.
 */
export function poisson(rng: Rng, meanPerMille: number): number {
  const mean = meanPerMille / 1000;
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.float();
    while (p > limit) {
      k++;
      p *= rng.float();
    }
    return k;
  }
  // Sum of 12 uniforms - 6 ≈ N(0,1); scale by sqrt(mean).
  let z = -6;
  for (let i = 0; i < 12; i++) z += rng.float();
  const sd = Math.sqrt(mean);
  const lo = Math.max(0, Math.floor(mean - 4 * sd));
  const hi = Math.ceil(mean + 4 * sd);
  // Integer conversion through the central helper's rule: floor of a clamped value.
  return Math.min(hi, Math.max(lo, Math.floor(mean + z * sd + 0.5)));
}
