/**
 * Seeds the demo koncern into an in-memory PGlite (or PostgreSQL with --pg URL) and prints the time
 * and row counts, as a table and as one JSON line.
 *
 *   npx tsx bench/seed.ts [--size demo|large] [--seed N] [--today YYYY-MM-DD] [--pg postgres://…]
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/api/db/client';
import { seedDemoTenant, type SeedCounts } from '../src/api/demo/seed';
import { writeResult } from './results';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '1' },
    today: { type: 'string', default: '2025-11-20' },
    pg: { type: 'string' },
  },
});

const size = values.size === 'large' ? 'large' : 'demo';
const seed = Number(values.seed);
const openStarted = performance.now();
const handle = await openDatabase(
  values.pg ? { kind: 'postgres', url: values.pg } : { kind: 'pglite', dataDir: null },
);
const openMs = Math.round(performance.now() - openStarted);
try {
  const tenantName = `bench-${size}-${seed}-${Date.now()}`.toLowerCase();
  const result = await seedDemoTenant(handle.db, { tenantName, seed, size, today: values.today });
  const counts: SeedCounts = result.counts;
  let total = 0;
  for (const n of Object.values(counts)) total += n;
  const rowsPerSecond = Math.round((total * 1000) / Math.max(1, result.ms));
  const lines = [
    `database       ${handle.description} (opened and migrated in ${openMs} ms)`,
    `size           ${size}, seed ${seed}, today ${values.today}`,
    `generate+seed  ${result.ms} ms (${rowsPerSecond} rows/s)`,
    '',
    'table              rows',
    ...Object.entries(result.counts).map(([table, n]) => `${table.padEnd(16)} ${String(n).padStart(9)}`),
    `${'total'.padEnd(16)} ${String(total).padStart(9)}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const path = writeResult(`seed-${size}-${handle.engine}`, {
    engine: handle.engine,
    size,
    seed,
    today: values.today,
    open_ms: openMs,
    ms: result.ms,
    rows_per_second: rowsPerSecond,
    counts: result.counts,
  });
  process.stdout.write(`written to ${path}\n`);
} finally {
  await handle.close();
}
