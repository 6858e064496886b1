import { describe, expect, it } from 'vitest';
import { addDays } from '../../banking/dates';
import { backtest } from './backtest';
import { calibratedSpread } from './calibration';
import type { ScopeHistory } from './engine';
import { HistoryFingerprint } from './fingerprint';
import {
  RECEIPT_WORLD_TODAY as ORIGIN,
  receiptWorld as world,
  receiptWorldHistory as historyOf,
  unsharedScope as unshared,
} from './test-histories';

/*
 * The bands' earlier forecasts are kept between loads of a history by what they read. After a change, a
 * history's bands must be exactly those of the same history worked out afresh: a change today reuses the
 * old origins, a change long ago must not.
 */

/** The bands' spreads at weeks 1..13 of the history, and of the same history with nothing kept for it. */
function spreads(history: ScopeHistory): { kept: number[]; afresh: number[] } {
  const weekly = (h: ScopeHistory) => {
    const calibrated = calibratedSpread(h, ORIGIN);
    if (!calibrated) throw new Error('no calibration');
    return Array.from({ length: 13 }, (_, w) => calibrated.spreadOf(7 * (w + 1)));
  };
  return { kept: weekly(history), afresh: weekly(unshared(history)) };
}

describe('the earlier forecasts the bands keep between loads of a history', () => {
  it('after a change today, reuse what the change cannot reach and answer as a fresh history does', async () => {
    const base = world();
    const before = spreads(historyOf(base));
    expect(before.kept).toEqual(before.afresh);

    const baseBacktest = await backtest(historyOf(base), ORIGIN);

    const today = world();
    today.receipts.set(ORIGIN, 5 * (today.receipts.get(ORIGIN) ?? 0));
    const afterToday = spreads(historyOf(today));
    expect(afterToday.kept).toEqual(afterToday.afresh);
    // The backtest's origins are kept the same way: every one of them ends its 13 weeks before today.
    const backtestToday = await backtest(historyOf(today), ORIGIN);
    expect(backtestToday).toEqual(await backtest(unshared(historyOf(today)), ORIGIN));
    expect(backtestToday).toEqual(baseBacktest);
  });

  it('after a change long ago, or in how customers paid, work out again every forecast it reaches', async () => {
    const base = world();
    const before = spreads(historyOf(base));

    const longAgo = world();
    for (let date = addDays(ORIGIN, -200); date <= addDays(ORIGIN, -150); date = addDays(date, 1)) {
      if (longAgo.receipts.has(date)) longAgo.receipts.set(date, 4 * (longAgo.receipts.get(date) ?? 0));
    }
    const afterLongAgo = spreads(historyOf(longAgo));
    expect(afterLongAgo.kept).toEqual(afterLongAgo.afresh);
    expect(afterLongAgo.kept).not.toEqual(before.kept);
    expect(await backtest(historyOf(longAgo), ORIGIN)).toEqual(
      await backtest(unshared(historyOf(longAgo)), ORIGIN),
    );

    // The same money on the same days, but invoiced earlier and paid late (a habit the forecast learns).
    const late = world();
    late.lateness = (paid) => (paid >= addDays(ORIGIN, -240) && paid <= addDays(ORIGIN, -120) ? 9 : 0);
    const afterLate = spreads(historyOf(late));
    expect(afterLate.kept).toEqual(afterLate.afresh);
    expect(afterLate.kept).not.toEqual(before.kept);
  });

  it('tells apart a history by each day it holds, and agrees on every day before a change', () => {
    const base = historyOf(world());
    const index = base.days.findIndex((d) => d.date === addDays(ORIGIN, -100));
    const changed = {
      ...base,
      days: base.days.map((d, i) => (i === index ? { ...d, inflow: d.inflow + 1 } : d)),
    };
    const a = new HistoryFingerprint(base);
    const b = new HistoryFingerprint(changed);
    expect(b.upTo(index - 1)).toBe(a.upTo(index - 1));
    expect(b.upTo(index)).not.toBe(a.upTo(index));
    expect(b.upTo(base.days.length - 1)).not.toBe(a.upTo(base.days.length - 1));
  });
});
