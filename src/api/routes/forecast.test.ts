import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken, type TestClient } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import {
  addBankDays,
  bankDayOnOrAfter,
  bankDayOnOrBefore,
  bankDaysBetween,
  nextBankDay,
} from '../../banking/bank-days';
import { addDays, todayInStockholm, type IsoDate } from '../../banking/dates';
import { parseAmount } from '../../banking/money';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import {
  accountBalances,
  bankAccounts,
  companies,
  koncerner,
  openItems,
  paymentBatches,
  paymentLines,
} from '../db/schema';
import { seedDemoTenant } from '../demo/seed';
import type { RunningApi } from '../server';
import { forgetEarlierForecasts } from '../forecast/calibration';

/*
 * The forecast over real HTTP. Tenant "gamma" holds a hand-made koncern whose answer is known: one SEK
 * account holding 1,000,000.00 for a month with no flows at all (so the statistical part is zero), an
 * open supplier invoice of 1,500,000.00 due in ten days and an approved payment batch of 200,000.00
 * executing the bank day after it: the balance must fall to −700,000.00, exactly, with those two as the causes.
 * A demo koncern seeded up to today is forecast as a whole and its figures reconciled.
 */

type Json = Record<string, unknown>;
interface Money {
  amount: string;
  currency: string;
}
interface Split {
  inflow: Money;
  outflow: Money;
  net: Money;
}
interface KnownFlowBody {
  source: string;
  reference: string;
  date: string;
  scheduled_date: string;
  amount: Money;
  sek: Money;
}
interface ForecastPeriodBody {
  known_flows_omitted: { count: number; inflow: Money; outflow: Money };
  kind: string;
  period: string;
  start: string;
  end: string;
  opening_balance: Money;
  inflow: Money;
  outflow: Money;
  net: Money;
  intra_group_net: Money;
  closing_balance: Money;
  band_80: { low: Money; high: Money };
  band_95: { low: Money; high: Money };
  sources: { known: Split; recurring: Split; statistical: Split };
  known_flows: KnownFlowBody[];
  recurring_flows: { category: string; rule: string; date: string; sek: Money }[];
}
interface CashflowBody {
  to: string;
  periods: { period: string; closing_balance: Money }[];
  forecast: {
    as_of: string;
    weeks: number;
    to: string;
    periods: ForecastPeriodBody[];
    lowest: { date: string; balance: Money } | null;
  } | null;
}
interface WarningBody {
  company_id: string | null;
  name: string;
  opening_balance: Money;
  minimum_buffer: Money | null;
  lowest: { date: string; balance: Money };
  below_zero: boolean;
  below_buffer: boolean;
  warning: boolean;
  first_breach_date: string | null;
  weeks_below: string[];
  causes: { source: string; description: string; reference: string | null; date: string; sek: Money }[];
}
interface WarningsBody {
  koncern_id: string;
  koncern: WarningBody;
  companies: WarningBody[];
}
interface AccuracyBody {
  horizon_weeks: number;
  origins: number;
  mape: number;
  baseline_mape: number;
  coverage_80: number;
  coverage_95: number;
  by_horizon: { week: number; mape: number; coverage_80: number }[];
}

function minorOf(money: Money): bigint {
  expect(money.currency).toBe('SEK');
  const parsed = parseAmount(money.amount, 'SEK');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const GAMMA_KONCERN = 'kon_fcgamma0001';
const GAMMA_COMPANY = 'co_fcgamma00001';
const GAMMA_ACCOUNT = 'acct_fcgamma0001';
const GAMMA_BATCH = 'batch_fcgamma0001';
const GAMMA_PAYABLE = 'oi_fcgamma00001';

async function seedGamma(db: Database, tenantId: string, today: IsoDate): Promise<void> {
  await db.insert(koncerner).values({ id: GAMMA_KONCERN, tenantId, name: 'Gamma Koncern' });
  await db.insert(companies).values({
    id: GAMMA_COMPANY,
    tenantId,
    koncernId: GAMMA_KONCERN,
    name: 'Gamma AB',
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await db.insert(bankAccounts).values({
    id: GAMMA_ACCOUNT,
    tenantId,
    companyId: GAMMA_COMPANY,
    name: 'Gamma drift',
    bankName: 'SEB',
    bic: 'ESSESESS',
    currency: 'SEK',
    kind: 'operating',
    openedOn: addDays(today, -40),
  });
  await db.insert(accountBalances).values({
    tenantId,
    accountId: GAMMA_ACCOUNT,
    balanceDate: addDays(today, -30),
    bookedMinor: 100_000_000n,
    availableMinor: 100_000_000n,
    source: 'bank',
    asOf: new Date(`${addDays(today, -30)}T22:00:00Z`),
  });
  await db.insert(openItems).values({
    id: GAMMA_PAYABLE,
    tenantId,
    companyId: GAMMA_COMPANY,
    externalId: 'LEV-1',
    kind: 'payable',
    counterpartyName: 'Stor Leverantör AB',
    amountMinor: 150_000_000n,
    currency: 'SEK',
    // Known from its issue date: without one it is known from when the row was written, by the clock,
    // which passes midnight in Stockholm while `today` here stays the day the file began.
    issueDate: addDays(today, -3),
    dueDate: addDays(today, 10),
  });
  const execution = nextBankDay(bankDayOnOrAfter(addDays(today, 10)));
  const actor = { type: 'user', id: 'u1', name: null };
  await db.insert(paymentBatches).values({
    id: GAMMA_BATCH,
    tenantId,
    debtorAccountId: GAMMA_ACCOUNT,
    companyId: GAMMA_COMPANY,
    status: 'approved',
    paymentCount: 1,
    firstExecutionDate: execution,
    lastExecutionDate: execution,
    createdBy: actor,
  });
  await db.insert(paymentLines).values({
    id: 'pmt_fcgamma00001',
    tenantId,
    batchId: GAMMA_BATCH,
    position: 1,
    creditorName: 'Konsult AB',
    creditorKind: 'bankgiro',
    creditorAccount: '56789012',
    amountMinor: 20_000_000n,
    currency: 'SEK',
    executionDate: execution,
    endToEndId: 'E2E-GAMMA-1',
  });
}

/** Tenant "delta": a koncern holding pounds, for which no reference rate is ever published. */
async function seedDelta(db: Database, tenantId: string, today: IsoDate): Promise<void> {
  await db.insert(koncerner).values({ id: 'kon_fcdelta0001', tenantId, name: 'Delta Koncern' });
  await db.insert(companies).values({
    id: 'co_fcdelta00001',
    tenantId,
    koncernId: 'kon_fcdelta0001',
    name: 'Delta Ltd',
    country: 'GB',
    functionalCurrency: 'GBP',
  });
  await db.insert(bankAccounts).values({
    id: 'acct_fcdelta0001',
    tenantId,
    companyId: 'co_fcdelta00001',
    name: 'Delta GBP',
    bankName: 'Barclays',
    bic: 'BARCGB22',
    currency: 'GBP',
    kind: 'operating',
    openedOn: addDays(today, -40),
  });
  await db.insert(accountBalances).values({
    tenantId,
    accountId: 'acct_fcdelta0001',
    balanceDate: addDays(today, -30),
    bookedMinor: 5_000_00n,
    availableMinor: 5_000_00n,
    source: 'bank',
    asOf: new Date(`${addDays(today, -30)}T22:00:00Z`),
  });
}

describe.each(testEngines)('forecast endpoints over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let gamma: TestClient;
  let gammaToken: string;
  let delta: TestClient;
  let demoToken: string;
  let demoTenantId: string;
  let demoKoncern: string;
  const today = todayInStockholm();

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // The API's day is the day the data was seeded for, so a run across midnight in Stockholm holds.
    api = await startTestApi(database.handle, { today: () => today });
    const db = database.handle.db;
    gamma = await createTestClient(db, 'gamma', ['read:reporting', 'read:ledger', 'write:payments']);
    await seedGamma(db, gamma.tenantId, today);
    gammaToken = await fetchToken(api.url, gamma);
    const seeded = await seedDemoTenant(db, { tenantName: 'demo-forecast', seed: 3, size: 'demo', today });
    demoTenantId = seeded.tenantId;
    const [row] = await selectRows<{ id: string }>(
      db,
      sql`select id from koncerner where tenant_id = ${demoTenantId}`,
    );
    demoKoncern = row?.id ?? '';
    delta = await createTestClient(db, 'delta', ['read:reporting']);
    await seedDelta(db, delta.tenantId, today);
    const demoClient = await createTestClient(db, 'demo-forecast', ['read:reporting', 'write:payments']);
    demoToken = await fetchToken(api.url, demoClient);
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  async function call(path: string, bearer: string | null, init: RequestInit = {}) {
    const response = await fetch(`${api.url}${path}`, {
      ...init,
      headers: {
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: (await response.json()) as Json,
    };
  }

  async function ok<T>(path: string, bearer: string): Promise<T> {
    const { status, body } = await call(path, bearer);
    expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200);
    return body as T;
  }

  async function expectProblem(path: string, bearer: string, status: number, field?: string) {
    const response = await call(path, bearer);
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    if (field !== undefined) {
      expect((response.body.errors as { path: string }[]).map((e) => e.path)).toContain(`/${field}`);
    }
  }

  function setBuffer(bearer: string, body: unknown, key: string) {
    return call('/public/reporting/forecast/buffers', bearer, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  }

  describe('a koncern with a known answer', () => {
    const payableDay = () => bankDayOnOrAfter(addDays(today, 10));
    const batchDay = () => nextBankDay(payableDay());

    it('continues the daily cashflow into the forecast: known flows on their bank days, exact balances', async () => {
      const body = await ok<CashflowBody>(
        '/public/reporting/cashflow?interval=day&forecast_weeks=3',
        gammaToken,
      );
      const forecast = body.forecast;
      if (!forecast) throw new Error('no forecast');
      expect(forecast).toMatchObject({ as_of: today, weeks: 3, to: addDays(today, 21) });
      expect(forecast.periods).toHaveLength(21);
      expect(forecast.periods[0]?.start).toBe(addDays(today, 1));
      expect(minorOf(forecast.periods[0]?.opening_balance ?? { amount: '', currency: '' })).toBe(
        minorOf(body.periods[body.periods.length - 1]?.closing_balance ?? { amount: '', currency: '' }),
      );
      for (const p of forecast.periods) {
        expect(p.kind).toBe('forecast');
        const expected =
          100_000_000n -
          (p.start >= payableDay() ? 150_000_000n : 0n) -
          (p.start >= batchDay() ? 20_000_000n : 0n);
        expect(minorOf(p.closing_balance), p.period).toBe(expected);
        // No history of flows: nothing recurring, nothing statistical, no spread.
        expect(minorOf(p.sources.statistical.net)).toBe(0n);
        expect(p.recurring_flows).toEqual([]);
        expect(p.band_80).toEqual({ low: p.closing_balance, high: p.closing_balance });
      }
      const payableDayPeriod = forecast.periods.find((p) => p.start === payableDay());
      expect(payableDayPeriod?.known_flows).toEqual([
        expect.objectContaining({
          source: 'payable',
          reference: GAMMA_PAYABLE,
          scheduled_date: addDays(today, 10),
          amount: { amount: '-1500000.00', currency: 'SEK' },
        }),
      ]);
      expect(payableDayPeriod?.outflow).toEqual({ amount: '-1500000.00', currency: 'SEK' });
      expect(forecast.lowest).toEqual({
        date: batchDay(),
        balance: { amount: '-700000.00', currency: 'SEK' },
      });
    });

    it('warns below zero at the lowest point, naming the flows that cause it', async () => {
      const body = await ok<WarningsBody>('/public/reporting/forecast/warnings?weeks=4', gammaToken);
      expect(body.koncern_id).toBe(GAMMA_KONCERN);
      expect(body.companies).toHaveLength(1);
      const company = body.companies[0];
      expect(company).toMatchObject({
        company_id: GAMMA_COMPANY,
        name: 'Gamma AB',
        opening_balance: { amount: '1000000.00', currency: 'SEK' },
        minimum_buffer: null,
        lowest: { date: batchDay(), balance: { amount: '-700000.00', currency: 'SEK' } },
        below_zero: true,
        below_buffer: false,
        warning: true,
        first_breach_date: payableDay(),
      });
      expect(company?.causes.map((c) => [c.source, c.reference, c.date, c.sek.amount])).toEqual([
        ['payable', GAMMA_PAYABLE, payableDay(), '-1500000.00'],
        ['payment_batch', GAMMA_BATCH, batchDay(), '-200000.00'],
      ]);
      expect(body.koncern).toMatchObject({ company_id: null, name: 'Gamma Koncern', warning: true });
    });

    it('warns below a configured buffer, and not once the buffer is removed and the money suffices', async () => {
      const set = await setBuffer(
        gammaToken,
        { company_id: GAMMA_COMPANY, minimum: { amount: '2000000.00', currency: 'SEK' } },
        'buffer-gamma-1',
      );
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        company_id: GAMMA_COMPANY,
        minimum: { amount: '2000000.00', currency: 'SEK' },
      });
      const listed = await ok<{ results: unknown[] }>('/public/reporting/forecast/buffers', gammaToken);
      expect(listed.results).toEqual([set.body]);
      const warned = await ok<WarningsBody>('/public/reporting/forecast/warnings?weeks=1', gammaToken);
      // Within one week neither flow has left, but 1,000,000.00 is below the 2,000,000.00 buffer all week.
      expect(warned.companies[0]).toMatchObject({
        minimum_buffer: { amount: '2000000.00', currency: 'SEK' },
        below_zero: false,
        below_buffer: true,
        warning: true,
        first_breach_date: addDays(today, 1),
      });
      expect(warned.companies[0]?.weeks_below.length).toBeGreaterThan(0);
      expect(warned.koncern.minimum_buffer).toEqual({ amount: '2000000.00', currency: 'SEK' });

      const removed = await setBuffer(
        gammaToken,
        { company_id: GAMMA_COMPANY, minimum: null },
        'buffer-gamma-2',
      );
      expect(removed.body).toEqual({ company_id: GAMMA_COMPANY, minimum: null });
      const calm = await ok<WarningsBody>('/public/reporting/forecast/warnings?weeks=1', gammaToken);
      expect(calm.companies[0]).toMatchObject({
        minimum_buffer: null,
        warning: false,
        weeks_below: [],
        causes: [],
      });
    });

    it('replays a buffer write with the same key and refuses a different body with it', async () => {
      const body = { company_id: GAMMA_COMPANY, minimum: { amount: '5.00', currency: 'SEK' } };
      const first = await setBuffer(gammaToken, body, 'buffer-gamma-3');
      const again = await setBuffer(gammaToken, body, 'buffer-gamma-3');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await setBuffer(
        gammaToken,
        { ...body, minimum: { amount: '6.00', currency: 'SEK' } },
        'buffer-gamma-3',
      );
      expect(other.status).toBe(422);
      await setBuffer(gammaToken, { company_id: GAMMA_COMPANY, minimum: null }, 'buffer-gamma-4');
    });

    it('rejects bad buffers with a problem and changes nothing', async () => {
      const cases: [unknown, number, string][] = [
        [{ company_id: GAMMA_COMPANY, minimum: { amount: '-1.00', currency: 'SEK' } }, 400, '/minimum'],
        [{ company_id: GAMMA_COMPANY, minimum: { amount: '1.00', currency: 'EUR' } }, 400, '/minimum'],
        [{ company_id: GAMMA_COMPANY, minimum: { amount: '1.001', currency: 'SEK' } }, 400, '/minimum'],
        [{ company_id: 'acct_fcgamma0001', minimum: null }, 400, '/company_id'],
      ];
      for (const [i, [body, status, path]] of cases.entries()) {
        const response = await setBuffer(gammaToken, body, `bad-buffer-${i}`);
        expect(response.status, JSON.stringify(response.body)).toBe(status);
        expect(response.contentType).toMatch(/^application\/problem\+json/);
        expect((response.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
      }
      const missingKey = await call('/public/reporting/forecast/buffers', gammaToken, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ company_id: GAMMA_COMPANY, minimum: null }),
      });
      expect(missingKey.status).toBe(400);
      const listed = await ok<{ results: unknown[] }>('/public/reporting/forecast/buffers', gammaToken);
      expect(listed.results).toEqual([]);
    });
  });

  describe('the demo koncern', () => {
    it('forecasts 13 weeks after the history, reconciling every period and its sources', async () => {
      const plain = await ok<CashflowBody>('/public/reporting/cashflow?interval=week', demoToken);
      const body = await ok<CashflowBody>(
        '/public/reporting/cashflow?interval=week&forecast_weeks=13',
        demoToken,
      );
      expect(plain.forecast).toBeNull();
      // The history is untouched by asking for the forecast.
      expect({ ...body, forecast: null }).toEqual(plain);
      const forecast = body.forecast;
      if (!forecast) throw new Error('no forecast');
      expect(forecast.to).toBe(addDays(today, 91));
      expect(forecast.periods.length).toBeGreaterThanOrEqual(13);
      let opening = minorOf(
        body.periods[body.periods.length - 1]?.closing_balance ?? { amount: '', currency: '' },
      );
      let lowest: bigint | null = null;
      for (const p of forecast.periods) {
        expect(minorOf(p.opening_balance)).toBe(opening);
        const { known, recurring, statistical } = p.sources;
        expect(minorOf(p.inflow)).toBe(
          minorOf(known.inflow) + minorOf(recurring.inflow) + minorOf(statistical.inflow),
        );
        expect(minorOf(p.outflow)).toBe(
          minorOf(known.outflow) + minorOf(recurring.outflow) + minorOf(statistical.outflow),
        );
        expect(minorOf(p.net)).toBe(minorOf(p.inflow) + minorOf(p.outflow));
        expect(minorOf(p.closing_balance)).toBe(opening + minorOf(p.net) + minorOf(p.intra_group_net));
        // The whole koncern: recurring intra-group fees cancel out.
        expect(minorOf(p.intra_group_net)).toBe(0n);
        const known80 = [minorOf(p.band_95.low), minorOf(p.band_80.low), minorOf(p.closing_balance)];
        const known95 = [minorOf(p.closing_balance), minorOf(p.band_80.high), minorOf(p.band_95.high)];
        expect(known80[0]! <= known80[1]! && known80[1]! <= known80[2]!).toBe(true);
        expect(known95[0]! <= known95[1]! && known95[1]! <= known95[2]!).toBe(true);
        // The listed known flows and the omitted rest add up to the period's known flows.
        let knownIn = minorOf(p.known_flows_omitted.inflow);
        let knownOut = minorOf(p.known_flows_omitted.outflow);
        for (const f of p.known_flows) {
          if (minorOf(f.sek) >= 0n) knownIn += minorOf(f.sek);
          else knownOut += minorOf(f.sek);
        }
        expect([knownIn, knownOut]).toEqual([minorOf(known.inflow), minorOf(known.outflow)]);
        expect(p.known_flows.length).toBeLessThanOrEqual(100);
        opening = minorOf(p.closing_balance);
        if (lowest === null || opening < lowest) lowest = opening;
      }
      // Every salary month in the horizon has its salaries, on the 25th or the bank day before.
      const salaries = forecast.periods.flatMap((p) =>
        p.recurring_flows.filter((f) => f.category === 'salary'),
      );
      expect(salaries.length).toBeGreaterThan(0);
      for (const s of salaries) {
        if (s.rule === 'salary_25th')
          expect(s.date).toBe(bankDayOnOrBefore(`${s.date.slice(0, 8)}25` as IsoDate));
      }
      expect(lowest).not.toBeNull();
      expect(minorOf(forecast.lowest?.balance ?? { amount: '', currency: '' })).toBeLessThanOrEqual(
        lowest ?? 0n,
      );
    });

    it('lists every open item issued by today in the horizon: payables on their due day, receivables moved by the learned delay', async () => {
      const body = await ok<CashflowBody>(
        '/public/reporting/cashflow?interval=month&forecast_weeks=13&known_flows_limit=1000',
        demoToken,
      );
      expect((body.forecast?.periods ?? []).map((p) => p.known_flows_omitted.count)).toEqual(
        (body.forecast?.periods ?? []).map(() => 0),
      );
      const flows = (body.forecast?.periods ?? []).flatMap((p) => p.known_flows);
      const db = database.handle.db;
      const items = await selectRows<{
        id: string;
        kind: string;
        customer: string;
        due: string;
        minor: string;
      }>(
        db,
        // Invoices scheduled but not yet issued are not known; receivables overdue by more than 90 days are doubtful.
        sql`select id, kind, counterparty_name as customer, due_date::text as due,
              (amount_minor - settled_minor)::text as minor
            from open_items where tenant_id = ${demoTenantId} and status = 'open' and amount_minor > settled_minor
              and coalesce(issue_date, (created_at at time zone 'Europe/Stockholm')::date) <= ${today}::date
              and (kind = 'payable' or due_date >= ${today}::date - 90)`,
      );
      // Each customer's delay: the median (lower middle) over its latest 24 settled invoices of the bank days
      // from the due date (or the bank day after) to the payment, paid as the confirmed matches say or, for
      // invoice history brought in paid, on its paid_on day.
      const latest = await selectRows<{ customer: string; due: IsoDate; paid: IsoDate }>(
        db,
        sql`select customer, due, paid from (
              select lower(oi.counterparty_name) as customer, oi.due_date::text as due,
                coalesce(oi.paid_on, max(m.booking_date))::text as paid,
                row_number() over (partition by lower(oi.counterparty_name)
                  order by coalesce(oi.paid_on, max(m.booking_date)) desc, oi.due_date desc, oi.id collate "C" desc) as recency
              from open_items oi
              left join reconciliation_match_items mi on mi.open_item_id = oi.id
              left join reconciliation_matches m on m.id = mi.match_id and m.status = 'confirmed'
              where oi.tenant_id = ${demoTenantId} and oi.kind = 'receivable' and oi.status = 'settled'
              group by oi.id, oi.counterparty_name, oi.due_date, oi.paid_on) latest
            where recency <= 24`,
      );
      const settled = latest.map((s) => ({
        customer: s.customer,
        late: bankDaysBetween(bankDayOnOrAfter(s.due), s.paid),
      }));
      const lowerMedian = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] ?? 0;
      const byCustomer = new Map<string, number[]>();
      for (const s of settled) byCustomer.set(s.customer, [...(byCustomer.get(s.customer) ?? []), s.late]);
      const delays = new Map([...byCustomer].map(([c, xs]) => [c, lowerMedian(xs)]));
      const fallback = delays.size > 0 ? lowerMedian([...delays.values()]) : 0;
      const tomorrow = addDays(today, 1);
      const expected = items
        .map((item) => {
          const receivable = item.kind === 'receivable';
          const delay = receivable ? (delays.get(item.customer.toLowerCase()) ?? fallback) : 0;
          const wanted = addBankDays(bankDayOnOrAfter(item.due as IsoDate), delay);
          return {
            reference: item.id,
            date: bankDayOnOrAfter(wanted < tomorrow ? tomorrow : wanted),
            minor: receivable ? BigInt(item.minor) : -BigInt(item.minor),
          };
        })
        .filter((item) => item.date <= addDays(today, 91))
        .sort((a, b) => (a.reference < b.reference ? -1 : 1));
      expect(expected.length).toBeGreaterThan(0);
      const got = flows
        .map((f) => ({
          reference: f.reference,
          date: f.date,
          minor: BigInt(f.amount.amount.replace('.', '')),
        }))
        .sort((a, b) => (a.reference < b.reference ? -1 : 1));
      expect(got).toEqual(expected);
    });

    it('lists the largest known flows of each period up to known_flows_limit, by date, and sums the rest', async () => {
      const path = '/public/reporting/cashflow?interval=month&forecast_weeks=13';
      const all =
        (await ok<CashflowBody>(`${path}&known_flows_limit=1000`, demoToken)).forecast?.periods ?? [];
      const few = (await ok<CashflowBody>(`${path}&known_flows_limit=3`, demoToken)).forecast?.periods ?? [];
      expect(few.map((p) => p.period)).toEqual(all.map((p) => p.period));
      const size = (f: { sek: { amount: string; currency: string } }) => {
        const minor = minorOf(f.sek);
        return minor < 0n ? -minor : minor;
      };
      let omittedSomewhere = false;
      few.forEach((p, i) => {
        const full = all[i]?.known_flows ?? [];
        expect(p.known_flows.length).toBe(Math.min(3, full.length));
        expect(p.known_flows_omitted.count).toBe(full.length - p.known_flows.length);
        if (p.known_flows_omitted.count > 0) omittedSomewhere = true;
        // The listed ones are the largest, in the order of the full list (by date).
        const listedSizes = p.known_flows.map(size).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const smallestListed = listedSizes[0] ?? 0n;
        for (const f of full) {
          if (!p.known_flows.some((l) => l.reference === f.reference)) {
            expect(size(f) <= smallestListed).toBe(true);
          }
        }
        const kept = new Set(p.known_flows.map((f) => f.reference));
        expect(p.known_flows).toEqual(full.filter((f) => kept.has(f.reference)));
        let inflow = 0n;
        let outflow = 0n;
        for (const f of full.filter((f) => !kept.has(f.reference))) {
          if (minorOf(f.sek) >= 0n) inflow += minorOf(f.sek);
          else outflow += minorOf(f.sek);
        }
        expect([minorOf(p.known_flows_omitted.inflow), minorOf(p.known_flows_omitted.outflow)]).toEqual([
          inflow,
          outflow,
        ]);
      });
      expect(omittedSomewhere).toBe(true);
    });

    it("keeps the koncern's history between requests, and sees an open item another session adds", async () => {
      const path = '/public/reporting/cashflow?interval=week&forecast_weeks=13&known_flows_limit=1000';
      const references = async () =>
        ((await ok<CashflowBody>(path, demoToken)).forecast?.periods ?? []).flatMap((p) =>
          p.known_flows.map((f) => f.reference),
        );
      const before = await references();
      // What the first forecast read of the settled invoices is stored for the next process, in the background.
      const stored = async () =>
        (
          await selectRows<{ row_count: number }>(
            database.handle.db,
            sql`select row_count from forecast_settled_invoices where tenant_id = ${demoTenantId}`,
          )
        )[0]?.row_count ?? 0;
      await expect.poll(stored, { timeout: 5_000 }).toBeGreaterThan(100);
      const stats = () => api.services.readCache.stats();
      await expect.poll(() => stats().live).toBe(true);
      const hits = stats().hits;
      expect(await references()).toEqual(before);
      await ok(`/public/reporting/forecast/warnings`, demoToken);
      expect(stats().hits).toBe(hits + 2);

      // Another session (the CLI, an ERP import on another instance) records an invoice due in ten days.
      const [company] = await selectRows<{ id: string }>(
        database.handle.db,
        sql`select id from companies where tenant_id = ${demoTenantId} and koncern_id = ${demoKoncern}
            order by id limit 1`,
      );
      await database.handle.db.insert(openItems).values({
        id: 'oi_cache_new',
        tenantId: demoTenantId,
        companyId: company?.id ?? '',
        externalId: 'CACHE-1',
        kind: 'receivable',
        // Separators and a character outside the BMP: the history reads names in one long string.
        counterpartyName: 'Ny Kund, Nord:\n🚀 AB',
        amountMinor: 1_234_567_00n,
        currency: 'SEK',
        issueDate: today,
        dueDate: addDays(today, 10),
      });
      await expect.poll(references, { timeout: 5_000 }).toContain('oi_cache_new');
      const added = (await ok<CashflowBody>(path, demoToken)).forecast?.periods
        .flatMap((p) => p.known_flows)
        .find((f) => f.reference === 'oi_cache_new');
      expect(added).toMatchObject({
        counterparty: 'Ny Kund, Nord:\n🚀 AB',
        amount: { amount: '1234567.00', currency: 'SEK' },
      });
    });

    it('reports the backtest of the last 12 months as fractions', async () => {
      // The other engine's run in this process worked out the same koncern (the same ids): its results are
      // kept by what they read, and this tenant would have nothing of its own to store.
      forgetEarlierForecasts();
      const body = await ok<AccuracyBody>('/public/reporting/forecast/accuracy', demoToken);
      expect(body.horizon_weeks).toBe(13);
      expect(body.origins).toBeGreaterThanOrEqual(35);
      expect(body.by_horizon.map((h) => h.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      for (const key of ['mape', 'baseline_mape', 'coverage_80', 'coverage_95'] as const) {
        expect(body[key]).toBeGreaterThanOrEqual(0);
        expect(body[key]).toBeLessThanOrEqual(1);
      }
      expect(body.mape).toBeLessThan(body.baseline_mape);
      expect(body.coverage_95).toBeGreaterThanOrEqual(body.coverage_80);
      // What it worked out from each origin is stored for the next process, in the background.
      const storedBacktests = async () =>
        (
          await selectRows<{ n: number }>(
            database.handle.db,
            sql`select count(*)::int as n from forecast_earlier_results
                where tenant_id = ${demoTenantId} and slot like 'backtest|%'`,
          )
        )[0]?.n ?? 0;
      await expect.poll(storedBacktests, { timeout: 5_000 }).toBe(body.origins);
    });
  });

  describe('parameters, scopes and tenants', () => {
    it('rejects bad parameters with a problem', async () => {
      await expectProblem('/public/reporting/cashflow?forecast_weeks=27', gammaToken, 400, 'forecast_weeks');
      await expectProblem('/public/reporting/cashflow?forecast_weeks=-1', gammaToken, 400, 'forecast_weeks');
      await expectProblem('/public/reporting/cashflow?forecast_weeks=two', gammaToken, 400, 'forecast_weeks');
      for (const limit of ['-1', '1001', '2.5', 'all']) {
        await expectProblem(
          `/public/reporting/cashflow?forecast_weeks=2&known_flows_limit=${limit}`,
          gammaToken,
          400,
          'known_flows_limit',
        );
      }
      await expectProblem(
        `/public/reporting/cashflow?forecast_weeks=2&to=${addDays(today, -7)}`,
        gammaToken,
        400,
        'to',
      );
      await expectProblem('/public/reporting/forecast/warnings?weeks=0', gammaToken, 400, 'weeks');
      await expectProblem(
        '/public/reporting/forecast/accuracy?company_id=acct_x',
        gammaToken,
        400,
        'company_id',
      );
    });

    it("answers 404 for another tenant's koncern or company, exactly as for none", async () => {
      await expectProblem(`/public/reporting/forecast/accuracy?koncern_id=${demoKoncern}`, gammaToken, 404);
      await expectProblem(`/public/reporting/forecast/warnings?koncern_id=${demoKoncern}`, gammaToken, 404);
      await expectProblem(`/public/reporting/forecast/accuracy?company_id=${GAMMA_COMPANY}`, demoToken, 404);
      await expectProblem('/public/reporting/forecast/accuracy?company_id=co_nosuchcompany', demoToken, 404);
      const foreign = await setBuffer(demoToken, { company_id: GAMMA_COMPANY, minimum: null }, 'foreign-1');
      expect(foreign.status).toBe(404);
    });

    it('answers 422, not 500, when a currency held has no reference rate', async () => {
      const token = await fetchToken(api.url, delta);
      for (const path of [
        '/public/reporting/forecast/accuracy',
        '/public/reporting/forecast/warnings',
        '/public/reporting/cashflow?forecast_weeks=2',
      ]) {
        await expectProblem(path, token, 422);
      }
    });

    it('needs read:reporting to read and write:payments to set a buffer', async () => {
      const ledgerOnly = await fetchToken(api.url, gamma, 'read:ledger');
      for (const path of [
        '/public/reporting/forecast/accuracy',
        '/public/reporting/forecast/warnings',
        '/public/reporting/forecast/buffers',
      ]) {
        expect((await call(path, ledgerOnly)).status).toBe(403);
        expect((await call(path, null)).status).toBe(401);
      }
      const readOnly = await fetchToken(api.url, gamma, 'read:reporting');
      const denied = await setBuffer(readOnly, { company_id: GAMMA_COMPANY, minimum: null }, 'scope-1');
      expect(denied.status).toBe(403);
    });
  });
});
