import { isCurrency } from '../../banking/currency';
import { addDays, daysBetween, type IsoDate } from '../../banking/dates';
import { convert } from '../../banking/money';
import type { ScopeDay, ScopeHistory } from './engine';
import type { KoncernHistory } from './history-query';

/**
 * A scope's history (some of the koncern's accounts: one, a company's, or all) as the engine reads it:
 * every calendar day from the first balance to the last day, flows and closing balance summed over the
 * scope in SEK at each day's reference rate (in floating point: this is the model's input only). A day's
 * closing balance is the account's anchor balance plus the flows booked after it, as the ledger keeps it.
 */

/** SEK per unit of `currency` on `date` (the latest rate on or before it), as the exact decimal string. */
export function rateString(history: KoncernHistory, currency: string, date: IsoDate): string | undefined {
  if (currency === 'SEK') return '1';
  const rates = history.rates.get(currency);
  if (!rates) return undefined;
  let lo = 0;
  let hi = rates.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rates[mid];
    if (!r) break;
    if (r.date <= date) {
      found = r.rate;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** `minor` units of `currency` in SEK öre at `rate` (exact, half away from zero); undefined without a rate. */
export function sekValue(minor: bigint, currency: string, rate: string | undefined): bigint | undefined {
  if (currency === 'SEK') return minor;
  if (!isCurrency(currency) || rate === undefined) return undefined;
  return convert(minor, currency, 'SEK', rate);
}

const scopes = new WeakMap<KoncernHistory, Map<string, ScopeHistory>>();

/**
 * The scope of these accounts, worked out once per history: a history kept between requests
 * (history-cache.ts) keeps its scopes, and with them what the engine worked out on them (the bands'
 * earlier origins). Neither is changed by the forecast.
 */
export function scopeOf(history: KoncernHistory, accountIds: ReadonlySet<string>): ScopeHistory {
  let byAccounts = scopes.get(history);
  if (!byAccounts) {
    byAccounts = new Map();
    scopes.set(history, byAccounts);
  }
  const key = [...accountIds].sort().join(',');
  let scope = byAccounts.get(key);
  if (!scope) {
    scope = scopeHistory(history, accountIds);
    byAccounts.set(key, scope);
  }
  return scope;
}

export function scopeHistory(history: KoncernHistory, accountIds: ReadonlySet<string>): ScopeHistory {
  const accounts = history.accounts.filter((a) => accountIds.has(a.id));
  let start = history.to;
  for (const a of accounts) {
    const first = history.anchors.get(a.id)?.date;
    if (first !== undefined && first < start) start = first;
  }
  if (start < history.from) start = history.from;
  const length = daysBetween(start, history.to) + 1;

  const rateCache = new Map<string, Float64Array>();
  const dailyRates = (currency: string): Float64Array => {
    let rates = rateCache.get(currency);
    if (rates) return rates;
    rates = new Float64Array(length);
    // Days before the currency's first published rate are valued at that first rate.
    const first = history.rates.get(currency)?.[0]?.rate;
    for (let i = 0, d = start; i < length; i++, d = addDays(d, 1)) {
      rates[i] = Number(rateString(history, currency, d) ?? first ?? Number.NaN);
    }
    rateCache.set(currency, rates);
    return rates;
  };
  const rateOn = (currency: string, date: IsoDate): number => {
    if (currency === 'SEK') return 1;
    const i = daysBetween(start, date);
    if (i >= 0 && i < length) return dailyRates(currency)[i] ?? Number.NaN;
    return Number(rateString(history, currency, date) ?? Number.NaN);
  };

  const days: ScopeDay[] = [];
  for (let i = 0, d = start; i < length; i++, d = addDays(d, 1)) {
    days.push({ date: d, inflow: 0, outflow: 0, intraNet: 0, closing: 0 });
  }
  const companyOf = new Map(accounts.map((a) => [a.id, a.companyId]));
  const external = new Map<string, Float64Array>();
  for (const a of accounts) {
    const rates = a.currency === 'SEK' ? null : dailyRates(a.currency);
    const rateAt = (i: number) => (rates ? (rates[i] ?? Number.NaN) : 1);
    let company = external.get(a.companyId);
    if (!company) {
      company = new Float64Array(length);
      external.set(a.companyId, company);
    }
    for (const [date, f] of history.flows.get(a.id) ?? []) {
      const i = daysBetween(start, date);
      const day = days[i];
      if (!day) continue;
      const rate = rateAt(i);
      day.inflow += Number(f.inflow) * rate;
      day.outflow += Number(f.outflow) * rate;
      day.intraNet += Number(f.intraNet) * rate;
      company[i] = (company[i] ?? 0) + Number(f.inflow + f.outflow) * rate;
    }
    // The closing balance: the anchor, then day by day the anchor plus the flows booked after it.
    const anchor = history.anchors.get(a.id);
    if (!anchor) continue;
    const flows = history.flows.get(a.id);
    let balance = anchor.minor;
    for (let i = Math.max(0, daysBetween(start, anchor.date)); i < length; i++) {
      const day = days[i];
      if (!day) continue;
      const f = day.date > anchor.date ? flows?.get(day.date) : undefined;
      if (f) balance += f.inflow + f.outflow + f.intraNet;
      if (balance !== 0n) day.closing += Number(balance) * rateAt(i);
    }
  }
  const accountSet = new Set(accounts.map((a) => a.id));
  return {
    days,
    recurring: history.recurring.filter((o) => accountSet.has(o.accountId)),
    invoices: history.invoices.scope(accountSet),
    companies: { companyOf, external },
    rateOn,
  };
}
