/**
 * `npm run bench` runs every benchmark; `npm run bench -- <part> [args]` runs one part with its own
 * arguments. Each part is its own process, so one part's heap and JIT state never colour another's.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, DEFAULT_POSTGRES_URL } from './postgres';
import { shareYardstick, yardstickMs } from './results';

/**
 * `args` always go to the script; `defaultArgs` only when `npm run bench` runs every part. Parts that
 * measure the `large` koncern then share one database, seeded once (a minute or more), through
 * `--pg URL --existing`.
 */
const parts: Record<
  string,
  { script: string; args?: string[]; defaultArgs: string[]; sharesLargeKoncern?: boolean; what: string }
> = {
  seed: {
    script: 'bench/seed.ts',
    // The reporting part seeds (and times) the large koncern already; alone, `seed -- --size large`.
    defaultArgs: ['--size', 'demo'],
    what: 'seeding the demo koncern (--size large: 1,000,000 transactions)',
  },
  reporting: {
    script: 'bench/reporting.ts',
    defaultArgs: [],
    sharesLargeKoncern: true,
    what: 'positions, 24-month cashflow and a transactions page on the large demo koncern (PostgreSQL; --pglite)',
  },
  reconciliation: {
    script: 'bench/reconciliation.ts',
    defaultArgs: [],
    what: 'reconciliation precision and ranking on the demo ground truth; full run over 100,000 x 100,000; one new transaction (PostgreSQL; --pglite)',
  },
  forecast: {
    script: 'bench/forecast.ts',
    defaultArgs: [],
    sharesLargeKoncern: true,
    what: 'forecast accuracy (13-week backtest on the demo koncern) and speed (whole large koncern; PostgreSQL, --pglite)',
  },
  api: {
    script: 'bench/http.ts',
    args: ['api'],
    defaultArgs: [],
    what: 'API throughput (accounts, transactions) against a bare Fastify route, and what token validation and rate limiting cost',
  },
  bff: {
    script: 'bench/http.ts',
    args: ['bff'],
    defaultArgs: [],
    what: 'the same calls through the BFF and straight to the API',
  },
  writes: {
    script: 'bench/http.ts',
    args: ['writes'],
    defaultArgs: [],
    what: 'POST /public/payments/batches with 100 lines and a fresh Idempotency-Key each',
  },
  spa: {
    script: 'bench/spa.ts',
    defaultArgs: [],
    what: 'the JavaScript the overview needs before its first render, and Lighthouse on the dashboard npm start serves',
  },
  startup: {
    script: 'bench/startup.ts',
    defaultArgs: [],
    what: 'npm start until the dashboard and the API answer, on a clean and on an existing data directory',
  },
};

const root = fileURLToPath(new URL('../', import.meta.url));
const [part, ...args] = process.argv.slice(2);

if (part && !parts[part]) {
  process.stderr.write(`Unknown benchmark "${part}". Parts: ${Object.keys(parts).join(', ')}.\n`);
  process.exit(2);
}

const selected = part ? [part] : Object.keys(parts);

function runScript(script: string, scriptArgs: readonly string[]): boolean {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...scriptArgs], {
    cwd: root,
    stdio: 'inherit',
  });
  return run.status === 0;
}

let failed = false;
let sharedLarge: { url: string; drop: () => Promise<void> } | null = null;
const seconds = (since: number) => (performance.now() - since) / 1000;
const took: string[] = [];
const yardstick = yardstickMs();
shareYardstick(yardstick);
process.stdout.write(
  `machine: ${cpus().length} cores, 10^9 additions in ${yardstick} ms (the day's yardstick, in every result file)\n`,
);
const startedAll = performance.now();
try {
  for (const name of selected) {
    const entry = parts[name];
    if (!entry) continue;
    let partArgs = part ? args : entry.defaultArgs;
    if (!part && entry.sharesLargeKoncern) {
      if (!sharedLarge) {
        sharedLarge = await createBenchDatabase(DEFAULT_POSTGRES_URL, 'large');
        process.stdout.write(`\n== the large koncern, seeded once for the parts that read it\n`);
        const started = performance.now();
        if (!runScript('bench/seed.ts', ['--size', 'large', '--pg', sharedLarge.url])) failed = true;
        took.push(`seeding large ${seconds(started).toFixed(0)} s`);
      }
      partArgs = [...partArgs, '--pg', sharedLarge.url, '--existing'];
    }
    process.stdout.write(`\n== ${name}: ${entry.what}\n`);
    const started = performance.now();
    if (!runScript(entry.script, [...(entry.args ?? []), ...partArgs])) failed = true;
    took.push(`${name} ${seconds(started).toFixed(0)} s`);
  }
  if (!part) {
    // Whole seconds first, so 479.6 s reads 8 min 0 s, not 7 min 60 s.
    const total = Math.round(seconds(startedAll));
    process.stdout.write(
      `\n== every part in ${Math.floor(total / 60)} min ${total % 60} s (budget: under 10 minutes; 10^9 additions in ${yardstick} ms): ${took.join(', ')}\n`,
    );
  }
} finally {
  await sharedLarge?.drop();
}
process.exit(failed ? 1 : 0);
