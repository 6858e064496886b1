import { and, eq } from 'drizzle-orm';
import { addDays, isoWeek, isoWeekday, todayInStockholm, type IsoDate } from '../../banking/dates';
import { periodLabel, reportingPeriods, type ReportingInterval } from '../../banking/periods';
import {
  DEFAULT_KNOWN_FLOWS_LIMIT,
  type AccuracyQuery,
  type CashflowForecast,
  type ForecastAccuracy,
  type ForecastPeriod,
  type LiquidityWarnings,
  type ScopeWarning,
  type WarningsQuery,
} from '../../contract/forecast';
import { problemTypes } from '../../contract/problem';
import type { Database } from '../db/client';
import { companies, koncerner } from '../db/schema';
import { notFound, ProblemError } from '../http/problem';
import { requireOwned, wireMoney } from '../repositories/ledger-common';
import { resolveKoncern } from '../repositories/reporting';
import { backtest } from './backtest';
import { buffersByCompany } from './buffers';
import { forecastWithBands, prepareBands } from './calibration';
import { readEarlierForecasts, storeEarlierForecasts } from './earlier-forecast-store';
import { band, forecastScope, type ForecastDay, type ScopeForecast } from './engine';
import type { HistoryLoader } from './history-cache';
import { loadKoncernHistory, type KoncernHistory } from './history-query';
import { rateString, scopeOf, sekValue } from './scope-history';

/*
 * The forecast as the API serves it: loads the koncern's history once, then forecasts the scope asked
 * (the koncern, a company, an account), turns the days into the cashflow report's periods, and
 * derives the accuracy and the liquidity warnings.
 */

const sek = (minor: bigint) => wireMoney(minor, 'SEK');

/** The category of a recurring flow recognised by its counterparty, the transactions having none. */
const UNCATEGORISED = 'uncategorised';

function noRate(currency: string, date: string): ProblemError {
  return new ProblemError(
    422,
    problemTypes.validation,
    'No reference rate',
    `No ${currency} reference rate is published on or before ${date}, so ${currency} cash cannot be forecast in SEK.`,
  );
}

/** Exact SEK value at `today`'s rate, or 422 when the currency has no rate. */
function sekToday(history: KoncernHistory, minor: bigint, currency: string): bigint {
  const value = sekValue(minor, currency, rateString(history, currency, history.to));
  if (value === undefined) throw noRate(currency, history.to);
  return value;
}

/** 422 unless every foreign currency held in the scope has a reference rate on or before today. */
function requireRates(history: KoncernHistory, accountIds: ReadonlySet<string>): void {
  for (const account of history.accounts) {
    if (!accountIds.has(account.id) || !history.anchors.has(account.id)) continue;
    if (sekValue(0n, account.currency, rateString(history, account.currency, history.to)) === undefined) {
      throw noRate(account.currency, history.to);
    }
  }
}

/** The scope's closing balance today in SEK: each account's latest balance converted once, then summed. */
function openingBalance(history: KoncernHistory, accountIds: ReadonlySet<string>): bigint {
  let total = 0n;
  for (const account of history.accounts) {
    if (!accountIds.has(account.id)) continue;
    const latest = history.latest.get(account.id);
    if (latest) total += sekToday(history, latest.minor, account.currency);
  }
  return total;
}

export function forecastAccounts(
  history: KoncernHistory,
  accountIds: ReadonlySet<string>,
  weeks: number,
  withBands: boolean,
): ScopeForecast {
  requireRates(history, accountIds);
  const scope = scopeOf(history, accountIds);
  const request = {
    origin: history.to,
    end: addDays(history.to, 7 * weeks),
    opening: openingBalance(history, accountIds),
    known: history.known.filter((f) => accountIds.has(f.accountId)),
    toSek: (minor: bigint, currency: string) => sekToday(history, minor, currency),
  };
  return withBands
    ? forecastWithBands(scope, request)
    : forecastScope(scope, { ...request, spreadOf: () => 0 });
}

const split = (inflow: bigint, outflow: bigint) => ({
  inflow: sek(inflow),
  outflow: sek(outflow),
  net: sek(inflow + outflow),
});

function lowestOf(days: readonly ForecastDay[]): ForecastDay | undefined {
  let lowest: ForecastDay | undefined;
  for (const day of days) if (!lowest || day.closing < lowest.closing) lowest = day;
  return lowest;
}

/**
 * Of a period's known flows, the `limit` largest by SEK value (ties: the earlier), in their order, and
 * the rest counted and summed: a CFO looks for what drives the week, and a large koncern's busiest week
 * holds some fifteen thousand invoices.
 */
function largestKnownFlows<F extends { sekMinor: bigint }>(flows: F[], limit: number) {
  const omitted = { count: 0, inflow: 0n, outflow: 0n };
  if (flows.length <= limit) return { listed: flows, omitted };
  // Sizes as doubles, sorted natively: a comparator over BigInts took a quarter of a warm forecast.
  const sizes = Float64Array.from(flows, (f) => Number(f.sekMinor < 0n ? -f.sekMinor : f.sekMinor));
  // The limit-th largest size: every larger flow is listed, and as many of this size as fit, earliest first.
  const threshold = sizes.slice().sort()[flows.length - limit] ?? 0;
  let room = limit - sizes.filter((size) => size > threshold).length;
  const listed: F[] = [];
  flows.forEach((f, i) => {
    const size = sizes[i] ?? 0;
    if (size > threshold || (size === threshold && room-- > 0)) listed.push(f);
    else {
      omitted.count += 1;
      if (f.sekMinor >= 0n) omitted.inflow += f.sekMinor;
      else omitted.outflow += f.sekMinor;
    }
  });
  return { listed, omitted };
}

/** `flows` by date, then `tieBreak`, then their order: sorted as strings by the engine's own comparison (no callback). */
function byDate<F extends { date: IsoDate }>(flows: readonly F[], tieBreak: (flow: F) => string): F[] {
  return flows
    .map((f, i) => `${f.date}\u0000${tieBreak(f)}\u0000${i}`)
    .sort()
    .map((key) => flows[Number(key.slice(key.lastIndexOf('\u0000') + 1))] as F);
}

/** The forecast in the cashflow report's periods (day, ISO week or month), after today. */
export function forecastPeriods(
  forecast: ScopeForecast,
  interval: ReportingInterval,
  weeks: number,
  knownFlowsLimit: number = DEFAULT_KNOWN_FLOWS_LIMIT,
): CashflowForecast {
  const from = addDays(forecast.origin, 1);
  const to = addDays(forecast.origin, 7 * weeks);
  const periods = reportingPeriods(from, to, interval);
  const indexOf = new Map(periods.map((p, i) => [p.label, i]));
  const byPeriod = periods.map(() => ({
    known: { inflow: 0n, outflow: 0n },
    recurring: { inflow: 0n, outflow: 0n },
    statistical: { inflow: 0n, outflow: 0n },
    intraNet: 0n,
    last: undefined as ForecastDay | undefined,
  }));
  // A large koncern's forecast lists tens of thousands of open items: each is placed in its period by its day.
  const periodOfDay = new Map<IsoDate, number>();
  for (const day of forecast.days) {
    const index = indexOf.get(periodLabel(day.date, interval));
    const p = byPeriod[index ?? -1];
    if (index === undefined || !p) continue;
    periodOfDay.set(day.date, index);
    for (const source of ['known', 'recurring', 'statistical'] as const) {
      p[source].inflow += day[source].inflow;
      p[source].outflow += day[source].outflow;
    }
    p.intraNet += day.intraNet;
    p.last = day;
  }
  const flowsByPeriod = <F extends { date: IsoDate }>(flows: readonly F[]) => {
    const lists: F[][] = periods.map(() => []);
    for (const f of flows) {
      const p = periodOfDay.get(f.date);
      if (p !== undefined) lists[p]?.push(f);
    }
    return lists;
  };
  const knownByPeriod = flowsByPeriod(forecast.known).map((flows) => {
    const { listed, omitted } = largestKnownFlows(flows, knownFlowsLimit);
    return { listed: byDate(listed, (f) => f.reference), omitted };
  });
  const recurringByPeriod = flowsByPeriod(forecast.recurring).map((flows) =>
    byDate(flows, (f) => f.accountId),
  );
  let opening = forecast.opening;
  const out: ForecastPeriod[] = periods.map((period, i) => {
    const p = byPeriod[i];
    const last = p?.last;
    if (!p || !last) throw new Error(`forecast period ${period.label} has no days`);
    const inflow = p.known.inflow + p.recurring.inflow + p.statistical.inflow;
    const outflow = p.known.outflow + p.recurring.outflow + p.statistical.outflow;
    const b80 = band(last, 0.8, forecast.degreesOfFreedom);
    const b95 = band(last, 0.95, forecast.degreesOfFreedom);
    const result: ForecastPeriod = {
      kind: 'forecast',
      period: period.label,
      start: period.start,
      end: period.end,
      opening_balance: sek(opening),
      inflow: sek(inflow),
      outflow: sek(outflow),
      net: sek(inflow + outflow),
      intra_group_net: sek(p.intraNet),
      closing_balance: sek(last.closing),
      band_80: { low: sek(b80.low), high: sek(b80.high) },
      band_95: { low: sek(b95.low), high: sek(b95.high) },
      sources: {
        known: split(p.known.inflow, p.known.outflow),
        recurring: split(p.recurring.inflow, p.recurring.outflow),
        statistical: split(p.statistical.inflow, p.statistical.outflow),
      },
      known_flows: (knownByPeriod[i]?.listed ?? []).map((f) => ({
        source: f.source,
        reference: f.reference,
        counterparty: f.counterparty,
        account_id: f.accountId,
        date: f.date,
        scheduled_date: f.scheduledDate,
        amount: wireMoney(f.amountMinor, f.currency),
        sek: sek(f.sekMinor),
      })),
      known_flows_omitted: {
        count: knownByPeriod[i]?.omitted.count ?? 0,
        inflow: sek(knownByPeriod[i]?.omitted.inflow ?? 0n),
        outflow: sek(knownByPeriod[i]?.omitted.outflow ?? 0n),
      },
      recurring_flows: (recurringByPeriod[i] ?? []).map((f) => ({
        category: f.category ?? UNCATEGORISED,
        rule: f.rule,
        account_id: f.accountId,
        date: f.date,
        intra_group: f.intraGroup,
        amount: wireMoney(f.amountMinor, f.currency),
        sek: sek(f.sekMinor),
      })),
    };
    opening = last.closing;
    return result;
  });
  const lowest = lowestOf(forecast.days);
  return {
    as_of: forecast.origin,
    weeks,
    to,
    periods: out,
    lowest: lowest ? { date: lowest.date, balance: sek(lowest.closing) } : null,
  };
}

/** The cashflow report's `forecast`: the scope's accounts forecast `weeks` weeks after today. */
export async function cashflowForecast(
  tx: Database,
  tenantId: string,
  koncernId: string | null,
  accountIds: readonly string[],
  options: {
    interval: ReportingInterval;
    weeks: number;
    knownFlowsLimit?: number;
    today?: IsoDate;
    load?: HistoryLoader;
  },
): Promise<CashflowForecast> {
  const { interval, weeks, today = todayInStockholm(), load = loadKoncernHistory } = options;
  if (koncernId === null) {
    return { as_of: today, weeks, to: addDays(today, 7 * weeks), periods: [], lowest: null };
  }
  const history = await load(tx, tenantId, koncernId, today);
  const ids = new Set(accountIds);
  requireRates(history, ids);
  const scope = scopeOf(history, ids);
  await readEarlierForecasts(tx, history, scope);
  await prepareBands(scope, history.to);
  const forecast = forecastAccounts(history, ids, weeks, true);
  storeEarlierForecasts(scope);
  return forecastPeriods(forecast, interval, weeks, options.knownFlowsLimit ?? DEFAULT_KNOWN_FLOWS_LIMIT);
}

async function companyOf(tx: Database, tenantId: string, koncernId: string | undefined, companyId: string) {
  const [row] = await tx
    .select({ koncernId: companies.koncernId })
    .from(companies)
    .where(and(eq(companies.tenantId, tenantId), eq(companies.id, companyId)))
    .limit(1);
  if (!row) throw notFound(`No company ${companyId} (company_id).`);
  if (koncernId !== undefined) {
    await requireOwned(tx, companies, tenantId, companyId, 'company_id');
    if (row.koncernId !== koncernId) throw notFound(`No company ${companyId} in koncern ${koncernId}.`);
  }
  return row.koncernId;
}

/**
 * The backtest of a koncern or company, in two steps: what it needs is read inside the tenant's transaction, and
 * the returned `work` works it out after the transaction (seconds on a large koncern), so the database
 * connection is free meanwhile; on PGlite there is only one.
 */
export async function forecastAccuracy(
  tx: Database,
  tenantId: string,
  query: AccuracyQuery,
  options: { today?: IsoDate; load?: HistoryLoader } = {},
): Promise<() => Promise<ForecastAccuracy>> {
  const { today = todayInStockholm(), load = loadKoncernHistory } = options;
  const companyId = query.company_id ?? null;
  const koncernId =
    companyId !== null
      ? await companyOf(tx, tenantId, query.koncern_id, companyId)
      : await resolveKoncern(tx, tenantId, query.koncern_id);
  if (koncernId === null) {
    return async () => ({
      koncern_id: null,
      company_id: companyId,
      as_of: today,
      ...(await backtest({ days: [], recurring: [], rateOn: () => 1 }, today)),
    });
  }
  const history = await load(tx, tenantId, koncernId, today);
  const ids = new Set(
    history.accounts.filter((a) => companyId === null || a.companyId === companyId).map((a) => a.id),
  );
  requireRates(history, ids);
  const scope = scopeOf(history, ids);
  await readEarlierForecasts(tx, history, scope);
  return async () => {
    const accuracy = await backtest(scope, today);
    storeEarlierForecasts(scope);
    return { koncern_id: koncernId, company_id: companyId, as_of: today, ...accuracy };
  };
}

/** The ISO weeks whose last forecast day ends below `threshold`. */
function weeksBelow(days: readonly ForecastDay[], threshold: bigint): string[] {
  const weeks: string[] = [];
  days.forEach((day, i) => {
    const next = days[i + 1];
    const lastOfWeek = isoWeekday(day.date) === 7 || next === undefined;
    if (lastOfWeek && day.closing < threshold) {
      const { year, week } = isoWeek(day.date);
      weeks.push(`${year}-W${String(week).padStart(2, '0')}`);
    }
  });
  return weeks;
}

const MAX_CAUSES = 10;

function scopeWarning(
  forecast: ScopeForecast,
  companyId: string | null,
  name: string,
  buffer: bigint | null,
): ScopeWarning {
  const lowest = lowestOf(forecast.days);
  const lowestBalance = lowest?.closing ?? forecast.opening;
  const lowestDate = lowest?.date ?? forecast.origin;
  const threshold = buffer !== null && buffer > 0n ? buffer : 0n;
  const belowZero = lowestBalance < 0n;
  const belowBuffer = buffer !== null && lowestBalance < buffer;
  const warning = belowZero || belowBuffer;
  const breach = forecast.days.find((d) => d.closing < threshold);
  const causes = warning
    ? [
        ...forecast.known.map((f) => ({
          source: f.source,
          description: f.counterparty,
          reference: f.reference,
          date: f.date,
          minor: f.sekMinor,
        })),
        ...forecast.recurring
          .filter((f) => !f.intraGroup || companyId !== null)
          .map((f) => ({
            source: 'recurring' as const,
            description: f.counterparty ?? f.category ?? UNCATEGORISED,
            reference: null,
            date: f.date,
            minor: f.sekMinor,
          })),
      ]
        .filter((c) => c.minor < 0n && c.date <= lowestDate)
        .sort((a, b) => (a.minor === b.minor ? (a.date < b.date ? -1 : 1) : a.minor < b.minor ? -1 : 1))
        .slice(0, MAX_CAUSES)
        .map(({ minor, ...rest }) => ({ ...rest, sek: sek(minor) }))
    : [];
  return {
    company_id: companyId,
    name,
    opening_balance: sek(forecast.opening),
    minimum_buffer: buffer === null ? null : sek(buffer),
    lowest: { date: lowestDate, balance: sek(lowestBalance) },
    below_zero: belowZero,
    below_buffer: belowBuffer,
    warning,
    first_breach_date: breach?.date ?? null,
    weeks_below: weeksBelow(forecast.days, threshold),
    causes,
  };
}

export async function liquidityWarnings(
  tx: Database,
  tenantId: string,
  query: WarningsQuery,
  options: { today?: IsoDate; load?: HistoryLoader } = {},
): Promise<LiquidityWarnings> {
  const { today = todayInStockholm(), load = loadKoncernHistory } = options;
  const to = addDays(today, 7 * query.weeks);
  const koncernId = await resolveKoncern(tx, tenantId, query.koncern_id);
  if (koncernId === null) return { koncern_id: null, as_of: today, to, koncern: null, companies: [] };
  const history = await load(tx, tenantId, koncernId, today);
  const buffers = await buffersByCompany(tx, tenantId);
  const companyIds = [...new Set(history.accounts.map((a) => a.companyId))].sort();
  const companyWarnings = companyIds.map((companyId) => {
    const accounts = history.accounts.filter((a) => a.companyId === companyId);
    const forecast = forecastAccounts(history, new Set(accounts.map((a) => a.id)), query.weeks, false);
    return scopeWarning(
      forecast,
      companyId,
      accounts[0]?.companyName ?? companyId,
      buffers.get(companyId) ?? null,
    );
  });
  const koncernBuffers = companyIds.flatMap((id) => {
    const b = buffers.get(id);
    return b === undefined ? [] : [b];
  });
  const koncernForecast = forecastAccounts(
    history,
    new Set(history.accounts.map((a) => a.id)),
    query.weeks,
    false,
  );
  const [koncern] = await tx
    .select({ name: koncerner.name })
    .from(koncerner)
    .where(and(eq(koncerner.tenantId, tenantId), eq(koncerner.id, koncernId)))
    .limit(1);
  return {
    koncern_id: koncernId,
    as_of: today,
    to,
    koncern: scopeWarning(
      koncernForecast,
      null,
      koncern?.name ?? koncernId,
      koncernBuffers.length === 0 ? null : koncernBuffers.reduce((a, b) => a + b, 0n),
    ),
    companies: companyWarnings,
  };
}
