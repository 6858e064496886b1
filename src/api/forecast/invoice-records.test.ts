import { describe, expect, it } from 'vitest';
import { ItemReader } from './invoice-records';

describe('the invoice query’s item reader', () => {
  it('reads numbers, words, counted names and the rest of each item', () => {
    const name = 'Åkesson, Berg & Co: 🚚 AB\nfilial ₂';
    const items = [
      `0,SEK,r,20400,20430,-1,12345,0,${Buffer.byteLength(name)},${name},oit_1`,
      `11,EUR,p,-3,20431,20460,9007199254740993,1,0,,`,
    ].join('\n');
    const reader = new ItemReader(items);
    expect([reader.int(), reader.word(), reader.word(), reader.int(), reader.int(), reader.int()]).toEqual([
      0,
      'SEK',
      'r',
      20400,
      20430,
      -1,
    ]);
    expect(reader.bigint()).toBe(12345n);
    expect(reader.int()).toBe(0);
    expect(reader.counted()).toBe(name);
    expect(reader.rest()).toBe('oit_1');
    expect(reader.done()).toBe(false);
    expect([reader.int(), reader.word(), reader.word(), reader.int(), reader.int(), reader.int()]).toEqual([
      11,
      'EUR',
      'p',
      -3,
      20431,
      20460,
    ]);
    // Beyond 2^53: exact, not rounded through a double.
    expect(reader.bigint()).toBe(9007199254740993n);
    expect(reader.int()).toBe(1);
    expect(reader.counted()).toBe('');
    expect(reader.rest()).toBe('');
    expect(reader.done()).toBe(true);
  });
});
