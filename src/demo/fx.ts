import { convert } from '../banking/money';
import type { DemoCurrency, DemoFxRate } from './model';
import { idiv, type Rng } from './rng';

/** Rates are walked as integers in units of 0.0001 SEK and written with four decimals (Riksbanken style). */
const RATE_SCALE = 10_000;

interface WalkSpec {
  start: [number, number];
  low: number;
  high: number;
  /** Largest daily step, in 0.0001 SEK. */
  step: number;
}

const WALKS: Record<'EUR' | 'USD' | 'NOK', WalkSpec> = {
  EUR: { start: [112_000, 116_000], low: 110_000, high: 118_000, step: 180 },
  USD: { start: [98_000, 106_000], low: 95_000, high: 110_000, step: 220 },
  NOK: { start: [9_700, 10_300], low: 9_400, high: 10_700, step: 40 },
};

/** Danmarks Nationalbank's ERM II central rate: 7.46038 DKK per EUR (×100000). */
const DKK_PER_EUR_E5 = 746_038;

function formatRate(units: number): string {
  const whole = idiv(units, RATE_SCALE);
  const frac = units - whole * RATE_SCALE;
  return `${whole}.${String(frac).padStart(4, '0')}`;
}

function walk(rng: Rng, spec: WalkSpec, days: number): number[] {
  const out: number[] = [];
  let x = rng.int(spec.start[0], spec.start[1]);
  const centre = (spec.low + spec.high) >> 1;
  for (let i = 0; i < days; i++) {
    out.push(x);
    // A gentle random walk with a weak pull back to the middle of the band.
    const pull = idiv(centre - x, 60);
    x = Math.min(spec.high, Math.max(spec.low, x + rng.int(-spec.step, spec.step) + pull));
  }
  return out;
}

/**
 * Daily reference rates (SEK per unit) for EUR, USD, NOK and DKK on every one of `bankDays`.
 * DKK follows EUR through the krone's peg (EUR rate / 7.46038, rounded to 0.0001 half up).
 */
export function generateFxRates(rng: Rng, bankDays: readonly string[]): DemoFxRate[] {
  const eur = walk(rng.fork('EUR'), WALKS.EUR, bankDays.length);
  const usd = walk(rng.fork('USD'), WALKS.USD, bankDays.length);
  const nok = walk(rng.fork('NOK'), WALKS.NOK, bankDays.length);
  const rates: DemoFxRate[] = [];
  bankDays.forEach((rateDate, i) => {
    const e = eur[i] ?? 0;
    const dkk = Number((BigInt(e) * 100_000n + BigInt(DKK_PER_EUR_E5 / 2)) / BigInt(DKK_PER_EUR_E5));
    rates.push({ currency: 'EUR', rateDate, sekPerUnit: formatRate(e) });
    rates.push({ currency: 'USD', rateDate, sekPerUnit: formatRate(usd[i] ?? 0) });
    rates.push({ currency: 'NOK', rateDate, sekPerUnit: formatRate(nok[i] ?? 0) });
    rates.push({ currency: 'DKK', rateDate, sekPerUnit: formatRate(dkk) });
  });
  return rates;
}

/** Rates by currency and date, with SEK at 1. */
export class FxTable {
  private readonly byKey = new Map<string, string>();

  constructor(rates: readonly DemoFxRate[]) {
    for (const r of rates) this.byKey.set(`${r.currency}|${r.rateDate}`, r.sekPerUnit);
  }

  /** SEK per unit of `currency` on `date` (a bank day with a published rate). */
  rate(currency: DemoCurrency, date: string): string {
    if (currency === 'SEK') return '1';
    const rate = this.byKey.get(`${currency}|${date}`);
    if (rate === undefined) throw new Error(`no ${currency} rate on ${date}`);
    return rate;
  }

  /**
   * The documented rounding: one amount converted to SEK with that day's rate through the banking
   * module's `convert` (half away from zero to whole öre). Reports sum these per-row values.
   */
  toSek(minor: bigint, currency: DemoCurrency, date: string): bigint {
    return currency === 'SEK' ? minor : convert(minor, currency, 'SEK', this.rate(currency, date));
  }
}
