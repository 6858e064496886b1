import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import type { IsoDate } from '../../banking/dates';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { withTenant } from '../db/tenant-scope';
import { createTenant } from '../repositories/tenants';
import { backtest, type Accuracy } from './backtest';
import { forgetEarlierForecasts } from './calibration';
import {
  EarlierForecastStore,
  FORECAST_MODEL_VERSION,
  storeEarlierForecasts,
} from './earlier-forecast-store';
import type { ScopeHistory } from './engine';
import { RECEIPT_WORLD_TODAY, receiptWorld, receiptWorldHistory } from './test-histories';

/*
 * What the forecast worked out from earlier origins is stored per tenant: a process that starts takes it from
 * there, where the history it read is unchanged and the model's version the same, and answers exactly as if it
 * had worked it out itself.
 */

/** The backtest of a scope as a process that has kept nothing makes it, with `store`, for `tenantId`. */
async function backtestOfNewProcess(
  db: Database,
  store: EarlierForecastStore,
  tenantId: string,
  scope: () => ScopeHistory,
  historyStart: IsoDate | null = null,
): Promise<Accuracy> {
  forgetEarlierForecasts();
  const history = scope();
  await withTenant(db, tenantId, (tx) => store.attach(tx, tenantId, history, historyStart));
  const accuracy = await backtest(history, RECEIPT_WORLD_TODAY);
  storeEarlierForecasts(history);
  await store.settle();
  return accuracy;
}

describe('the version of what the forecast works out', () => {
  it('is raised whenever the results on a constructed history move', async () => {
    forgetEarlierForecasts();
    const accuracy = await backtest(receiptWorldHistory(receiptWorld()), RECEIPT_WORLD_TODAY);
    const digest = createHash('sha256').update(JSON.stringify(accuracy)).digest('hex').slice(0, 16);
    // A new digest means stored results of the old version would be wrong: raise FORECAST_MODEL_VERSION with it.
    expect({ version: FORECAST_MODEL_VERSION, digest }).toEqual({ version: 1, digest: '33d264023ea74a1e' });
  });
});

describe.each(testEngines)('earlier forecasts stored for the next process (%s)', (engine) => {
  let database: TestDatabase;
  let db: Database;
  let tenantA: string;
  let tenantB: string;
  const store = () =>
    new EarlierForecastStore(db, (error) => {
      throw error;
    });
  /** Every time the same history, as a process that loads it anew would hold it. */
  const scope = () => receiptWorldHistory(receiptWorld(), 'acct_stored');
  const storedRows = (tenantId: string) =>
    withTenant(db, tenantId, (tx) =>
      selectRows<{ slot: string; first_day: string; model_version: number; fingerprint: string }>(
        tx,
        sql`select slot, first_day::text, model_version, fingerprint from forecast_earlier_results order by slot`,
      ),
    );
  /** Every stored miss of tenant A made a thousand billion kronor: bands calibrated on them hold every week. */
  const tamperStoredMisses = () =>
    db.execute(sql`update forecast_earlier_results set value = ${JSON.stringify(Array(13).fill(1e17))}
      where tenant_id = ${tenantA} and slot like 'errors|%'`);
  const forgetStoredBacktests = () =>
    db.execute(
      sql`delete from forecast_earlier_results where tenant_id = ${tenantA} and slot like 'backtest|%'`,
    );
  let afresh: Accuracy;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    db = database.handle.db;
    tenantA = (await createTenant(db, 'earlier-a')).id;
    tenantB = (await createTenant(db, 'earlier-b')).id;
    forgetEarlierForecasts();
    afresh = await backtest(scope(), RECEIPT_WORLD_TODAY);
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('takes what an earlier process stored and answers as that process did', async () => {
    const first = await backtestOfNewProcess(db, store(), tenantA, scope);
    expect(first).toEqual(afresh);
    const rows = await storedRows(tenantA);
    expect(rows.filter((r) => r.slot.startsWith('errors|')).length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.slot.startsWith('backtest|')).length).toBe(first.origins);
    expect(new Set(rows.map((r) => [r.first_day, r.model_version].join(' ')))).toEqual(
      new Set([`2024-06-01 ${FORECAST_MODEL_VERSION}`]),
    );
    expect(await backtestOfNewProcess(db, store(), tenantA, scope)).toEqual(afresh);

    // Proof that the next process took them: bands calibrated on misses made huge hold every week.
    await tamperStoredMisses();
    await forgetStoredBacktests();
    const fromTampered = await backtestOfNewProcess(db, store(), tenantA, scope);
    expect(afresh.coverage_80).toBeLessThan(0.9);
    expect(fromTampered.coverage_80).toBe(1);
    expect(fromTampered.mape).toBe(afresh.mape);
  });

  it('works out again what was stored from another history or by another version of the model', async () => {
    await tamperStoredMisses();
    await forgetStoredBacktests();
    await db.execute(
      sql`update forecast_earlier_results set fingerprint = '0:0' where tenant_id = ${tenantA}`,
    );
    expect(await backtestOfNewProcess(db, store(), tenantA, scope)).toEqual(afresh);
    // What was worked out replaced what no longer agreed.
    expect((await storedRows(tenantA)).filter((r) => r.fingerprint === '0:0')).toEqual([]);

    await tamperStoredMisses();
    await forgetStoredBacktests();
    await db.execute(sql`update forecast_earlier_results set model_version = ${FORECAST_MODEL_VERSION - 1}
      where tenant_id = ${tenantA}`);
    expect(await backtestOfNewProcess(db, store(), tenantA, scope)).toEqual(afresh);
    // The earlier version's results are gone.
    expect((await storedRows(tenantA)).every((r) => r.model_version === FORECAST_MODEL_VERSION)).toBe(true);
  });

  it("never gives a tenant another tenant's results, and forgets a history's older first day", async () => {
    await tamperStoredMisses();
    await forgetStoredBacktests();
    expect(await storedRows(tenantB)).toEqual([]);
    expect(await backtestOfNewProcess(db, store(), tenantB, scope)).toEqual(afresh);
    const rowsOfB = await storedRows(tenantB);
    expect(rowsOfB.length).toBeGreaterThan(0);
    const [seenByA] = await withTenant(db, tenantA, (tx) =>
      selectRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from forecast_earlier_results where tenant_id = ${tenantB}`,
      ),
    );
    expect(seenByA?.n).toBe(0);

    // The next day's history starts a day later: what was stored for the day before is of no use any more.
    const dayLater = (): ScopeHistory => {
      const history = scope();
      const external = new Map(
        [...(history.companies?.external ?? [])].map(([c, days]) => [c, days.subarray(1)]),
      );
      return {
        ...history,
        days: history.days.slice(1),
        companies: { companyOf: history.companies?.companyOf ?? new Map(), external },
      };
    };
    await backtestOfNewProcess(db, store(), tenantB, dayLater);
    expect(new Set((await storedRows(tenantB)).map((r) => r.first_day))).toEqual(new Set(['2024-06-02']));
  });

  it('forgets what any scope of the tenant stored for a history that no longer starts so early', async () => {
    const stale = (scope: string, firstDay: string) =>
      db.execute(sql`insert into forecast_earlier_results (tenant_id, slot, scope, first_day, model_version,
          fingerprint, value)
        values (${tenantB}, ${`errors|13|${scope}|${firstDay}`}, ${scope}, ${firstDay}::date,
          ${FORECAST_MODEL_VERSION}, '0:0', 'null')`);
    // A company since removed, whose accounts' history started before the tenant's now does; and one after.
    await stale('removed', '2023-10-01');
    await stale('later', '2024-02-01');
    await backtestOfNewProcess(db, store(), tenantB, scope, '2024-01-01' as IsoDate);
    const scopes = new Set((await storedRows(tenantB)).map((r) => r.slot.split('|')[2]));
    expect(scopes.has('removed')).toBe(false);
    expect(scopes.has('later')).toBe(true);
  });
});
