import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdFactory } from './ids';
import { hash32, idiv, poisson, Rng } from './rng';

describe('Rng', () => {
  it('is deterministic per seed and label, and forks are independent of the parent stream', () => {
    const a = new Rng(5, 'x');
    const b = new Rng(5, 'x');
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(new Rng(6, 'x').nextUint32()).not.toBe(seqA[0]);
    expect(new Rng(5, 'y').nextUint32()).not.toBe(seqA[0]);
    const parent = new Rng(5, 'x');
    const fork1 = parent.fork('child').int(0, 1_000_000);
    parent.nextUint32();
    expect(parent.fork('child').int(0, 1_000_000)).toBe(fork1);
  });

  it('int stays within its inclusive bounds and hits both ends', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 50 }),
        (seed, lo, span) => {
          const rng = new Rng(seed);
          for (let i = 0; i < 50; i++) {
            const v = rng.int(lo, lo + span);
            expect(Number.isInteger(v)).toBe(true);
            expect(v >= lo && v <= lo + span).toBe(true);
          }
        },
      ),
    );
    const rng = new Rng(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(0, 3)));
    expect(seen).toEqual(new Set([0, 1, 2, 3]));
  });

  it('minor draws integer minor units in range', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const v = rng.minor(100n, 1_000_000_000_00n);
      expect(v >= 100n && v <= 1_000_000_000_00n).toBe(true);
    }
    expect(() => rng.minor(5n, 1n)).toThrow();
  });

  it('poisson has roughly the requested mean; idiv truncates', () => {
    const rng = new Rng(9);
    let total = 0;
    for (let i = 0; i < 2000; i++) total += poisson(rng, 4_000);
    expect(total / 2000).toBeGreaterThan(3.7);
    expect(total / 2000).toBeLessThan(4.3);
    let big = 0;
    for (let i = 0; i < 200; i++) big += poisson(rng, 300_000);
    expect(big / 200).toBeGreaterThan(290);
    expect(big / 200).toBeLessThan(310);
    expect(idiv(7, 2)).toBe(3);
    expect(idiv(-7, 2)).toBe(-3);
    expect(() => idiv(1, 0)).toThrow();
  });

  it('hash32 spreads close inputs', () => {
    expect(hash32('a')).not.toBe(hash32('b'));
    expect(hash32('a', 1)).not.toBe(hash32('a', 2));
  });
});

describe('IdFactory', () => {
  it('gives unique, prefixed, deterministic ids', () => {
    const ids = new IdFactory(1, 'T');
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = ids.next('txn');
      expect(id).toMatch(/^txn_[0-9a-hjkmnp-tv-z]{16}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    expect(new IdFactory(1, 'T').at('txn', 123n)).toBe(ids.at('txn', 123n));
    expect(new IdFactory(2, 'T').at('txn', 123n)).not.toBe(ids.at('txn', 123n));
    expect(ids.at('acct', 0n).slice(5)).not.toBe(ids.at('txn', 0n).slice(4));
  });
});
