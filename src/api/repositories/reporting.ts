import { and, eq, sql } from 'drizzle-orm';
import { isCurrency } from '../../banking/currency';
import { addDays, parseIsoDate, todayInStockholm, type IsoDate } from '../../banking/dates';
import { convert } from '../../banking/money';
import { periodLabel, reportingPeriods, type ReportingInterval } from '../../banking/periods';
import { problemTypes } from '../../contract/problem';
import {
  MAX_CASHFLOW_PERIODS,
  type Cashflow,
  type CashflowPeriod,
  type CashflowQuery,
  type CurrencyAmount,
  type FxRateUsed,
  type PositionGroup,
  type Positions,
  type PositionsQuery,
} from '../../contract/reporting';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { bankAccounts, companies, koncerner } from '../db/schema';
import { notFound, ProblemError } from '../http/problem';
import type { HistoryLoader } from '../forecast/history-cache';
import { cashflowForecast } from '../forecast/service';
import { byteOrder, requireOwned, wireMoney } from './ledger-common';

/*
 * Positions and cashflow. Every amount stays bigint minor units; the database sums bigint columns and
 * hands the sums over as text. Conversion to SEK happens here, with the banking module's `convert`
 * (half away from zero to the öre), never in floating point:
 * - positions: each account's balance is converted once at the date's rate, and every total is a
 *   sum of those per-account SEK values, so groups add up to the total exactly;
 * - cashflow: flows come from account_daily_flows (kept in step with transactions by triggers); the
 *   scope's flows are summed per currency, booking day and kind (external in, external out,
 *   intra-group in, intra-group out) and each such day sum is converted once at that day's rate.
 */

const SEK = 'SEK';

function badRequest(path: string, message: string): ProblemError {
  return new ProblemError(
    400,
    problemTypes.validation,
    'Invalid request',
    'The request query is not valid.',
    [{ path, message }],
  );
}

function noRate(currency: string, date: string): ProblemError {
  return new ProblemError(
    422,
    problemTypes.validation,
    'No reference rate',
    `No ${currency} reference rate is published on or before ${date}, so ${currency} cash cannot be shown in SEK.`,
  );
}

function asDate(value: string): IsoDate {
  const parsed = parseIsoDate(value);
  if (!parsed.ok) throw badRequest('/date', parsed.error);
  return parsed.value;
}

function textArray(values: readonly string[]) {
  return sql`${sql.param(values)}::text[]`;
}

/** SEK value of `minor` units of `currency` at `rate` (SEK per unit); SEK itself is not converted. */
export function toSek(minor: bigint, currency: string, rate: string | undefined, date: string): bigint {
  if (currency === SEK) return minor;
  if (!isCurrency(currency)) throw new Error(`stored currency ${currency} is not supported`);
  if (rate === undefined) throw noRate(currency, date);
  return convert(minor, currency, SEK, rate);
}

const sek = (minor: bigint) => wireMoney(minor, SEK);

// ---------------------------------------------------------------------------
// Scope: the koncern (and company) the report covers

/**
 * The koncern asked for (404 when not the tenant's), or the tenant's only koncern (400 when several;
 * null when the tenant has none yet, which reports nothing).
 */
export async function resolveKoncern(
  tx: Database,
  tenantId: string,
  koncernId: string | undefined,
): Promise<string | null> {
  if (koncernId !== undefined) {
    await requireOwned(tx, koncerner, tenantId, koncernId, 'koncern_id');
    return koncernId;
  }
  const rows = await tx
    .select({ id: koncerner.id })
    .from(koncerner)
    .where(eq(koncerner.tenantId, tenantId))
    .orderBy(byteOrder(koncerner.id))
    .limit(2);
  const [only, second] = rows;
  if (!only) return null;
  if (second) throw badRequest('/koncern_id', 'is required: your tenant has more than one koncern');
  return only.id;
}

interface ScopeAccount {
  id: string;
  name: string;
  company_id: string;
  company_name: string;
  bank_name: string;
  bic: string;
  currency: string;
  kind: string;
  cash_pool_top_id: string | null;
}

async function scopeAccounts(
  tx: Database,
  tenantId: string,
  koncernId: string | null,
  companyId: string | null,
  accountId: string | null = null,
): Promise<ScopeAccount[]> {
  if (koncernId === null) return [];
  return selectRows<ScopeAccount>(
    tx,
    sql`select a.id, a.name, a.company_id, c.name as company_name, a.bank_name, a.bic, a.currency,
          a.kind, a.cash_pool_top_id
        from bank_accounts a join companies c on c.id = a.company_id
        where a.tenant_id = ${tenantId} and c.tenant_id = ${tenantId} and c.koncern_id = ${koncernId}
          ${companyId === null ? sql`` : sql`and a.company_id = ${companyId}`}
          ${accountId === null ? sql`` : sql`and a.id = ${accountId}`}
        order by a.id collate "C"`,
  );
}

interface BalanceRow {
  day: string;
  account_id: string;
  balance_date: string;
  booked_minor: string;
}

/**
 * For each date and account: the latest balance on or before the date (none before the first).
 * The lookup follows the primary key (account_id, balance_date) backwards, and says so in its ORDER BY,
 * so that the planner takes it even without statistics (PGlite never analyses by itself); a tenant
 * condition inside the lookup once steered it to the tenant/date index, 60 times slower. The tenant is
 * checked once per account instead (row-level security checks every row as well).
 */
async function balancesOnOrBefore(
  tx: Database,
  tenantId: string,
  accountIds: readonly string[],
  dates: readonly string[],
): Promise<BalanceRow[]> {
  if (accountIds.length === 0 || dates.length === 0) return [];
  return selectRows<BalanceRow>(
    tx,
    sql`select d.day::text as day, a.id as account_id, b.balance_date::text as balance_date,
          b.booked_minor::text as booked_minor
        from unnest(${textArray(dates)}::date[]) as d(day)
        cross join unnest(${textArray(accountIds)}) as a(id)
        cross join lateral (
          select ab.balance_date, ab.booked_minor from account_balances ab
          where ab.account_id = a.id and ab.balance_date <= d.day
          order by ab.account_id desc, ab.balance_date desc limit 1
        ) b
        where exists (select 1 from bank_accounts owned where owned.id = a.id and owned.tenant_id = ${tenantId})`,
  );
}

interface RateRow {
  day: string;
  currency: string;
  rate_date: string;
  sek_per_unit: string;
}

/** For each date and currency: the latest reference rate on or before the date. */
async function ratesOnOrBefore(
  tx: Database,
  currencies: readonly string[],
  dates: readonly string[],
): Promise<Map<string, FxRateUsed>> {
  const foreign = [...new Set(currencies)].filter((c) => c !== SEK).sort();
  const result = new Map<string, FxRateUsed>();
  if (foreign.length === 0 || dates.length === 0) return result;
  const rows = await selectRows<RateRow>(
    tx,
    sql`select d.day::text as day, c.currency, r.rate_date::text as rate_date, r.sek_per_unit::text as sek_per_unit
        from unnest(${textArray(dates)}::date[]) as d(day)
        cross join unnest(${textArray(foreign)}) as c(currency)
        cross join lateral (
          select f.rate_date, f.sek_per_unit from fx_rates f
          where f.currency = c.currency and f.rate_date <= d.day
          order by f.rate_date desc limit 1
        ) r`,
  );
  for (const row of rows) {
    result.set(`${row.day}|${row.currency}`, {
      currency: row.currency,
      sek_per_unit: row.sek_per_unit,
      rate_date: row.rate_date,
    });
  }
  return result;
}

/** Every rate of `currencies` that can be the latest on or before some day of from..to, sorted by date. */
async function rateSeries(
  tx: Database,
  currencies: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, FxRateUsed[]>> {
  const foreign = [...new Set(currencies)].filter((c) => c !== SEK).sort();
  const series = new Map<string, FxRateUsed[]>(foreign.map((c) => [c, []]));
  if (foreign.length === 0) return series;
  const rows = await selectRows<{ currency: string; rate_date: string; sek_per_unit: string }>(
    tx,
    sql`select f.currency::text as currency, f.rate_date::text as rate_date, f.sek_per_unit::text as sek_per_unit
        from unnest(${textArray(foreign)}) as c(currency)
        join fx_rates f on f.currency = c.currency
          and f.rate_date <= ${to}::date
          and f.rate_date >= coalesce(
            (select max(p.rate_date) from fx_rates p where p.currency = c.currency and p.rate_date <= ${from}::date),
            ${from}::date)
        order by f.currency, f.rate_date`,
  );
  for (const row of rows) series.get(row.currency)?.push(row);
  return series;
}

/** The latest rate of `currency` on or before `day` in a series from rateSeries (binary search). */
function rateOn(series: Map<string, FxRateUsed[]>, currency: string, day: string): FxRateUsed | undefined {
  const rates = series.get(currency);
  if (!rates) return undefined;
  let lo = 0;
  let hi = rates.length - 1;
  let found: FxRateUsed | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const rate = rates[mid];
    if (rate === undefined) break;
    if (rate.rate_date <= day) {
      found = rate;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Positions

interface Accumulated {
  key: string;
  name: string;
  byCurrency: Map<string, { minor: bigint; sek: bigint }>;
  totalSek: bigint;
  accounts: number;
  account: PositionGroup['account'];
}

function addTo(group: Accumulated, currency: string, minor: bigint, sekMinor: bigint): void {
  const entry = group.byCurrency.get(currency) ?? { minor: 0n, sek: 0n };
  entry.minor += minor;
  entry.sek += sekMinor;
  group.byCurrency.set(currency, entry);
  group.totalSek += sekMinor;
}

function currencyAmounts(byCurrency: Map<string, { minor: bigint; sek: bigint }>): CurrencyAmount[] {
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, v]) => ({ amount: wireMoney(v.minor, currency), sek: sek(v.sek) }));
}

const accountKinds = ['operating', 'cash_pool_top', 'cash_pool_sub', 'savings', 'payroll', 'tax'] as const;
type Kind = (typeof accountKinds)[number];
function kindOf(kind: string): Kind {
  const found = accountKinds.find((k) => k === kind);
  if (!found) throw new Error(`stored account kind ${kind} is not known`);
  return found;
}

/** One account's position: what the reports add up. */
export interface AccountPosition {
  account: ScopeAccount;
  balanceDate: string;
  minor: bigint;
  sekMinor: bigint;
}

/**
 * Groups account positions. Pure: every SEK total is a sum of the per-account SEK values (each
 * account converted exactly once), so a group's total is the sum of its currencies and the grand
 * total the sum of the groups, to the öre.
 */
export function groupPositions(
  items: readonly AccountPosition[],
  groupBy: PositionsQuery['group_by'],
): Pick<Positions, 'groups' | 'by_currency' | 'total' | 'cash_pools'> {
  const groups = new Map<string, Accumulated>();
  const overall = new Map<string, { minor: bigint; sek: bigint }>();
  for (const item of items) {
    const a = item.account;
    const [key, name] =
      groupBy === 'company'
        ? [a.company_id, a.company_name]
        : groupBy === 'bank'
          ? [a.bic, a.bank_name]
          : groupBy === 'currency'
            ? [a.currency, a.currency]
            : [a.id, a.name];
    const group = groups.get(key) ?? {
      key,
      name,
      byCurrency: new Map(),
      totalSek: 0n,
      accounts: 0,
      account:
        groupBy === 'account'
          ? {
              company_id: a.company_id,
              kind: kindOf(a.kind),
              cash_pool_top_id: a.cash_pool_top_id,
              balance_date: item.balanceDate,
            }
          : null,
    };
    addTo(group, a.currency, item.minor, item.sekMinor);
    group.accounts += 1;
    groups.set(key, group);
    const entry = overall.get(a.currency) ?? { minor: 0n, sek: 0n };
    entry.minor += item.minor;
    entry.sek += item.sekMinor;
    overall.set(a.currency, entry);
  }
  const ordered = [...groups.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  let total = 0n;
  for (const g of ordered) total += g.totalSek;

  const cashPools = items
    .filter((item) => item.account.kind === 'cash_pool_top')
    .sort((x, y) => (x.account.id < y.account.id ? -1 : 1))
    .map((top) => {
      const subs = items.filter((item) => item.account.cash_pool_top_id === top.account.id);
      let subSek = 0n;
      for (const s of subs) subSek += s.sekMinor;
      return {
        top_account_id: top.account.id,
        top_account: sek(top.sekMinor),
        sub_accounts: sek(subSek),
        total: sek(top.sekMinor + subSek),
        sub_account_count: subs.length,
      };
    });

  return {
    groups: ordered.map((g) => ({
      key: g.key,
      name: g.name,
      amounts: currencyAmounts(g.byCurrency),
      total_sek: sek(g.totalSek),
      account_count: g.accounts,
      account: g.account,
    })),
    by_currency: currencyAmounts(overall),
    total: sek(total),
    cash_pools: cashPools,
  };
}

export async function getPositions(
  tx: Database,
  tenantId: string,
  query: PositionsQuery,
  today: IsoDate = todayInStockholm(),
): Promise<Positions> {
  const date = query.date !== undefined ? asDate(query.date) : today;
  const koncernId = await resolveKoncern(tx, tenantId, query.koncern_id);
  const accounts = await scopeAccounts(tx, tenantId, koncernId, null);
  const balances = await balancesOnOrBefore(
    tx,
    tenantId,
    accounts.map((a) => a.id),
    [date],
  );
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const held = balances.flatMap((b) => {
    const account = byId.get(b.account_id);
    return account ? [{ account, balanceDate: b.balance_date, minor: BigInt(b.booked_minor) }] : [];
  });
  const rates = await ratesOnOrBefore(
    tx,
    held.map((h) => h.account.currency),
    [date],
  );
  const items: AccountPosition[] = held.map((h) => ({
    ...h,
    sekMinor: toSek(
      h.minor,
      h.account.currency,
      rates.get(`${date}|${h.account.currency}`)?.sek_per_unit,
      date,
    ),
  }));
  return {
    koncern_id: koncernId,
    date,
    group_by: query.group_by,
    ...groupPositions(items, query.group_by),
    fx_rates: [...rates.values()],
  };
}

// ---------------------------------------------------------------------------
// Cashflow

interface FlowRow {
  currency: string;
  flow_date: string;
  inflow: string;
  outflow: string;
  intra_inflow: string;
  intra_outflow: string;
  transaction_count: string;
}

interface Figures {
  inflow: bigint;
  outflow: bigint;
  intraIn: bigint;
  intraOut: bigint;
  count: number;
}

const zeroFigures = (): Figures => ({ inflow: 0n, outflow: 0n, intraIn: 0n, intraOut: 0n, count: 0 });

/** The first day of the month eleven months before `to`: twelve calendar months ending with to's. */
function defaultFrom(to: IsoDate): IsoDate {
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  const index = year * 12 + (month - 1) - 11;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return asDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
}

async function resolveCompany(
  tx: Database,
  tenantId: string,
  koncernId: string | undefined,
  companyId: string,
): Promise<string> {
  const [row] = await tx
    .select({ koncernId: companies.koncernId })
    .from(companies)
    .where(and(eq(companies.tenantId, tenantId), eq(companies.id, companyId)))
    .limit(1);
  if (!row) throw notFound(`No company ${companyId} (company_id).`);
  if (koncernId !== undefined) {
    await requireOwned(tx, koncerner, tenantId, koncernId, 'koncern_id');
    if (row.koncernId !== koncernId) throw notFound(`No company ${companyId} in koncern ${koncernId}.`);
  }
  return row.koncernId;
}

/** The account's company and koncern; 404 when it is not the tenant's or not in the company/koncern asked. */
async function resolveAccount(
  tx: Database,
  tenantId: string,
  koncernId: string | undefined,
  companyId: string | undefined,
  accountId: string,
): Promise<{ koncernId: string; companyId: string }> {
  const [row] = await tx
    .select({ companyId: bankAccounts.companyId, koncernId: companies.koncernId })
    .from(bankAccounts)
    .innerJoin(companies, eq(companies.id, bankAccounts.companyId))
    .where(and(eq(bankAccounts.tenantId, tenantId), eq(bankAccounts.id, accountId)))
    .limit(1);
  if (!row) throw notFound(`No account ${accountId} (account_id).`);
  if (companyId !== undefined) {
    await resolveCompany(tx, tenantId, koncernId, companyId);
    if (row.companyId !== companyId) throw notFound(`No account ${accountId} in company ${companyId}.`);
  } else if (koncernId !== undefined) {
    await requireOwned(tx, koncerner, tenantId, koncernId, 'koncern_id');
    if (row.koncernId !== koncernId) throw notFound(`No account ${accountId} in koncern ${koncernId}.`);
  }
  return row;
}

export async function getCashflow(
  tx: Database,
  tenantId: string,
  query: CashflowQuery,
  options: { today?: IsoDate; loadHistory?: HistoryLoader } = {},
): Promise<Cashflow> {
  const { today = todayInStockholm(), loadHistory } = options;
  const to = query.to !== undefined ? asDate(query.to) : today;
  const from = query.from !== undefined ? asDate(query.from) : defaultFrom(to);
  if (from > to) throw badRequest('/from', `from (${from}) must not be after to (${to})`);
  if (query.forecast_weeks > 0 && to !== today) {
    throw badRequest(
      '/to',
      'must be today (or absent) when forecast_weeks is given: the forecast continues from today',
    );
  }
  const interval: ReportingInterval = query.interval;
  const periods = reportingPeriods(from, to, interval);
  if (periods.length > MAX_CASHFLOW_PERIODS) {
    throw badRequest('/from', `from..to spans more than ${MAX_CASHFLOW_PERIODS} periods of a ${interval}`);
  }

  const companyId = query.company_id ?? null;
  const accountId = query.account_id ?? null;
  const koncernId =
    accountId !== null
      ? (await resolveAccount(tx, tenantId, query.koncern_id, query.company_id, accountId)).koncernId
      : companyId !== null
        ? await resolveCompany(tx, tenantId, query.koncern_id, companyId)
        : await resolveKoncern(tx, tenantId, query.koncern_id);
  const accounts = await scopeAccounts(tx, tenantId, koncernId, companyId, accountId);
  const accountIds = accounts.map((a) => a.id);
  const currencyOf = new Map(accounts.map((a) => [a.id, a.currency]));

  // Flows: per currency and booking day, with that day's rate (latest on or before it).
  const flows =
    accountIds.length === 0
      ? []
      : await selectRows<FlowRow>(
          tx,
          sql`select f.currency::text as currency, f.flow_date::text as flow_date, f.inflow::text as inflow,
                f.outflow::text as outflow, f.intra_inflow::text as intra_inflow,
                f.intra_outflow::text as intra_outflow, f.transaction_count::text as transaction_count
              from (
                select currency, flow_date, sum(inflow_minor) as inflow, sum(outflow_minor) as outflow,
                  sum(intra_inflow_minor) as intra_inflow, sum(intra_outflow_minor) as intra_outflow,
                  sum(transaction_count) as transaction_count
                from account_daily_flows
                where tenant_id = ${tenantId} and account_id = any(${textArray(accountIds)})
                  and flow_date between ${from}::date and ${to}::date
                group by currency, flow_date
              ) f`,
        );
  const days = [addDays(from, -1), ...periods.map((p) => p.end)];
  const series = await rateSeries(
    tx,
    accounts.map((a) => a.currency),
    days[0] ?? from,
    to,
  );
  const indexOf = new Map(periods.map((p, i) => [p.label, i]));
  const figures = periods.map(zeroFigures);
  for (const row of flows) {
    const day = asDate(row.flow_date);
    const target = figures[indexOf.get(periodLabel(day, interval)) ?? -1];
    if (!target) throw new Error(`flow on ${day} is outside ${from}..${to}`);
    const rate = rateOn(series, row.currency, day)?.sek_per_unit;
    target.inflow += toSek(BigInt(row.inflow), row.currency, rate, day);
    target.outflow += toSek(BigInt(row.outflow), row.currency, rate, day);
    target.intraIn += toSek(BigInt(row.intra_inflow), row.currency, rate, day);
    target.intraOut += toSek(BigInt(row.intra_outflow), row.currency, rate, day);
    target.count += Number(row.transaction_count);
  }

  // Balances at the end of the day before `from` and of every period, at each of those days' rates.
  const balances = await balancesOnOrBefore(tx, tenantId, accountIds, days);
  const closingByDay = new Map<string, bigint>(days.map((d) => [d, 0n]));
  const heldByDay = new Map<string, Set<string>>();
  for (const b of balances) {
    const currency = currencyOf.get(b.account_id) ?? SEK;
    const value = toSek(
      BigInt(b.booked_minor),
      currency,
      rateOn(series, currency, b.day)?.sek_per_unit,
      b.day,
    );
    closingByDay.set(b.day, (closingByDay.get(b.day) ?? 0n) + value);
    const held = heldByDay.get(b.day) ?? new Set<string>();
    if (currency !== SEK) held.add(currency);
    heldByDay.set(b.day, held);
  }

  let opening = closingByDay.get(days[0] ?? from) ?? 0n;
  const firstOpening = opening;
  const sum = zeroFigures();
  const out: CashflowPeriod[] = periods.map((p, i) => {
    const f = figures[i] ?? zeroFigures();
    const closing = closingByDay.get(p.end) ?? 0n;
    const net = f.inflow + f.outflow;
    const intraNet = f.intraIn + f.intraOut;
    const period: CashflowPeriod = {
      period: p.label,
      start: p.start,
      end: p.end,
      opening_balance: sek(opening),
      inflow: sek(f.inflow),
      outflow: sek(f.outflow),
      net: sek(net),
      intra_group: { inflow: sek(f.intraIn), outflow: sek(f.intraOut), net: sek(intraNet) },
      fx_revaluation: sek(closing - opening - net - intraNet),
      closing_balance: sek(closing),
      transaction_count: f.count,
      fx_rates: [...(heldByDay.get(p.end) ?? new Set<string>())].sort().flatMap((c) => {
        const rate = rateOn(series, c, p.end);
        return rate ? [rate] : [];
      }),
    };
    sum.inflow += f.inflow;
    sum.outflow += f.outflow;
    sum.intraIn += f.intraIn;
    sum.intraOut += f.intraOut;
    opening = closing;
    return period;
  });
  const net = sum.inflow + sum.outflow;
  const intraNet = sum.intraIn + sum.intraOut;
  return {
    koncern_id: koncernId,
    company_id: companyId,
    account_id: accountId,
    from,
    to,
    interval,
    periods: out,
    totals: {
      opening_balance: sek(firstOpening),
      inflow: sek(sum.inflow),
      outflow: sek(sum.outflow),
      net: sek(net),
      intra_group: { inflow: sek(sum.intraIn), outflow: sek(sum.intraOut), net: sek(intraNet) },
      fx_revaluation: sek(opening - firstOpening - net - intraNet),
      closing_balance: sek(opening),
    },
    forecast:
      query.forecast_weeks > 0
        ? await cashflowForecast(tx, tenantId, koncernId, accountIds, {
            interval,
            weeks: query.forecast_weeks,
            knownFlowsLimit: query.known_flows_limit,
            today,
            load: loadHistory,
          })
        : null,
  };
}
