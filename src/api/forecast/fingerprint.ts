import { toEpochDay } from '../../banking/dates';
import type { ScopeHistory } from './engine';

/*
 * What a scope's history held up to each of its days, summed up in two 32-bit hashes: the daily flows and
 * closing balances, each company's external flows, the reference rates of the currencies the forecast values
 * things in, the recurring transactions, and the invoices as they stood that day (known by then, paid by
 * then or still open, with what each said). A forecast from a past origin reads nothing after its 13th week,
 * so two loads of a history whose fingerprints agree on that day give that forecast the same inputs, and what
 * was worked out on one holds for the other: a large koncern's bands need 51 earlier forecasts, and new bank
 * transactions change only the latest of them.
 *
 * Each thing's hash includes the day it belongs to, and the hashes are summed modulo 2^32 (exact, and in any
 * order the same), so the sums up to a day are prefix sums. An invoice adds its
 * hash as open on the day it became known, and on the day it was paid takes that back and adds its hash as
 * paid: summed up to any day, that is each invoice as it stood then.
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** murmur3's finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Hashes a sequence of 32-bit values into two independent lanes (FNV-style steps, each lane with its own
 * multiplier, finished by `mix`): cheap enough for a million invoices a load.
 */
class Hasher {
  private a = 0x811c9dc5;
  private b = 0x9e3779b9;

  int(value: number): this {
    this.a = Math.imul(this.a ^ value, 0x01000193);
    this.b = Math.imul(this.b ^ value, 0x5bd1e995) ^ (this.b >>> 15);
    return this;
  }

  double(value: number): this {
    bits[0] = value;
    return this.int(words[0] ?? 0).int(words[1] ?? 0);
  }

  text(value: string | null): this {
    if (value === null) return this.int(-1);
    this.int(value.length);
    for (let i = 0; i < value.length; i++) this.int(value.charCodeAt(i));
    return this;
  }

  get laneA(): number {
    return mix(this.a);
  }

  get laneB(): number {
    return mix(this.b ^ 0x27d4eb2f);
  }
}

const textHash = (value: string | null) => new Hasher().text(value).laneA;

/** A text in two 32-bit hashes, as a short string. */
function textFingerprint(value: string): string {
  const h = new Hasher().text(value);
  return `${h.laneA.toString(36)}.${h.laneB.toString(36)}`;
}

const scopeFingerprints = new WeakMap<ScopeHistory, string>();

/** Which accounts the history is of, in a few characters (a koncern's list of accounts would repeat in every key). */
export function scopeFingerprint(history: ScopeHistory): string {
  let key = scopeFingerprints.get(history);
  if (key === undefined) {
    key = textFingerprint([...(history.companies?.companyOf.keys() ?? [])].sort().join(','));
    scopeFingerprints.set(history, key);
  }
  return key;
}

export class HistoryFingerprint {
  /** Per day: the sums (modulo 2^32) of both lanes over everything up to and including the day. */
  private readonly a: Uint32Array;
  private readonly b: Uint32Array;

  constructor(history: ScopeHistory) {
    const n = history.days.length;
    this.a = new Uint32Array(n);
    this.b = new Uint32Array(n);
    const firstDay = history.days[0];
    if (!firstDay) return;
    const first = toEpochDay(firstDay.date);
    const at = (epochDay: number) => Math.min(n - 1, Math.max(0, epochDay - first));
    const addLanes = (day: number, a: number, b: number) => {
      this.a[day] = ((this.a[day] ?? 0) + a) >>> 0;
      this.b[day] = ((this.b[day] ?? 0) + b) >>> 0;
    };
    const add = (day: number, h: Hasher) => addLanes(day, h.laneA, h.laneB);

    const currencies = new Set<string>(history.recurring.map((o) => o.currency));
    for (const c of history.invoices?.history.currencies ?? []) currencies.add(c);
    const valuedIn = [...currencies].sort();
    const companies = [...(history.companies?.external ?? new Map<string, Float64Array>())].sort(
      ([x], [y]) => (x < y ? -1 : 1),
    );
    history.days.forEach((day, i) => {
      const h = new Hasher()
        .int(i)
        .double(day.inflow)
        .double(day.outflow)
        .double(day.intraNet)
        .double(day.closing);
      for (const [company, external] of companies) h.text(company).double(external[i] ?? 0);
      for (const currency of valuedIn) h.text(currency).double(history.rateOn(currency, day.date));
      add(i, h);
    });

    for (const o of history.recurring) {
      const day = at(toEpochDay(o.date));
      add(
        day,
        new Hasher()
          .int(day)
          .text(o.accountId)
          .text(o.currency)
          .text(o.category)
          .text(o.party)
          .text(o.counterparty)
          .int(o.intraGroup ? 1 : 0)
          .double(Number(o.amountMinor)),
      );
    }

    const scope = history.invoices;
    if (scope) {
      const invoices = scope.history;
      const accounts = Int32Array.from(invoices.accounts, textHash);
      const currencies = Int32Array.from(invoices.currencies, textHash);
      const customers = Int32Array.from(invoices.customers, textHash);
      const { account, currency, customer, receivable, inPaymentBatch, knownSince, due, amount, paid } =
        invoices;
      const amountWords = new Uint32Array(amount.buffer, amount.byteOffset, amount.length * 2);
      const { rows } = scope;
      const fields = new Int32Array(8);
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k] ?? 0;
        // The invoice's fields in both lanes, as Hasher steps them (written out: this runs a million times a load).
        fields[0] = accounts[account[row] ?? 0] ?? 0;
        fields[1] = currencies[currency[row] ?? 0] ?? 0;
        fields[2] = customers[customer[row] ?? 0] ?? 0;
        fields[3] = ((receivable[row] ?? 0) << 1) | (inPaymentBatch[row] ?? 0);
        fields[4] = knownSince[row] ?? 0;
        fields[5] = due[row] ?? 0;
        fields[6] = amountWords[2 * row] ?? 0;
        fields[7] = amountWords[2 * row + 1] ?? 0;
        let a = 0x811c9dc5;
        let b = 0x9e3779b9;
        for (const value of fields) {
          a = Math.imul(a ^ value, 0x01000193);
          b = Math.imul(b ^ value, 0x5bd1e995) ^ (b >>> 15);
        }
        const openA = mix(Math.imul(a ^ -1, 0x01000193));
        const openB = mix(Math.imul(b ^ -1, 0x5bd1e995) ^ (b >>> 15) ^ 0x27d4eb2f);
        addLanes(at(knownSince[row] ?? 0), openA, openB);
        const paidOn = paid[row] ?? -1;
        if (paidOn !== -1) {
          const paidA = mix(Math.imul(a ^ paidOn, 0x01000193));
          const paidB = mix(Math.imul(b ^ paidOn, 0x5bd1e995) ^ (b >>> 15) ^ 0x27d4eb2f);
          addLanes(at(paidOn), (paidA - openA) >>> 0, (paidB - openB) >>> 0);
        }
      }
    }

    for (let i = 1; i < n; i++) {
      this.a[i] = ((this.a[i] ?? 0) + (this.a[i - 1] ?? 0)) >>> 0;
      this.b[i] = ((this.b[i] ?? 0) + (this.b[i - 1] ?? 0)) >>> 0;
    }
  }

  /** Everything up to and including day `index` of the history (clamped to its days). */
  upTo(index: number): string {
    const i = Math.min(this.a.length - 1, Math.max(0, index));
    return `${this.a[i]}:${this.b[i]}`;
  }
}

const fingerprints = new WeakMap<ScopeHistory, HistoryFingerprint>();

export function fingerprintOf(history: ScopeHistory): HistoryFingerprint {
  let fingerprint = fingerprints.get(history);
  if (!fingerprint) {
    fingerprint = new HistoryFingerprint(history);
    fingerprints.set(history, fingerprint);
  }
  return fingerprint;
}
