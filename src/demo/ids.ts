import { hash32 } from './rng';

/** Crockford base32 alphabet (no I, L, O, U): ids read well and never spell words by accident. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'ten' | 'kon' | 'co' | 'acct' | 'txn' | 'oi';

function base32(value: bigint, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

const MASK_40 = (1n << 40n) - 1n;
/** Odd multipliers: multiplication by an odd number is a bijection modulo 2^40. */
const MUL_A = 0x9e3779b97n;
const MUL_B = 0xbf58476d1n;

/** A bijective scramble of a 40-bit counter, so consecutive ids do not look consecutive. */
function scramble(counter: bigint, key: bigint): bigint {
  let x = (counter ^ key) & MASK_40;
  x = (x * MUL_A) & MASK_40;
  x ^= x >> 20n;
  x = (x * MUL_B) & MASK_40;
  x ^= x >> 17n;
  return x;
}

/**
 * Deterministic, opaque, collision-free ids: `prefix_` + 8 base32 characters naming the dataset
 * (a hash of seed and tenant name) + 8 characters of a scrambled per-prefix counter. Two datasets
 * with different seeds or tenant names get different namespaces, so seeding several demo tenants
 * into one database does not collide.
 */
export class IdFactory {
  private readonly namespace: string;
  private readonly key: bigint;
  private readonly counters = new Map<IdPrefix, bigint>();

  constructor(seed: number, tenantName: string) {
    const h1 = BigInt(hash32(`${seed}|${tenantName}`, 1));
    const h2 = BigInt(hash32(`${seed}|${tenantName}`, 2));
    this.namespace = base32(((h1 << 8n) | (h2 & 0xffn)) & MASK_40, 8);
    this.key = ((h2 << 8n) | (h1 & 0xffn)) & MASK_40;
  }

  next(prefix: IdPrefix): string {
    const n = this.counters.get(prefix) ?? 0n;
    this.counters.set(prefix, n + 1n);
    return this.at(prefix, n);
  }

  /** The id with counter `n` (0-based) for `prefix`: lets streaming parts compute ids without state. */
  at(prefix: IdPrefix, n: bigint): string {
    return `${prefix}_${this.namespace}${base32(scramble(n, this.key ^ BigInt(hash32(prefix, 3))), 8)}`;
  }
}
