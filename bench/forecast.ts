/**
 * The forecast's accuracy and speed (issue 13).
 *
 * Accuracy: the backtest of the 13-week forecast on the demo koncern (seed 1, generated up to --today,
 * in an in-memory PGlite): MAPE of the weekly closing balance against the seasonal-naive baseline, and
 * the coverage of the 80 % and 95 % bands. Speed: the forecast of the whole `large` koncern (1,000,000
 * transactions), 13 weeks by week with bands, sources and known flows, as the cashflow report computes
 * it inside `withTenant` (no HTTP), medians of --runs after --warmup runs.
 *
 *   npx tsx bench/forecast.ts [--pg postgres://…] [--pglite [--data-dir DIR]] [--existing] [--today YYYY-MM-DD]
 *                             [--runs N] [--warmup N] [--skip-speed]
 *
 * Speed runs on PostgreSQL at --pg (default postgres://postgres@127.0.0.1:5432/test, where the bench creates,
 * seeds and drops a database of its own; --existing uses the --pg database as it is and its tenant with the
 * most transactions), or with --pglite on an in-memory PGlite or the data directory --data-dir.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { IsoDate } from '../src/banking/dates';
import { openDatabase, type DatabaseHandle } from '../src/api/db/client';
import { selectRows } from '../src/api/db/rows';
import { withTenant } from '../src/api/db/tenant-scope';
import { seedDemoTenant } from '../src/api/demo/seed';
import { backtest } from '../src/api/forecast/backtest';
import { loadKoncernHistory } from '../src/api/forecast/history-query';
import { scopeHistory } from '../src/api/forecast/scope-history';
import { cashflowForecast } from '../src/api/forecast/service';
import { createBenchDatabase, DEFAULT_POSTGRES_URL } from './postgres';
import { writeResult } from './results';

const { values } = parseArgs({
  options: {
    pg: { type: 'string', default: DEFAULT_POSTGRES_URL },
    pglite: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    existing: { type: 'boolean', default: false },
    today: { type: 'string', default: '2025-11-20' },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    'skip-speed': { type: 'boolean', default: false },
  },
});
const today = values.today as IsoDate;
const runs = Math.max(1, Number(values.runs));
const warmup = Math.max(0, Number(values.warmup));

const TARGETS = { mape: 0.05, vs_baseline: 0.7, coverage_80: [0.75, 0.88] as const, speed_ms: 2000 };

async function koncernOf(handle: DatabaseHandle, tenantId: string): Promise<string> {
  const [row] = await selectRows<{ id: string }>(
    handle.db,
    sql`select id from koncerner where tenant_id = ${tenantId} order by id limit 1`,
  );
  if (!row) throw new Error('no koncern');
  return row.id;
}

async function accuracy() {
  const handle = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    const seeded = await seedDemoTenant(handle.db, {
      tenantName: 'bench-forecast',
      seed: 1,
      size: 'demo',
      today,
    });
    const koncernId = await koncernOf(handle, seeded.tenantId);
    const started = performance.now();
    const history = await withTenant(handle.db, seeded.tenantId, (tx) =>
      loadKoncernHistory(tx, seeded.tenantId, koncernId, today),
    );
    const result = backtest(scopeHistory(history, new Set(history.accounts.map((a) => a.id))), today);
    return {
      ...result,
      ms: Math.round(performance.now() - started),
      transactions: seeded.counts.transactions,
    };
  } finally {
    await handle.close();
  }
}

async function speed() {
  let handle: DatabaseHandle;
  let drop: () => Promise<void> = () => Promise.resolve();
  if (values.pglite) handle = await openDatabase({ kind: 'pglite', dataDir: values['data-dir'] ?? null });
  else if (values.existing) handle = await openDatabase({ kind: 'postgres', url: values.pg });
  else {
    const created = await createBenchDatabase(values.pg, 'forecast');
    drop = created.drop;
    handle = await openDatabase({ kind: 'postgres', url: created.url });
  }
  try {
    let tenantId: string;
    const [busiest] = values.existing
      ? await selectRows<{ tenant_id: string }>(
          handle.db,
          sql`select tenant_id from transactions group by tenant_id order by count(*) desc limit 1`,
        )
      : [];
    if (busiest) tenantId = busiest.tenant_id;
    else {
      process.stdout.write(`seeding large on ${handle.description} …\n`);
      const seeded = await seedDemoTenant(handle.db, {
        tenantName: `bench-forecast-${Date.now()}`,
        seed: 1,
        size: 'large',
        today,
      });
      tenantId = seeded.tenantId;
    }
    if (handle.engine === 'postgres') await handle.db.execute(sql`analyze`);
    const koncernId = await koncernOf(handle, tenantId);
    const [accounts] = await selectRows<{ ids: string[]; n: string }>(
      handle.db,
      sql`select array_agg(a.id order by a.id) as ids,
            (select count(*) from transactions t where t.tenant_id = ${tenantId})::text as n
          from bank_accounts a where a.tenant_id = ${tenantId}`,
    );
    const ids = accounts?.ids ?? [];
    const work = () =>
      withTenant(handle.db, tenantId, (tx) =>
        cashflowForecast(tx, tenantId, koncernId, ids, 'week', 13, today),
      );
    for (let i = 0; i < warmup; i++) await work();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return {
      engine: handle.engine,
      description: handle.description,
      transactions: Number(accounts?.n ?? 0),
      median_ms: Math.round(times[times.length >> 1] ?? 0),
      min_ms: Math.round(times[0] ?? 0),
      max_ms: Math.round(times[times.length - 1] ?? 0),
    };
  } finally {
    await handle.close();
    await drop();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const acc = await accuracy();
const vsBaseline = acc.mape / acc.baseline_mape;
const checks = {
  mape: acc.mape <= TARGETS.mape,
  vs_baseline: vsBaseline <= TARGETS.vs_baseline,
  coverage_80: acc.coverage_80 >= TARGETS.coverage_80[0] && acc.coverage_80 <= TARGETS.coverage_80[1],
};
const lines = [
  `accuracy   demo koncern (seed 1, ${acc.transactions} transactions, today ${today}); backtest in ${acc.ms} ms`,
  `           ${acc.origins} origins ${acc.first_origin ?? '-'}..${acc.last_origin ?? '-'}, 13 weeks each, weekly closing balance`,
  '',
  `${'figure'.padEnd(40)} ${'target'.padStart(14)} ${'measured'.padStart(10)}  ok`,
  `${'MAPE'.padEnd(40)} ${'<= 5.0 %'.padStart(14)} ${pct(acc.mape).padStart(10)}  ${checks.mape ? 'yes' : 'NO'}`,
  `${'seasonal-naive baseline MAPE'.padEnd(40)} ${'-'.padStart(14)} ${pct(acc.baseline_mape).padStart(10)}`,
  `${'MAPE / baseline MAPE'.padEnd(40)} ${'<= 0.70'.padStart(14)} ${vsBaseline.toFixed(3).padStart(10)}  ${checks.vs_baseline ? 'yes' : 'NO'}`,
  `${'80 % band coverage'.padEnd(40)} ${'75–88 %'.padStart(14)} ${pct(acc.coverage_80).padStart(10)}  ${checks.coverage_80 ? 'yes' : 'NO'}`,
  `${'95 % band coverage'.padEnd(40)} ${'-'.padStart(14)} ${pct(acc.coverage_95).padStart(10)}`,
  '',
  `by week    ${acc.by_horizon.map((h) => `${h.week}: ${pct(h.mape)}/${pct(h.coverage_80)}`).join('  ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

let speedResult: Awaited<ReturnType<typeof speed>> | null = null;
if (!values['skip-speed']) {
  speedResult = await speed();
  const ok = speedResult.engine !== 'postgres' || speedResult.median_ms <= TARGETS.speed_ms;
  process.stdout.write(
    `\nspeed      ${speedResult.description}, ${speedResult.transactions} transactions; ${warmup} warm-up + ${runs} runs\n` +
      `${'forecast of the whole large koncern (13 weeks, bands)'.padEnd(56)} ${speedResult.engine === 'postgres' ? '<= 2000 ms' : '-'}  median ${speedResult.median_ms} ms (min ${speedResult.min_ms}, max ${speedResult.max_ms})  ${ok ? 'yes' : 'NO'}\n`,
  );
}
const path = writeResult(`forecast${speedResult ? `-${speedResult.engine}` : ''}`, {
  today,
  accuracy: acc,
  mape_vs_baseline: vsBaseline,
  checks,
  speed: speedResult,
});
process.stdout.write(`written to ${path}\n`);
