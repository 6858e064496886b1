import { describe, expect, it } from 'vitest';
import { InvoiceRecords, ItemReader } from './invoice-records';

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

describe('settled invoice records as bytes', () => {
  const name = 'Åkesson, Berg & Co: 🚚 AB';
  const settled = (items: string[]) =>
    InvoiceRecords.read(['com_a', 'com_b'], items.length, items.join('\n'));

  it('come back from their bytes column for column, with their lists', () => {
    const records = settled([
      `1,SEK,r,20400,20430,20433,12345,,${Buffer.byteLength(name)},${name},`,
      `0,EUR,p,-3,20431,20460,9007199254740991,bat_1,5,Bolag,`,
      `1,SEK,p,20402,20432,20440,0,bat_2,0,,`,
    ]);
    const bytes = records.toBytes();
    expect(bytes).not.toBeNull();
    const back = InvoiceRecords.fromBytes(bytes ?? Buffer.alloc(0));
    expect(back?.count).toBe(3);
    expect(back?.companies).toEqual(['com_a', 'com_b']);
    expect(back?.currencies).toEqual(['SEK', 'EUR']);
    expect(back?.names).toEqual([name, 'Bolag', '']);
    expect(back?.batches).toEqual(['bat_1', 'bat_2']);
    expect([...(back?.company ?? [])]).toEqual([1, 0, 1]);
    expect([...(back?.receivable ?? [])]).toEqual([1, 0, 0]);
    expect([...(back?.knownSince ?? [])]).toEqual([20400, -3, 20402]);
    expect([...(back?.due ?? [])]).toEqual([20430, 20431, 20432]);
    expect([...(back?.paid ?? [])]).toEqual([20433, 20460, 20440]);
    expect([...(back?.batch ?? [])]).toEqual([-1, 0, 1]);
    expect([...(back?.name ?? [])]).toEqual([0, 1, 2]);
    // The largest amount a double holds exactly, in minor units and as a double.
    expect([...(back?.amountMinor ?? [])]).toEqual([12345n, 9007199254740991n, 0n]);
    expect([...(back?.amount ?? [])]).toEqual([12345, 9007199254740991, 0]);
    expect(back?.references.size).toBe(0);
  });

  it('are not made of open items, nor of amounts a double cannot hold, and other bytes are not read', () => {
    expect(settled([`0,SEK,r,1,2,-1,100,,0,,oit_1`]).toBytes()).toBeNull();
    expect(settled([`0,SEK,r,1,2,3,9007199254740993,,0,,`]).toBytes()).toBeNull();
    const bytes = settled([`0,SEK,r,1,2,3,100,,0,,`]).toBytes() ?? Buffer.alloc(0);
    expect(InvoiceRecords.fromBytes(bytes.subarray(0, bytes.length - 1))).toBeNull();
    const otherFormat = Buffer.from(bytes);
    otherFormat.writeUInt32LE(99, 0);
    expect(InvoiceRecords.fromBytes(otherFormat)).toBeNull();
    expect(InvoiceRecords.fromBytes(Buffer.alloc(3))).toBeNull();
  });
});

describe('joined invoice records', () => {
  it('hold every part in order, or only the items paid since a day, under one set of lists', () => {
    const first = InvoiceRecords.read(
      ['com_a'],
      2,
      ['0,SEK,r,1,2,10,100,,3,Ett,', '0,EUR,p,1,2,20,200,bat_1,3,Två,'].join('\n'),
    );
    const second = InvoiceRecords.read(['com_b', 'com_a'], 1, '1,SEK,r,1,2,30,300,,3,Ett,');
    const all = InvoiceRecords.concat([first, second]);
    expect(all.count).toBe(3);
    expect([...all.paid]).toEqual([10, 20, 30]);
    expect(all.companies).toEqual(['com_a', 'com_b']);
    expect([...all.company]).toEqual([0, 0, 0]);
    expect(all.names).toEqual(['Ett', 'Två']);
    expect([...all.name]).toEqual([0, 1, 0]);

    const since = InvoiceRecords.concat([first, second], 20);
    expect(since.count).toBe(2);
    expect([...since.paid]).toEqual([20, 30]);
    expect([...since.amountMinor]).toEqual([200n, 300n]);
    expect(since.batches).toEqual(['bat_1']);
    expect([...since.batch]).toEqual([0, -1]);
  });
});
