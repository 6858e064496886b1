/**
 * Reconciliation quality and speed (issue #10):
 *  1. the demo koncern with its planted ground truth: precision of the engine's auto-confirmed matches
 *     and the share of matchable items proposed with the right counterpart first;
 *  2. a full run over 100,000 transactions × 100,000 open items (cloned from the demo's payments, open
 *     items derived with the same noise): wall time, peak RSS and heap, and the same two figures;
 *  3. one new transaction arriving (booked and reconciled in one database transaction): median time.
 *
 *   npx tsx bench/reconciliation.ts [--pglite] [--pg postgres://…] [--transactions N] [--open-items N] [--runs N]
 *
 * Default: PostgreSQL at postgres://postgres@127.0.0.1:5432/test in a database of its own (dropped
 * afterwards); --pglite uses an in-memory PGlite in this process.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../src/api/db/client';
import { withTenant } from '../src/api/db/tenant-scope';
import { seedDemoTenant } from '../src/api/demo/seed';
import { newId } from '../src/api/ids';
import { reconcileArrivals, reconcileTenant } from '../src/api/reconciliation/engine';
import { generateDemoTenant } from '../src/demo/generate';
import type { DemoTransaction } from '../src/demo/model';
import { demoReconciliationTruth, GROUND_TRUTH_BANK_DAYS } from '../src/demo/reconciliation-truth';
import { measureQuality, type Quality } from './reconciliation-quality';
import { insertScaleData, scaleData } from './reconciliation-data';
import { createBenchDatabase, DEFAULT_POSTGRES_URL } from './postgres';
import { writeResult } from './results';

const { values } = parseArgs({
  options: {
    pg: { type: 'string', default: DEFAULT_POSTGRES_URL },
    pglite: { type: 'boolean', default: false },
    transactions: { type: 'string', default: '100000' },
    'open-items': { type: 'string', default: '100000' },
    runs: { type: 'string', default: '51' },
    today: { type: 'string', default: '2025-11-20' },
  },
});

const SCALE_TRANSACTIONS = Number(values.transactions);
const SCALE_ITEMS = Number(values['open-items']);
const RUNS = Math.max(1, Number(values.runs));

let handle: DatabaseHandle;
let drop = async () => {};
if (values.pglite) {
  handle = await openDatabase({ kind: 'pglite', dataDir: null });
} else {
  const created = await createBenchDatabase(values.pg, 'reconciliation');
  handle = await openDatabase({ kind: 'postgres', url: created.url });
  drop = created.drop;
}
const db = handle.db;

function recentTransactions(
  seed: number,
  tenantName: string,
): { dataset: ReturnType<typeof generateDemoTenant>; recent: DemoTransaction[]; all: DemoTransaction[] } {
  const dataset = generateDemoTenant({ seed, size: 'demo', today: values.today, tenantName });
  const days: DemoTransaction[][] = [];
  const all: DemoTransaction[] = [];
  for (const day of dataset.ledger()) {
    days.push(day.transactions);
    all.push(...day.transactions);
    if (days.length > GROUND_TRUTH_BANK_DAYS) days.shift();
  }
  return { dataset, recent: days.flat(), all };
}

const percent = (share: number) => `${(share * 100).toFixed(2)} %`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? Number.NaN;

function qualityLine(label: string, q: Quality): string {
  return (
    `${label}: auto-confirmed ${q.autoConfirmed}, precision ${percent(q.precision)} (target >= 99.5 %); ` +
    `right counterpart first for ${q.rankedFirst}/${q.matchableItems} matchable items = ${percent(q.rankedFirstShare)} (target >= 90 %); ${q.proposed} waiting in the queue\n` +
    `  by noise: ${Object.entries(q.byNoise)
      .map(([noise, n]) => `${noise} ${n.rankedFirst}/${n.items}`)
      .join(', ')}` +
    q.wrong.map((reasons) => `\n  wrongly confirmed: ${reasons}`).join('')
  );
}

try {
  process.stdout.write(`reconciliation bench on ${handle.description}\n`);

  // 1. The demo koncern: seeded with its ground truth; the seeder runs the engine.
  const demoSeed = 20251120;
  const seeded = await seedDemoTenant(db, {
    tenantName: 'bench-demo',
    seed: demoSeed,
    size: 'demo',
    today: values.today,
  });
  const demo = recentTransactions(demoSeed, 'bench-demo');
  const demoTruth = demoReconciliationTruth(demo.dataset, demo.recent);
  const demoQuality = await measureQuality(db, seeded.tenantId, demoTruth.truth);
  process.stdout.write(`${qualityLine('demo koncern', demoQuality)}\n`);
  process.stdout.write(
    `  (seeded in ${seeded.ms} ms including ${demoTruth.openItems.length} ground-truth open items and the engine run)\n`,
  );

  // 2. Scale: a second demo tenant topped up to the asked-for size, then one full run.
  const scaleSeed = 7;
  const scaleTenant = await seedDemoTenant(db, {
    tenantName: 'bench-scale',
    seed: scaleSeed,
    size: 'demo',
    today: values.today,
  });
  const scale = recentTransactions(scaleSeed, 'bench-scale');
  const data = scaleData(scale.dataset, scale.all, {
    transactions: SCALE_TRANSACTIONS,
    openItems: SCALE_ITEMS,
  });
  await insertScaleData(db, data);
  await db.execute(sql`analyze`);
  const tenantId = scaleTenant.tenantId;
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 5);
  const started = performance.now();
  const full = await withTenant(db, tenantId, (tx) => reconcileTenant(tx, tenantId));
  const fullMs = performance.now() - started;
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakHeap = Math.max(peakHeap, after.heapUsed);
  peakRss = Math.max(peakRss, after.rss, process.resourceUsage().maxRSS * 1024);
  // The tenant's own demo ground truth (matched when it was seeded) counts too.
  const scaleQuality = await measureQuality(db, tenantId, [
    ...demoReconciliationTruth(scale.dataset, scale.recent).truth,
    ...data.truth.truth,
  ]);
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  process.stdout.write(
    `full run: ${full.transactionsConsidered} transactions x ${full.openItemsConsidered} open items in ${Math.round(fullMs)} ms (target <= 3000 ms); ` +
      `${full.autoConfirmed} confirmed, ${full.proposed} proposed (matching ${full.matchMs} ms, writing ${full.writeMs} ms, the rest loading); ` +
      `peak RSS ${mib(peakRss)}, peak heap ${mib(peakHeap)} (target <= 1 GiB)\n`,
  );
  process.stdout.write(`${qualityLine('scale data', scaleQuality)}\n`);

  // 3. One new transaction: booked and reconciled in one transaction, rolled back so each run sees the same data.
  const open = data.truth.openItems.filter((item) => item.externalId.startsWith('FUT-'));
  const account = new Map(scale.dataset.bankAccounts.map((a) => [a.companyId, a.id]));
  const timings: number[] = [];
  class Rollback extends Error {}
  for (let run = 0; run < RUNS; run++) {
    const item = open[(run * 7919) % open.length];
    if (!item) break;
    const t0 = performance.now();
    await withTenant(db, tenantId, async (tx) => {
      const id = newId('transaction');
      await tx.execute(sql`insert into transactions (id, tenant_id, account_id, booking_date, value_date, amount_minor,
          currency, counterparty_name, ocr, bank_reference)
        values (${id}, ${tenantId}, ${account.get(item.companyId) ?? ''}, ${values.today}, ${values.today},
          ${item.amountMinor.toString()}::bigint, ${item.currency}, ${item.counterpartyName}, ${item.ocr}, ${`ARRIVAL-${run}`})`);
      await reconcileArrivals(tx, tenantId, { transactionIds: [id] });
      timings.push(performance.now() - t0);
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  }
  const warm = timings.slice(Math.min(5, timings.length - 1));
  process.stdout.write(
    `one new transaction (insert + reconcileArrivals): median ${median(warm).toFixed(1)} ms, p95 ${p95(warm).toFixed(1)} ms over ${warm.length} runs (target median <= 10 ms)\n`,
  );

  const path = writeResult(`reconciliation-${handle.engine}`, {
    engine: handle.engine,
    demo: demoQuality,
    scale: {
      transactions: full.transactionsConsidered,
      open_items: full.openItemsConsidered,
      full_run_ms: Math.round(fullMs),
      match_ms: full.matchMs,
      write_ms: full.writeMs,
      peak_rss_mib: Math.round(peakRss / 2 ** 20),
      peak_heap_mib: Math.round(peakHeap / 2 ** 20),
      auto_confirmed: full.autoConfirmed,
      proposed: full.proposed,
      quality: scaleQuality,
    },
    arrival: { median_ms: median(warm), p95_ms: p95(warm), runs: warm.length },
  });
  process.stdout.write(`written to ${path}\n`);
} finally {
  await handle.close();
  await drop();
}
