/**
 * Reporting speed on the demo koncern: positions for the whole koncern, cashflow over 24 months by
 * month for the whole koncern, and one page of 100 filtered transactions. Measured through the
 * repository functions inside `withTenant` (the same transaction, role switch and row-level security
 * as a request; no HTTP, token or JSON serialisation), with warm-up runs first, printing medians.
 *
 *   npx tsx bench/reporting.ts [--pg postgres://…] [--pglite [--data-dir DIR]] [--existing] [--size large|demo]
 *                              [--runs N] [--warmup N] [--today YYYY-MM-DD]
 *
 * Default: PostgreSQL at postgres://postgres@127.0.0.1:5432/test, where the bench creates a database
 * of its own, seeds it and drops it afterwards. --existing uses the --pg database as it is (already
 * seeded) and reports on its tenant with the most transactions. --pglite seeds an in-memory PGlite, or
 * the PGlite data directory --data-dir (kept, so that --pglite --data-dir DIR --existing can measure it again).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../src/api/db/client';
import { selectRows } from '../src/api/db/rows';
import { withTenant } from '../src/api/db/tenant-scope';
import { seedDemoTenant } from '../src/api/demo/seed';
import { listTransactions } from '../src/api/repositories/ledger-transactions';
import { getCashflow, getPositions } from '../src/api/repositories/reporting';
import { listTransactionsQuery } from '../src/contract/ledger';
import { cashflowQuery, positionsQuery } from '../src/contract/reporting';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, median } from './postgres';
import { writeResult } from './results';

const { values } = parseArgs({
  options: {
    pg: { type: 'string', default: DEFAULT_POSTGRES_URL },
    pglite: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    existing: { type: 'boolean', default: false },
    size: { type: 'string', default: 'large' },
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    today: { type: 'string', default: '2025-11-20' },
  },
});

const size = values.size === 'demo' ? 'demo' : 'large';
const runs = Math.max(1, Number(values.runs));
const warmup = Math.max(0, Number(values.warmup));
const today = values.today;

let handle: DatabaseHandle;
let drop: () => Promise<void> = () => Promise.resolve();
if (values.pglite) {
  handle = await openDatabase({ kind: 'pglite', dataDir: values['data-dir'] ?? null });
} else if (values.existing) {
  handle = await openDatabase({ kind: 'postgres', url: values.pg });
} else {
  const created = await createBenchDatabase(values.pg, 'reporting');
  drop = created.drop;
  handle = await openDatabase({ kind: 'postgres', url: created.url });
}

async function measure(work: () => Promise<unknown>): Promise<{ median: number; min: number; max: number }> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}

try {
  let seedMs: number | null = null;
  let tenantId: string;
  if (values.existing) {
    const [row] = await selectRows<{ tenant_id: string }>(
      handle.db,
      sql`select tenant_id from transactions group by tenant_id order by count(*) desc limit 1`,
    );
    if (!row) throw new Error('--existing: the database holds no transactions');
    tenantId = row.tenant_id;
  } else {
    process.stdout.write(`seeding ${size} on ${handle.description} …\n`);
    const seeded = await seedDemoTenant(handle.db, {
      tenantName: `bench-reporting-${Date.now()}`,
      seed: 1,
      size,
      today,
    });
    seedMs = seeded.ms;
    tenantId = seeded.tenantId;
    process.stdout.write(`seeded ${seeded.counts.transactions} transactions in ${seeded.ms} ms\n`);
  }
  if (handle.engine === 'postgres') await handle.db.execute(sql`analyze`);
  const [counted] = await selectRows<{ n: string }>(
    handle.db,
    sql`select count(*)::text as n from transactions where tenant_id = ${tenantId}`,
  );
  const [koncern] = await selectRows<{ id: string }>(
    handle.db,
    sql`select id from koncerner where tenant_id = ${tenantId} order by id limit 1`,
  );
  if (!koncern) throw new Error('no koncern');
  const [maxDay] = await selectRows<{ d: string }>(
    handle.db,
    sql`select max(booking_date)::text as d from transactions where tenant_id = ${tenantId}`,
  );
  const lastDay = maxDay?.d ?? today;
  const y = Number(lastDay.slice(0, 4));
  const m = Number(lastDay.slice(5, 7));
  const startIndex = y * 12 + (m - 1) - 23;
  const from = `${Math.floor(startIndex / 12)}-${String((startIndex % 12) + 1).padStart(2, '0')}-01`;

  const positionsArgs = positionsQuery.parse({ date: lastDay, koncern_id: koncern.id, group_by: 'company' });
  const cashflowArgs = cashflowQuery.parse({ from, to: lastDay, interval: 'month', koncern_id: koncern.id });
  const transactionsArgs = listTransactionsQuery.parse({
    koncern_id: koncern.id,
    direction: 'out',
    currency: 'SEK',
    amount_min: '1000.00',
    booking_date_from: from,
    limit: '100',
  });

  const db = handle.db;
  const cases = [
    {
      name: 'positions (whole koncern, by company)',
      key: 'positions',
      target: handle.engine === 'postgres' ? 50 : 250,
      work: () => withTenant(db, tenantId, (tx) => getPositions(tx, tenantId, positionsArgs)),
    },
    {
      name: `cashflow (whole koncern, 24 months by month, ${from}..${lastDay})`,
      key: 'cashflow',
      target: handle.engine === 'postgres' ? 150 : 1000,
      work: () => withTenant(db, tenantId, (tx) => getCashflow(tx, tenantId, cashflowArgs)),
    },
    {
      name: 'transactions page (100, koncern, out, SEK, >= 1000.00, 24 months)',
      key: 'transactions_page',
      target: handle.engine === 'postgres' ? 20 : null,
      work: () => withTenant(db, tenantId, (tx) => listTransactions(tx, tenantId, transactionsArgs)),
    },
  ];

  const results: Record<
    string,
    { median_ms: number; min_ms: number; max_ms: number; target_ms: number | null }
  > = {};
  const lines = [
    `database   ${handle.description}`,
    `data       ${counted?.n ?? '?'} transactions (tenant ${tenantId})${seedMs === null ? '' : `, seeded in ${seedMs} ms`}`,
    `method     repository functions inside withTenant (no HTTP); ${warmup} warm-up runs, ${runs} measured runs`,
    '',
    `${'query'.padEnd(72)} ${'target'.padStart(8)} ${'median'.padStart(8)} ${'min'.padStart(7)} ${'max'.padStart(7)}  ok`,
  ];
  let allOk = true;
  for (const c of cases) {
    const r = await measure(c.work);
    const ok = c.target === null || r.median <= c.target;
    allOk &&= ok;
    results[c.key] = { median_ms: r.median, min_ms: r.min, max_ms: r.max, target_ms: c.target };
    lines.push(
      `${c.name.padEnd(72)} ${(c.target === null ? '-' : `${c.target} ms`).padStart(8)} ${`${r.median.toFixed(1)} ms`.padStart(8)} ${r.min.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)}  ${ok ? 'yes' : 'NO'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const path = writeResult(`reporting-${size}-${handle.engine}`, {
    engine: handle.engine,
    size,
    transactions: Number(counted?.n ?? 0),
    seed_ms: seedMs,
    method: 'repository functions inside withTenant',
    warmup,
    runs,
    results,
    all_within_target: allOk,
  });
  process.stdout.write(`written to ${path}\n`);
} finally {
  await handle.close();
  await drop();
}
