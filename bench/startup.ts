/**
 * Start-up: from `npm start` to the overview served with the demo data (the BFF answers `/` and the
 * API's health through it), on a clean data directory (migrate + seed the demo koncern) and again on
 * the existing one. The dashboard is built once beforehand, as after the first `npm start`.
 *
 *   npx tsx bench/startup.ts [--runs 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { median } from './postgres';
import { startProduct } from './product';
import { writeResult } from './results';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Math.max(1, Number(values.runs));
const root = fileURLToPath(new URL('../', import.meta.url));
const PORT = 3970;
const BUDGET_CLEAN_MS = 8000;
const BUDGET_EXISTING_MS = 3000;

/** Milliseconds from spawning `npm start` until the overview and the API behind it answer. */
async function timeStart(dataDir: string, staticDir: string): Promise<number> {
  const product = await startProduct(dataDir, staticDir, PORT);
  await product.stop();
  return product.readyMs;
}

const staticDir = mkdtempSync(join(tmpdir(), 'finvis-startup-dist-'));
const dataDirs: string[] = [];
try {
  await build({
    root,
    logLevel: 'silent',
    build: { outDir: staticDir, emptyOutDir: true, sourcemap: false },
  });
  const clean: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'finvis-startup-data-'));
    dataDirs.push(dir);
    clean.push(await timeStart(dir, staticDir));
  }
  const existingDir = dataDirs[0] ?? '';
  const existing: number[] = [];
  for (let i = 0; i < runs; i++) existing.push(await timeStart(existingDir, staticDir));

  const cleanMs = median(clean);
  const existingMs = median(existing);
  const cleanOk = cleanMs <= BUDGET_CLEAN_MS;
  const existingOk = existingMs <= BUDGET_EXISTING_MS;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  process.stdout.write(
    [
      `npm start until / and /api/health answer (PGlite, ${runs} runs each, medians)`,
      `${'case'.padEnd(40)} ${'median'.padStart(9)} ${'runs'.padStart(30)}  budget`,
      `${'clean data directory (migrate + seed)'.padEnd(40)} ${seconds(cleanMs).padStart(9)} ${clean.map(seconds).join(' ').padStart(30)}  <= 8 s: ${cleanOk ? 'yes' : 'NO'}`,
      `${'existing data directory'.padEnd(40)} ${seconds(existingMs).padStart(9)} ${existing.map(seconds).join(' ').padStart(30)}  <= 3 s: ${existingOk ? 'yes' : 'NO'}`,
      '',
    ].join('\n'),
  );
  const path = writeResult('startup', {
    runs,
    clean_ms: clean,
    existing_ms: existing,
    clean_median_ms: cleanMs,
    existing_median_ms: existingMs,
    budgets_ms: { clean: BUDGET_CLEAN_MS, existing: BUDGET_EXISTING_MS },
    all_within_budget: cleanOk && existingOk,
  });
  process.stdout.write(`written to ${path}\n`);
} finally {
  rmSync(staticDir, { recursive: true, force: true });
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
