import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken, type TestClient } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { isCurrency } from '../../banking/currency';
import { convert, formatAmount, parseAmount } from '../../banking/money';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { accountBalances, bankAccounts, companies, fxRates, koncerner, transactions } from '../db/schema';
import { seedDemoTenant } from '../demo/seed';
import type { RunningApi } from '../server';

/*
 * Positions and cashflow over real HTTP. Tenant "alfa" holds a hand-made koncern K1 around the turn of
 * 2026/2027 (a SEK cash pool with two sub-accounts, a NOK and a EUR account, sweeps and funding booked
 * as intra-group pairs) and a second koncern K2 holding a GBP account without any GBP rate. Every
 * expected figure is computed here from the fixture rows with bigint arithmetic and `convert`.
 * Tenant "beta" owns the foreign ids; the demo koncern (seeded in beforeAll) is reconciled as a whole.
 */

const K1 = 'kon_repkoncern01';
const K2 = 'kon_repkoncern02';
const HOLD = 'co_repholding01';
const SVEA = 'co_repsvea00001';
const NORGE = 'co_repnorge0001';
const USCO = 'co_repusa000001';
const TOP = 'acct_reptop00001';
const SUB1 = 'acct_repsub00001';
const SUB2 = 'acct_repsub00002';
const NOKA = 'acct_repnok00001';
const EURA = 'acct_repeur00001';
const USDA = 'acct_repusd00001';
const FOREIGN_KONCERN = 'kon_repforeign01';
const FOREIGN_COMPANY = 'co_repforeign001';

interface FixtureAccount {
  id: string;
  companyId: string;
  name: string;
  bankName: string;
  bic: string;
  currency: string;
  kind: string;
  cashPoolTopId: string | null;
  opening: bigint;
}

const OPENING_DATE = '2026-12-23';
const K1_ACCOUNTS: FixtureAccount[] = [
  {
    id: TOP,
    companyId: HOLD,
    name: 'Koncernkonto',
    bankName: 'SEB',
    bic: 'ESSESESS',
    currency: 'SEK',
    kind: 'cash_pool_top',
    cashPoolTopId: null,
    opening: 500_000_000n,
  },
  {
    id: SUB1,
    companyId: HOLD,
    name: 'Holding underkonto',
    bankName: 'SEB',
    bic: 'ESSESESS',
    currency: 'SEK',
    kind: 'cash_pool_sub',
    cashPoolTopId: TOP,
    opening: 10_000_000n,
  },
  {
    id: SUB2,
    companyId: SVEA,
    name: 'Svea underkonto',
    bankName: 'SEB',
    bic: 'ESSESESS',
    currency: 'SEK',
    kind: 'cash_pool_sub',
    cashPoolTopId: TOP,
    opening: 2_000_000n,
  },
  {
    id: NOKA,
    companyId: NORGE,
    name: 'Norge drift',
    bankName: 'DNB',
    bic: 'DNBANOKK',
    currency: 'NOK',
    kind: 'operating',
    cashPoolTopId: null,
    opening: 100_000_000n,
  },
  {
    id: EURA,
    companyId: HOLD,
    name: 'Holding EUR',
    bankName: 'Handelsbanken',
    bic: 'HANDSESS',
    currency: 'EUR',
    kind: 'operating',
    cashPoolTopId: null,
    opening: 5_000_000n,
  },
];
const COMPANY_NAMES: Record<string, string> = {
  [HOLD]: 'Rep Holding AB',
  [SVEA]: 'Rep Svea AB',
  [NORGE]: 'Rep Norge AS',
};

interface FixtureTxn {
  account: string;
  date: string;
  amount: bigint;
  intra?: boolean;
}

const TXNS: FixtureTxn[] = [
  { account: SUB1, date: '2026-12-28', amount: 100_000_000n },
  { account: SUB1, date: '2026-12-29', amount: -25_000_055n },
  // Sweep: the sub-account's surplus moves to the top account (both legs intra-group).
  { account: SUB1, date: '2026-12-30', amount: -70_000_000n, intra: true },
  { account: TOP, date: '2026-12-30', amount: 70_000_000n, intra: true },
  { account: SUB2, date: '2026-12-30', amount: -1_000_001n },
  // Funding: the top account tops up the other sub-account.
  { account: TOP, date: '2026-12-30', amount: -5_000_000n, intra: true },
  { account: SUB2, date: '2026-12-30', amount: 5_000_000n, intra: true },
  { account: NOKA, date: '2026-12-29', amount: 12_345_678n },
  { account: NOKA, date: '2027-01-04', amount: -2_345_679n },
  { account: EURA, date: '2027-01-04', amount: 5n },
  { account: EURA, date: '2027-01-04', amount: 5n },
  { account: EURA, date: '2027-01-04', amount: -100_033n },
  { account: EURA, date: '2027-01-05', amount: 333n },
];

const RATES: { currency: string; date: string; rate: string }[] = [
  { currency: 'NOK', date: '2026-12-23', rate: '0.954321' },
  { currency: 'EUR', date: '2026-12-23', rate: '11.123457' },
  { currency: 'NOK', date: '2026-12-30', rate: '0.951111' },
  { currency: 'EUR', date: '2026-12-30', rate: '11.050505' },
  { currency: 'NOK', date: '2027-01-04', rate: '0.950001' },
  { currency: 'EUR', date: '2027-01-04', rate: '11.000001' },
];

/** The latest fixture rate on or before `day` (independent of the API's lookup). */
function rateAt(currency: string, day: string): { rate: string; date: string } {
  if (currency === 'SEK') return { rate: '1', date: day };
  const candidates = RATES.filter((r) => r.currency === currency && r.date <= day).sort((a, b) =>
    a.date < b.date ? 1 : -1,
  );
  const found = candidates[0];
  if (!found) throw new Error(`no ${currency} rate on or before ${day}`);
  return { rate: found.rate, date: found.date };
}

function sekOf(minor: bigint, currency: string, day: string): bigint {
  if (currency === 'SEK') return minor;
  if (!isCurrency(currency)) throw new Error(currency);
  return convert(minor, currency, 'SEK', rateAt(currency, day).rate);
}

function balanceAt(account: FixtureAccount, day: string): bigint {
  let balance = account.opening;
  for (const t of TXNS) if (t.account === account.id && t.date <= day) balance += t.amount;
  return balance;
}

const sekWire = (minor: bigint) => ({ amount: formatAmount(minor, 'SEK'), currency: 'SEK' });
function minorOf(money: { amount: string; currency: string }): bigint {
  if (!isCurrency(money.currency)) throw new Error(money.currency);
  const parsed = parseAmount(money.amount, money.currency);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** Expected flows in SEK for days in [start, end]: per currency, day and kind, each sum converted once. */
function expectedFlows(start: string, end: string) {
  const sums = new Map<string, bigint>();
  for (const t of TXNS) {
    if (t.date < start || t.date > end) continue;
    const currency = K1_ACCOUNTS.find((a) => a.id === t.account)?.currency ?? 'SEK';
    const kind = `${t.intra ? 'intra' : 'ext'}-${t.amount > 0n ? 'in' : 'out'}`;
    const key = `${currency}|${t.date}|${kind}`;
    sums.set(key, (sums.get(key) ?? 0n) + t.amount);
  }
  const out = { inflow: 0n, outflow: 0n, intraIn: 0n, intraOut: 0n, count: 0 };
  for (const [key, minor] of sums) {
    const [currency = 'SEK', day = '', kind = ''] = key.split('|');
    const value = sekOf(minor, currency, day);
    if (kind === 'ext-in') out.inflow += value;
    if (kind === 'ext-out') out.outflow += value;
    if (kind === 'intra-in') out.intraIn += value;
    if (kind === 'intra-out') out.intraOut += value;
  }
  out.count = TXNS.filter((t) => t.date >= start && t.date <= end).length;
  return out;
}

function closingAt(day: string): bigint {
  let total = 0n;
  for (const a of K1_ACCOUNTS) total += sekOf(balanceAt(a, day), a.currency, day);
  return total;
}

async function seedFixture(db: Database, tenantId: string, foreignTenantId: string): Promise<void> {
  await db.insert(koncerner).values([
    { id: K1, tenantId, name: 'Rep Koncern' },
    { id: K2, tenantId, name: 'Rep USA-koncern' },
    { id: FOREIGN_KONCERN, tenantId: foreignTenantId, name: 'Foreign Koncern' },
  ]);
  await db.insert(companies).values([
    {
      id: HOLD,
      tenantId,
      koncernId: K1,
      name: COMPANY_NAMES[HOLD] ?? '',
      country: 'SE',
      functionalCurrency: 'SEK',
    },
    { id: USCO, tenantId, koncernId: K2, name: 'Rep USA Inc', country: 'US', functionalCurrency: 'USD' },
    {
      id: FOREIGN_COMPANY,
      tenantId: foreignTenantId,
      koncernId: FOREIGN_KONCERN,
      name: 'Foreign AB',
      country: 'SE',
      functionalCurrency: 'SEK',
    },
  ]);
  await db.insert(companies).values([
    {
      id: SVEA,
      tenantId,
      koncernId: K1,
      parentId: HOLD,
      name: COMPANY_NAMES[SVEA] ?? '',
      country: 'SE',
      functionalCurrency: 'SEK',
    },
    {
      id: NORGE,
      tenantId,
      koncernId: K1,
      parentId: HOLD,
      name: COMPANY_NAMES[NORGE] ?? '',
      country: 'NO',
      functionalCurrency: 'NOK',
    },
  ]);
  const accountRow = (a: FixtureAccount) => ({
    id: a.id,
    tenantId,
    companyId: a.companyId,
    name: a.name,
    bankName: a.bankName,
    bic: a.bic,
    currency: a.currency,
    kind: a.kind,
    cashPoolTopId: a.cashPoolTopId,
    openedOn: OPENING_DATE,
  });
  const [top, ...rest] = K1_ACCOUNTS;
  if (!top) throw new Error('fixture');
  await db.insert(bankAccounts).values(accountRow(top));
  await db.insert(bankAccounts).values(rest.map(accountRow));
  await db.insert(bankAccounts).values({
    id: USDA,
    tenantId,
    companyId: USCO,
    name: 'USA drift',
    bankName: 'Chase',
    bic: 'CHASUS33',
    currency: 'GBP',
    kind: 'operating',
    openedOn: OPENING_DATE,
  });
  await db
    .insert(fxRates)
    .values(RATES.map((r) => ({ currency: r.currency, rateDate: r.date, sekPerUnit: r.rate })));
  await db.insert(transactions).values(
    TXNS.map((t, i) => ({
      id: `txn_rep${String(i).padStart(8, '0')}`,
      tenantId,
      accountId: t.account,
      bookingDate: t.date,
      valueDate: t.date,
      amountMinor: t.amount,
      currency: K1_ACCOUNTS.find((a) => a.id === t.account)?.currency ?? 'SEK',
      bankReference: `REP-${i}`,
      intraGroup: t.intra ?? false,
    })),
  );
  // Balances: the bank's opening row, then a computed closing row on every day with transactions.
  const rows: (typeof accountBalances.$inferInsert)[] = [];
  for (const a of K1_ACCOUNTS) {
    rows.push({
      tenantId,
      accountId: a.id,
      balanceDate: OPENING_DATE,
      bookedMinor: a.opening,
      availableMinor: a.opening,
      source: 'bank',
      asOf: new Date(`${OPENING_DATE}T22:00:00Z`),
    });
    const days = [...new Set(TXNS.filter((t) => t.account === a.id).map((t) => t.date))].sort();
    for (const day of days) {
      rows.push({
        tenantId,
        accountId: a.id,
        balanceDate: day,
        bookedMinor: balanceAt(a, day),
        availableMinor: balanceAt(a, day),
        source: 'computed',
        asOf: new Date(`${day}T22:00:00Z`),
      });
    }
  }
  rows.push({
    tenantId,
    accountId: USDA,
    balanceDate: OPENING_DATE,
    bookedMinor: 1_000n,
    availableMinor: 1_000n,
    source: 'bank',
    asOf: new Date(`${OPENING_DATE}T22:00:00Z`),
  });
  await db.insert(accountBalances).values(rows);
}

type Json = Record<string, unknown>;
interface Money {
  amount: string;
  currency: string;
}
interface CurrencyAmount {
  amount: Money;
  sek: Money;
}
interface Group {
  key: string;
  name: string;
  amounts: CurrencyAmount[];
  total_sek: Money;
  account_count: number;
  account: { company_id: string; kind: string; cash_pool_top_id: string | null; balance_date: string } | null;
}
interface PositionsBody {
  koncern_id: string;
  date: string;
  group_by: string;
  groups: Group[];
  by_currency: CurrencyAmount[];
  total: Money;
  fx_rates: { currency: string; sek_per_unit: string; rate_date: string }[];
  cash_pools: {
    top_account_id: string;
    top_account: Money;
    sub_accounts: Money;
    total: Money;
    sub_account_count: number;
  }[];
}
interface Flow {
  inflow: Money;
  outflow: Money;
  net: Money;
}
interface Figures {
  opening_balance: Money;
  inflow: Money;
  outflow: Money;
  net: Money;
  intra_group: Flow;
  fx_revaluation: Money;
  closing_balance: Money;
}
interface PeriodBody extends Figures {
  period: string;
  start: string;
  end: string;
  transaction_count: number;
  fx_rates: { currency: string; sek_per_unit: string; rate_date: string }[];
}
interface CashflowBody {
  koncern_id: string;
  company_id: string | null;
  from: string;
  to: string;
  interval: string;
  periods: PeriodBody[];
  totals: Figures;
}

function expectReconciles(f: Figures): void {
  expect(minorOf(f.closing_balance)).toBe(
    minorOf(f.opening_balance) + minorOf(f.net) + minorOf(f.intra_group.net) + minorOf(f.fx_revaluation),
  );
  expect(minorOf(f.net)).toBe(minorOf(f.inflow) + minorOf(f.outflow));
  expect(minorOf(f.intra_group.net)).toBe(minorOf(f.intra_group.inflow) + minorOf(f.intra_group.outflow));
}

describe.each(testEngines)('reporting endpoints over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let alfa: TestClient;
  let token: string;
  let demoToken: string;
  let demoTenantId: string;
  const demoToday = '2025-11-20';

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const db = database.handle.db;
    alfa = await createTestClient(db, 'alfa', ['read:ledger', 'read:reporting']);
    const beta = await createTestClient(db, 'beta', ['read:reporting']);
    await seedFixture(db, alfa.tenantId, beta.tenantId);
    token = await fetchToken(api.url, alfa, 'read:reporting');
    const seeded = await seedDemoTenant(db, {
      tenantName: 'demo-reporting',
      seed: 7,
      size: 'demo',
      today: demoToday,
    });
    demoTenantId = seeded.tenantId;
    const demoClient = await createTestClient(db, 'demo-reporting', ['read:reporting']);
    demoToken = await fetchToken(api.url, demoClient);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  async function call(path: string, bearer: string | null = token) {
    const response = await fetch(`${api.url}${path}`, {
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: (await response.json()) as Json,
    };
  }

  async function ok<T>(path: string, bearer: string = token): Promise<T> {
    const { status, body } = await call(path, bearer);
    expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200);
    return body as T;
  }

  async function expectProblem(path: string, status: number, field?: string) {
    const response = await call(path);
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    if (field !== undefined) {
      expect((response.body.errors as { path: string }[]).map((e) => e.path)).toContain(`/${field}`);
    }
    return response.body;
  }

  const positions = (query: string) => ok<PositionsBody>(`/public/reporting/positions?${query}`);
  const cashflow = (query: string) => ok<CashflowBody>(`/public/reporting/cashflow?${query}`);

  describe('positions', () => {
    it('by account on a non-bank day: the last balance on or before it, at the last rate on or before it', async () => {
      // 2027-01-02 is a Saturday: balances of 2026-12-30 (and earlier), rates of 2026-12-30.
      const body = await positions(`koncern_id=${K1}&date=2027-01-02&group_by=account`);
      expect(body).toMatchObject({ koncern_id: K1, date: '2027-01-02', group_by: 'account' });
      expect(body.fx_rates).toEqual([
        { currency: 'EUR', sek_per_unit: '11.050505', rate_date: '2026-12-30' },
        { currency: 'NOK', sek_per_unit: '0.951111', rate_date: '2026-12-30' },
      ]);
      const expected = [...K1_ACCOUNTS].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(body.groups.map((g) => g.key)).toEqual(expected.map((a) => a.id));
      let total = 0n;
      for (const a of expected) {
        const group = body.groups.find((g) => g.key === a.id);
        const minor = balanceAt(a, '2027-01-02');
        const sekMinor = sekOf(minor, a.currency, '2027-01-02');
        total += sekMinor;
        expect(group).toEqual({
          key: a.id,
          name: a.name,
          amounts: [
            {
              amount: { amount: formatAmount(minor, 'SEK'), currency: a.currency },
              sek: sekWire(sekMinor),
            },
          ],
          total_sek: sekWire(sekMinor),
          account_count: 1,
          account: {
            company_id: a.companyId,
            kind: a.kind,
            cash_pool_top_id: a.cashPoolTopId,
            balance_date: TXNS.some(
              (t) => t.account === a.id && t.date <= '2027-01-02' && t.date > OPENING_DATE,
            )
              ? [...TXNS]
                  .filter((t) => t.account === a.id && t.date <= '2027-01-02')
                  .map((t) => t.date)
                  .sort()
                  .at(-1)
              : OPENING_DATE,
          },
        });
      }
      expect(body.total).toEqual(sekWire(total));
      expect(total).toBe(closingAt('2027-01-02'));
    });

    it('by company, bank and currency: each group is the sum of its accounts, the total the sum of the groups', async () => {
      const day = '2027-01-05';
      const keyOf = {
        company: (a: FixtureAccount) => a.companyId,
        bank: (a: FixtureAccount) => a.bic,
        currency: (a: FixtureAccount) => a.currency,
      };
      for (const groupBy of ['company', 'bank', 'currency'] as const) {
        const body = await positions(`koncern_id=${K1}&date=${day}&group_by=${groupBy}`);
        const expected = new Map<string, { sek: bigint; count: number; byCurrency: Map<string, bigint> }>();
        for (const a of K1_ACCOUNTS) {
          const key = keyOf[groupBy](a);
          const entry = expected.get(key) ?? { sek: 0n, count: 0, byCurrency: new Map<string, bigint>() };
          entry.sek += sekOf(balanceAt(a, day), a.currency, day);
          entry.count += 1;
          entry.byCurrency.set(a.currency, (entry.byCurrency.get(a.currency) ?? 0n) + balanceAt(a, day));
          expected.set(key, entry);
        }
        expect(body.groups.map((g) => g.key)).toEqual([...expected.keys()].sort());
        let sumOfGroups = 0n;
        for (const group of body.groups) {
          const e = expected.get(group.key);
          expect(minorOf(group.total_sek)).toBe(e?.sek);
          expect(group.account_count).toBe(e?.count);
          expect(group.account).toBeNull();
          let sumOfAmounts = 0n;
          for (const amount of group.amounts) {
            expect(minorOf(amount.amount)).toBe(e?.byCurrency.get(amount.amount.currency));
            sumOfAmounts += minorOf(amount.sek);
          }
          expect(sumOfAmounts).toBe(minorOf(group.total_sek));
          sumOfGroups += minorOf(group.total_sek);
        }
        expect(minorOf(body.total)).toBe(sumOfGroups);
        expect(minorOf(body.total)).toBe(closingAt(day));
        if (groupBy === 'company') expect(body.groups.map((g) => g.name)).toContain(COMPANY_NAMES[HOLD]);
        if (groupBy === 'bank') expect(body.groups.find((g) => g.key === 'ESSESESS')?.name).toBe('SEB');
      }
    });

    it('counts the cash pool once: sweeps move money between top and sub-accounts without changing the total', async () => {
      const before = await positions(`koncern_id=${K1}&date=2026-12-29`);
      const after = await positions(`koncern_id=${K1}&date=2026-12-30`);
      const pool = after.cash_pools[0];
      expect(after.cash_pools).toHaveLength(1);
      const top = K1_ACCOUNTS[0];
      if (!pool || !top) throw new Error('no pool');
      const subs = K1_ACCOUNTS.filter((a) => a.cashPoolTopId === TOP);
      let subSum = 0n;
      for (const s of subs) subSum += balanceAt(s, '2026-12-30');
      expect(pool).toEqual({
        top_account_id: TOP,
        top_account: sekWire(balanceAt(top, '2026-12-30')),
        sub_accounts: sekWire(subSum),
        total: sekWire(balanceAt(top, '2026-12-30') + subSum),
        sub_account_count: 2,
      });
      // The top account holds the swept 700 000 kr minus the 50 000 kr funding, the subs the rest.
      expect(minorOf(pool.top_account)).toBe(500_000_000n + 70_000_000n - 5_000_000n);
      // SEK cash changed only by the external payment of 10 000.01 kr on 2026-12-30: the sweep and
      // the funding (intra-group pairs) changed nothing; the SEK total is the pool total, not more.
      const sekOfBody = (b: PositionsBody) =>
        minorOf(b.by_currency.find((c) => c.amount.currency === 'SEK')?.sek ?? sekWire(0n));
      expect(sekOfBody(after) - sekOfBody(before)).toBe(-1_000_001n);
      expect(sekOfBody(after)).toBe(minorOf(pool.total));
    });

    it('before any balance: no groups and a zero total; defaults: today and group_by=company', async () => {
      const empty = await positions(`koncern_id=${K1}&date=2020-01-01`);
      expect(empty.groups).toEqual([]);
      expect(empty.total).toEqual(sekWire(0n));
      expect(empty.fx_rates).toEqual([]);
      const byDefault = await positions(`koncern_id=${K1}`);
      expect(byDefault.group_by).toBe('company');
      expect(byDefault.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('answers 400, 404 and 422 for bad input', async () => {
      await expectProblem(`/public/reporting/positions?koncern_id=${K1}&date=2026-02-30`, 400, 'date');
      await expectProblem(`/public/reporting/positions?koncern_id=${K1}&date=20261230`, 400, 'date');
      await expectProblem(`/public/reporting/positions?koncern_id=${K1}&group_by=country`, 400, 'group_by');
      await expectProblem(`/public/reporting/positions?koncern_id=not-an-id`, 400, 'koncern_id');
      // alfa has two koncerner: koncern_id is required.
      await expectProblem('/public/reporting/positions', 400, 'koncern_id');
      await expectProblem('/public/reporting/positions?koncern_id=kon_doesnotexist', 404);
      await expectProblem(`/public/reporting/positions?koncern_id=${FOREIGN_KONCERN}`, 404);
      // K2 holds GBP and no GBP rate exists (the demo seeds EUR, USD, NOK and DKK only).
      const noRate = await expectProblem(`/public/reporting/positions?koncern_id=${K2}&date=2027-01-04`, 422);
      expect(noRate.detail).toMatch(/GBP/);
    });
  });

  describe('cashflow', () => {
    it('by ISO week across the year boundary: 2026-12-28..2027-01-03 is 2026-W53', async () => {
      const body = await cashflow(`koncern_id=${K1}&from=2026-12-28&to=2027-01-05&interval=week`);
      expect(body).toMatchObject({ koncern_id: K1, company_id: null, from: '2026-12-28', to: '2027-01-05' });
      expect(body.periods.map((p) => [p.period, p.start, p.end])).toEqual([
        ['2026-W53', '2026-12-28', '2027-01-03'],
        ['2027-W01', '2027-01-04', '2027-01-05'],
      ]);
      let opening = closingAt('2026-12-27');
      for (const p of body.periods) {
        const e = expectedFlows(p.start, p.end);
        expect(p.opening_balance).toEqual(sekWire(opening));
        expect(p.inflow).toEqual(sekWire(e.inflow));
        expect(p.outflow).toEqual(sekWire(e.outflow));
        expect(p.net).toEqual(sekWire(e.inflow + e.outflow));
        expect(p.intra_group).toEqual({
          inflow: sekWire(e.intraIn),
          outflow: sekWire(e.intraOut),
          net: sekWire(e.intraIn + e.intraOut),
        });
        expect(p.closing_balance).toEqual(sekWire(closingAt(p.end)));
        expect(p.transaction_count).toBe(e.count);
        expectReconciles(p);
        opening = closingAt(p.end);
      }
      // Intra-group transfers are apart: 700 000 + 50 000 kr each way, netting to zero for the koncern.
      const w53 = body.periods[0];
      expect(w53?.intra_group).toEqual({
        inflow: sekWire(75_000_000n),
        outflow: sekWire(-75_000_000n),
        net: sekWire(0n),
      });
      expect(w53?.inflow).toEqual(sekWire(100_000_000n + sekOf(12_345_678n, 'NOK', '2026-12-29')));
      expect(w53?.outflow).toEqual(sekWire(-25_000_055n - 1_000_001n));
      expect(w53?.fx_rates).toEqual([
        { currency: 'EUR', sek_per_unit: '11.050505', rate_date: '2026-12-30' },
        { currency: 'NOK', sek_per_unit: '0.951111', rate_date: '2026-12-30' },
      ]);
      expectReconciles(body.totals);
      expect(body.totals.opening_balance).toEqual(sekWire(closingAt('2026-12-27')));
      expect(body.totals.closing_balance).toEqual(sekWire(closingAt('2027-01-05')));
    });

    it('by month and by day, clipped to from..to', async () => {
      const months = await cashflow(`koncern_id=${K1}&from=2026-12-15&to=2027-01-31&interval=month`);
      expect(months.periods.map((p) => [p.period, p.start, p.end])).toEqual([
        ['2026-12', '2026-12-15', '2026-12-31'],
        ['2027-01', '2027-01-01', '2027-01-31'],
      ]);
      for (const p of months.periods) {
        const e = expectedFlows(p.start, p.end);
        expect([p.inflow, p.outflow]).toEqual([sekWire(e.inflow), sekWire(e.outflow)]);
        expect(p.closing_balance).toEqual(sekWire(closingAt(p.end)));
        expectReconciles(p);
      }
      const days = await cashflow(`koncern_id=${K1}&from=2026-12-28&to=2026-12-30&interval=day`);
      expect(days.periods.map((p) => p.period)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30']);
      expect(days.periods[0]?.inflow).toEqual(sekWire(100_000_000n));
      expect(days.periods[0]?.fx_revaluation).toEqual(sekWire(0n));
      expect(days.periods[2]?.intra_group.net).toEqual(sekWire(0n));
    });

    it('for one company: its intra-group transfers with the rest of the koncern do not net to zero', async () => {
      const body = await cashflow(`company_id=${SVEA}&from=2026-12-28&to=2026-12-31&interval=month`);
      expect(body.koncern_id).toBe(K1);
      expect(body.company_id).toBe(SVEA);
      const [period] = body.periods;
      expect(period?.intra_group).toEqual({
        inflow: sekWire(5_000_000n),
        outflow: sekWire(0n),
        net: sekWire(5_000_000n),
      });
      expect(period?.outflow).toEqual(sekWire(-1_000_001n));
      expect(period?.opening_balance).toEqual(sekWire(2_000_000n));
      expect(period?.closing_balance).toEqual(sekWire(2_000_000n - 1_000_001n + 5_000_000n));
      expectReconciles(period ?? body.totals);
      // The same company with its own koncern is fine; with another koncern it is not found.
      await cashflow(`koncern_id=${K1}&company_id=${SVEA}&from=2026-12-28&to=2026-12-31`);
      await expectProblem(`/public/reporting/cashflow?koncern_id=${K2}&company_id=${SVEA}`, 404);
    });

    it('for one account: its own flows and closing balance per period, for a balance history', async () => {
      const eur = K1_ACCOUNTS.find((a) => a.id === EURA);
      if (!eur) throw new Error('fixture');
      const body = await cashflow(`account_id=${EURA}&from=2026-12-24&to=2027-01-05&interval=day`);
      expect(body).toMatchObject({ koncern_id: K1, company_id: null, account_id: EURA });
      for (const p of body.periods) {
        expect(p.closing_balance).toEqual(sekWire(sekOf(balanceAt(eur, p.end), 'EUR', p.end)));
        const own = TXNS.filter((t) => t.account === EURA && t.date === p.start);
        expect(p.transaction_count).toBe(own.length);
        expectReconciles(p);
      }
      expect(body.periods.some((p) => p.transaction_count > 0)).toBe(true);
      // The account's own company and koncern are fine; any other scope does not hold it.
      const eurCompany = eur.companyId;
      await cashflow(
        `koncern_id=${K1}&company_id=${eurCompany}&account_id=${EURA}&from=2026-12-28&to=2026-12-31`,
      );
      const otherCompany = eurCompany === SVEA ? NORGE : SVEA;
      await expectProblem(`/public/reporting/cashflow?company_id=${otherCompany}&account_id=${EURA}`, 404);
      await expectProblem(`/public/reporting/cashflow?koncern_id=${K2}&account_id=${EURA}`, 404);
      await expectProblem(`/public/reporting/cashflow?koncern_id=${K1}&account_id=${USDA}`, 404);
      await expectProblem('/public/reporting/cashflow?account_id=acct_doesnotexist', 404);
      await expectProblem(`/public/reporting/cashflow?account_id=${SVEA}`, 400, 'account_id');
    });

    it('answers 400 and 404 for bad input', async () => {
      const base = `/public/reporting/cashflow?koncern_id=${K1}`;
      await expectProblem(`${base}&from=2027-01-05&to=2026-12-28`, 400, 'from');
      await expectProblem(`${base}&from=2027-13-01`, 400, 'from');
      await expectProblem(`${base}&to=yesterday`, 400, 'to');
      await expectProblem(`${base}&interval=year`, 400, 'interval');
      await expectProblem(`${base}&from=2020-01-01&to=2026-01-01&interval=day`, 400, 'from');
      await expectProblem(`${base}&from=2999-01-01`, 400, 'from');
      await expectProblem('/public/reporting/cashflow', 400, 'koncern_id');
      await expectProblem('/public/reporting/cashflow?koncern_id=kon_doesnotexist', 404);
      await expectProblem(`/public/reporting/cashflow?koncern_id=${FOREIGN_KONCERN}`, 404);
      await expectProblem('/public/reporting/cashflow?company_id=co_doesnotexist', 404);
      await expectProblem(`/public/reporting/cashflow?company_id=${FOREIGN_COMPANY}`, 404);
      await expectProblem('/public/reporting/cashflow?company_id=acct_wrongkind1', 400, 'company_id');
    });
  });

  it('needs read:reporting', async () => {
    const ledgerOnly = await fetchToken(api.url, alfa, 'read:ledger');
    for (const path of [
      `/public/reporting/positions?koncern_id=${K1}`,
      `/public/reporting/cashflow?koncern_id=${K1}`,
    ]) {
      const forbidden = await call(path, ledgerOnly);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ type: 'https://finvis.se/problems/insufficient-scope' });
      expect((await call(path, null)).status).toBe(401);
    }
  });

  describe('over the demo koncern', () => {
    it('reconciles every account: the reported closing balance = opening balance + all transactions up to the date', async () => {
      const db = database.handle.db;
      const expected = await selectRows<{ account_id: string; expected: string }>(
        db,
        sql`select a.id as account_id,
              ((select ab.booked_minor from account_balances ab
                where ab.account_id = a.id and ab.source = 'bank' order by ab.balance_date limit 1)
               + coalesce((select sum(t.amount_minor) from transactions t
                where t.account_id = a.id and t.booking_date <= ${demoToday}::date), 0))::text as expected
            from bank_accounts a where a.tenant_id = ${demoTenantId}`,
      );
      expect(expected.length).toBeGreaterThan(10);
      const body = await ok<PositionsBody>(
        `/public/reporting/positions?date=${demoToday}&group_by=account`,
        demoToken,
      );
      expect(body.groups).toHaveLength(expected.length);
      for (const row of expected) {
        const group = body.groups.find((g) => g.key === row.account_id);
        expect(group?.amounts[0] && minorOf(group.amounts[0].amount), row.account_id).toBe(
          BigInt(row.expected),
        );
      }
      // And at every month end of the history, by cashflow: each period reconciles, and the last
      // closing balance is the positions total.
      const flow = await ok<CashflowBody>(
        `/public/reporting/cashflow?from=2023-11-01&to=${demoToday}&interval=month`,
        demoToken,
      );
      expect(flow.periods).toHaveLength(25);
      for (const p of flow.periods) expectReconciles(p);
      expect(flow.totals.closing_balance).toEqual(body.total);
      expectReconciles(flow.totals);
      const [counted] = await selectRows<{ n: string }>(
        db,
        sql`select count(*)::text as n from transactions where tenant_id = ${demoTenantId}`,
      );
      let reported = 0;
      for (const p of flow.periods) reported += p.transaction_count;
      expect(reported).toBe(Number(counted?.n));
      // Intra-group transfers (sweeps, funding, FX between treasury accounts) are all in scope, so they
      // net to zero in every currency; only the FX legs' rounding to the öre may remain in SEK.
      const byCurrency = await selectRows<{ currency: string; net: string }>(
        db,
        sql`select currency::text as currency, sum(amount_minor)::text as net from transactions
            where tenant_id = ${demoTenantId} and intra_group
              and currency = 'SEK' group by currency`,
      );
      expect(byCurrency.length).toBe(1);
      const intraNet = minorOf(flow.totals.intra_group.net);
      expect(intraNet < 0n ? -intraNet : intraNet).toBeLessThanOrEqual(BigInt(flow.periods.length * 100));
    });

    it('keeps account_daily_flows in step with the transactions (insert, update and delete)', async () => {
      const db = database.handle.db;
      const mismatches = async () =>
        selectRows<{ account_id: string }>(
          db,
          sql`with t as (
                select account_id, booking_date, count(*) as n,
                  coalesce(sum(amount_minor) filter (where not intra_group and amount_minor > 0), 0) as i,
                  coalesce(sum(amount_minor) filter (where not intra_group and amount_minor < 0), 0) as o,
                  coalesce(sum(amount_minor) filter (where intra_group and amount_minor > 0), 0) as ii,
                  coalesce(sum(amount_minor) filter (where intra_group and amount_minor < 0), 0) as io
                from transactions group by account_id, booking_date
              ), f as (
                select account_id, flow_date as booking_date, sum(transaction_count) as n,
                  sum(inflow_minor) as i, sum(outflow_minor) as o,
                  sum(intra_inflow_minor) as ii, sum(intra_outflow_minor) as io
                from account_daily_flows group by account_id, flow_date having sum(transaction_count) <> 0
              )
              select coalesce(t.account_id, f.account_id) as account_id from t full join f
                on t.account_id = f.account_id and t.booking_date = f.booking_date
              where t.n is distinct from f.n or t.i is distinct from f.i or t.o is distinct from f.o
                 or t.ii is distinct from f.ii or t.io is distinct from f.io`,
        );
      expect(await mismatches()).toEqual([]);
      const flows = () =>
        selectRows<Record<string, unknown>>(
          db,
          // xmin: the transaction that wrote the row version, so a rewrite with equal sums shows too.
          sql`select xmin::text as written_by, * from account_daily_flows where tenant_id = ${demoTenantId}
              order by account_id, flow_date, currency`,
        );
      const before = await flows();
      // A change of reconciliation state alone moves no day sum and rewrites none.
      await db.execute(
        sql`update transactions set reconciliation_state = case when reconciliation_state = 'unreconciled'
              then 'proposed' else 'unreconciled' end
            where id in (select id from transactions where tenant_id = ${demoTenantId} order by seq desc limit 200)`,
      );
      expect(await flows()).toEqual(before);
      await db.execute(
        sql`update transactions set intra_group = not intra_group, amount_minor = amount_minor + 1
            where id in (select id from transactions where tenant_id = ${demoTenantId} order by seq limit 50)`,
      );
      // Moved to another day, and one to another account: the sums leave one day and reach the other.
      await db.execute(
        sql`update transactions set booking_date = booking_date + 3
            where id in (select id from transactions where tenant_id = ${demoTenantId} order by seq limit 40 offset 50)`,
      );
      await db.execute(
        sql`update transactions t set account_id = o.account_id
            from (select a.id, b.account_id from
                    (select id, account_id from transactions where tenant_id = ${demoTenantId} order by seq limit 1 offset 100) a,
                    (select account_id from transactions where tenant_id = ${demoTenantId} order by account_id desc limit 1) b) o
            where t.id = o.id`,
      );
      await db.execute(
        // Transactions in a reconciliation match cannot go; the rest can.
        sql`delete from transactions where id in (
              select id from transactions t where tenant_id = ${demoTenantId}
                and not exists (select 1 from reconciliation_match_transactions m where m.transaction_id = t.id)
              order by seq desc limit 20)`,
      );
      expect(await mismatches()).toEqual([]);
    });
  });
});
