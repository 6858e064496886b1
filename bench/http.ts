/**
 * HTTP throughput of the API, what its guard costs, the BFF's overhead and batch writes, measured side
 * by side in the same run: the servers run in one process (bench/http-servers.ts), autocannon in another
 * (bench/load-generator.ts), against a PostgreSQL database seeded with the demo koncern.
 *
 *   npx tsx bench/http.ts api|bff|writes [--pg URL] [--connections 50] [--duration 3] [--runs 3] [--warmup 1]
 *                                        [--cpu-prof DIR]
 *
 * Each case: a warm-up, then --runs runs of --duration seconds; the figures are medians of the runs.
 * The cases being compared alternate run by run, so that a slower moment of the machine hits both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { addDays, todayInStockholm } from '../src/banking/dates';
import { nextBankDay } from '../src/banking/bank-days';
import { bankgiroWithCheckDigit } from '../src/banking/bankgiro';
import { signInAs } from '../test/support/bff-sign-in';
import type { ServerSet } from './http-servers';
import type { LoadResult, LoadSpec } from './load-generator';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, median } from './postgres';
import { writeResult } from './results';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pg: { type: 'string', default: DEFAULT_POSTGRES_URL },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '3' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    // The servers' processes write V8 CPU profiles (`.cpuprofile`) into DIR when they stop.
    'cpu-prof': { type: 'string' },
  },
});
const part = positionals[0];
if (part !== 'api' && part !== 'bff' && part !== 'writes') {
  throw new Error('usage: http.ts api|bff|writes [options]');
}
const connections = Number(values.connections);
const duration = Number(values.duration);
const runs = Math.max(1, Number(values.runs));
const warmup = Number(values.warmup);
const root = new URL('../', import.meta.url);

/** The load generator: one process for the whole benchmark, a spec in and a result out per run. */
const generator = spawn(process.execPath, ['--import', 'tsx', 'bench/load-generator.ts'], {
  cwd: root,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const generatorResults = createInterface({ input: generator.stdout })[Symbol.asyncIterator]();

async function load(spec: LoadSpec): Promise<LoadResult> {
  generator.stdin.write(`${JSON.stringify(spec)}\n`);
  const next = await generatorResults.next();
  if (next.done) throw new Error(`the load generator exited (${generator.exitCode})`);
  return JSON.parse(next.value) as LoadResult;
}

interface Case {
  name: string;
  spec: Omit<LoadSpec, 'durationSeconds'>;
}

interface Measured {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
  /** CPU time (µs) each watched process spent per request answered, by its name; empty without /proc. */
  cpu_us_per_request: Record<string, number>;
}

/** What Chromium sends with every request: the dashboard's calls reach the BFF with it. */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

const clockTicksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/**
 * User + system CPU time of process `pid` so far, in microseconds, from /proc (10 ms steps): it counts what
 * the server did whatever the load generator beside it on the same cores did.
 */
function processCpuMicros(pid: number | undefined): number | null {
  const path = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(path)) return null;
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1_000_000) / clockTicksPerSecond : null;
}

/**
 * Warm-up for each case, then the runs, alternating between the cases of the group; for each process in
 * `watched` (name → pid), what its CPU time grew by in each run, per request answered.
 */
async function measureGroup(
  cases: readonly Case[],
  watched: Record<string, number | undefined> = {},
): Promise<Map<string, Measured>> {
  for (const c of cases) if (warmup > 0) await load({ ...c.spec, durationSeconds: warmup });
  const cpuNow = () => new Map(Object.entries(watched).map(([name, pid]) => [name, processCpuMicros(pid)]));
  const results = new Map<string, LoadResult[]>(cases.map((c) => [c.name, []]));
  const cpuSamples = new Map<string, Record<string, number[]>>(cases.map((c) => [c.name, {}]));
  for (let run = 0; run < runs; run++) {
    for (const c of cases) {
      const before = cpuNow();
      const result = await load({ ...c.spec, durationSeconds: duration });
      const after = cpuNow();
      results.get(c.name)?.push(result);
      const cpu = cpuSamples.get(c.name) ?? {};
      for (const [name, start] of before) {
        const end = after.get(name);
        if (start === null || end === null || end === undefined || result.requests === 0) continue;
        (cpu[name] ??= []).push((end - start) / result.requests);
      }
    }
  }
  const out = new Map<string, Measured>();
  for (const [name, measured] of results) {
    const cpu = cpuSamples.get(name) ?? {};
    out.set(name, {
      requests_per_second: Math.round(median(measured.map((r) => r.requests_per_second))),
      p50_ms: median(measured.map((r) => r.p50_ms)),
      p99_ms: median(measured.map((r) => r.p99_ms)),
      non_2xx: measured.reduce((sum, r) => sum + r.non_2xx, 0),
      errors: measured.reduce((sum, r) => sum + r.errors, 0),
      cpu_us_per_request: Object.fromEntries(
        Object.entries(cpu)
          .filter(([, values]) => values.length === measured.length)
          .map(([process, values]) => [process, Math.round(median(values))]),
      ),
    });
  }
  return out;
}

/** Starts a bench server script and waits for its JSON line (the one starting with `{"<key>":`). */
async function startProcess<T>(
  script: string,
  args: string[],
  key: string,
): Promise<{ info: T; child: ChildProcess }> {
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    // Only its own line: whatever else a server prints on the way up is not for us.
    lines.on('line', (line) => {
      if (line.startsWith(`{"${key}":`)) resolve(JSON.parse(line) as T);
    });
  });
  return { info, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** 100 payments to distinct, valid bankgiro numbers on the next bank day but one. */
function batchOf100(debtorAccountId: string): string {
  const executionDate = nextBankDay(addDays(todayInStockholm(), 1));
  const payments = Array.from({ length: 100 }, (_, i) => ({
    creditor: { name: `Leverantör ${i + 1} AB`, bankgiro: bankgiroWithCheckDigit(String(5_000_000 + i * 7)) },
    amount: { amount: `${1000 + i}.50`, currency: 'SEK' },
    execution_date: executionDate,
    remittance: { message: `Faktura ${10_000 + i}` },
    end_to_end_id: `BENCH-${i + 1}`,
  }));
  return JSON.stringify({ debtor_account_id: debtorAccountId, label: 'Bench run', payments });
}

const lines: string[] = [];
const row = (name: string, m: Measured | undefined, extra = '') =>
  lines.push(
    `${name.padEnd(48)} ${String(m?.requests_per_second ?? '-').padStart(8)} ${(m?.p50_ms ?? 0).toFixed(1).padStart(7)} ${(m?.p99_ms ?? 0).toFixed(1).padStart(7)} ${String((m?.non_2xx ?? 0) + (m?.errors ?? 0)).padStart(6)}  ${extra}`,
  );
const header = `${'case'.padEnd(48)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(6)}  budget`;
const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

const database = await createBenchDatabase(values.pg, `http_${part}`);
const dataDir = mkdtempSync(join(tmpdir(), 'finvis-bench-http-'));
const { info: set, child } = await startProcess<ServerSet>(
  'bench/http-servers.ts',
  [database.url, dataDir],
  'api',
);
const children: ChildProcess[] = [child];
const figures: Record<string, unknown> = {};
let allOk = true;
try {
  const apiAuth = { authorization: `Bearer ${set.apiToken}` };
  if (part === 'api') {
    for (const [route, path] of [
      ['accounts', set.accountsPath],
      ['transactions', set.transactionsPath],
    ] as const) {
      const m = await measureGroup(
        [
          { name: 'bare', spec: { url: `${set.bare}${path}`, connections } },
          { name: 'unguarded', spec: { url: `${set.unguarded}${path}`, headers: apiAuth, connections } },
          { name: 'api', spec: { url: `${set.api}${path}`, headers: apiAuth, connections } },
          { name: 'uncached', spec: { url: `${set.uncached}${path}`, connections } },
        ],
        { api: child.pid },
      );
      const bare = m.get('bare');
      const unguarded = m.get('unguarded');
      const api = m.get('api');
      const share = (api?.requests_per_second ?? 0) / (bare?.requests_per_second ?? 1);
      const guardCost = 1 - (api?.requests_per_second ?? 0) / (unguarded?.requests_per_second ?? 1);
      const shareOk = share >= 0.35;
      const p99Ok = (api?.p99_ms ?? Infinity) <= 25;
      const guardOk = guardCost <= 0.1;
      allOk &&= shareOk && p99Ok && guardOk;
      lines.push('', `GET ${path} (${connections} connections)`, header);
      row('bare Fastify route, same JSON from memory', bare);
      row('API routes without token check / rate limit', unguarded);
      row('API as deployed', api, `p99 <= 25 ms: ${verdict(p99Ok)}`);
      row('API routes reading the database every time', m.get('uncached'), '(no budget)');
      lines.push(
        `  API / bare = ${(share * 100).toFixed(1)}% (budget >= 35%: ${verdict(shareOk)}); token validation + rate limiting cost ${(guardCost * 100).toFixed(1)}% (budget <= 10%: ${verdict(guardOk)})`,
      );
      // The same cost seen from the server's side: throughput on two cores also moves with the load
      // generator's share of them, the CPU the server spends per answer does not.
      const cpuUnguarded = unguarded?.cpu_us_per_request.api;
      const cpuApi = api?.cpu_us_per_request.api;
      const guardCpuShare = cpuUnguarded !== undefined && cpuApi ? 1 - cpuUnguarded / cpuApi : null;
      if (guardCpuShare !== null) {
        lines.push(
          `  server CPU per request: ${cpuUnguarded} µs without the guard, ${cpuApi} µs as deployed: the guard is ${(guardCpuShare * 100).toFixed(1)}% of it (no budget; the budget above is on throughput)`,
        );
      }
      figures[route] = {
        bare,
        unguarded,
        api,
        uncached: m.get('uncached'),
        api_share_of_bare: share,
        guard_cost: guardCost,
        guard_cpu_share: guardCpuShare,
      };
    }
  } else if (part === 'bff') {
    const { info, child: bffChild } = await startProcess<{ bff: string }>(
      'bench/bff-server.ts',
      [set.api, dataDir],
      'bff',
    );
    children.push(bffChild);
    const person = 'usr_astrid_lindqvist';
    const { accessToken } = await signInAs(info.bff, person);
    // The BFF serves browsers: its calls carry what Chromium sends, and so do the same calls made directly.
    const asBrowser = { 'accept-encoding': BROWSER_ACCEPT_ENCODING };
    const directHeaders = { ...apiAuth, ...asBrowser };
    const bffHeaders = { authorization: `Bearer ${accessToken}`, ...asBrowser };
    const bffPath = (path: string) => path.replace(/^\/public\//, '/api/');
    for (const [route, path] of [
      ['accounts', set.accountsPath],
      ['transactions', set.transactionsPath],
    ] as const) {
      // How the answers travel (the API keeps them gzip-compressed for callers that accept it).
      const probe = await request(`${info.bff}${bffPath(path)}`, { headers: bffHeaders });
      await probe.body.dump();
      const encoding = probe.headers['content-encoding'] ?? 'none';
      const m = await measureGroup(
        [
          { name: 'direct', spec: { url: `${set.api}${path}`, headers: directHeaders, connections } },
          {
            name: 'bff',
            spec: { url: `${info.bff}${bffPath(path)}`, headers: bffHeaders, connections },
          },
        ],
        { api: child.pid, bff: bffChild.pid },
      );
      // What the BFF adds to one call is seen without a queue in front of it: at 50 connections the
      // slower path's latency is mostly waiting (Little's law), which the throughput ratio already shows.
      const unqueued = await measureGroup([
        {
          name: 'direct',
          spec: { url: `${set.api}${path}`, headers: directHeaders, connections: 1, sequential: true },
        },
        {
          name: 'bff',
          spec: {
            url: `${info.bff}${bffPath(path)}`,
            headers: bffHeaders,
            connections: 1,
            sequential: true,
          },
        },
      ]);
      const direct = m.get('direct');
      const bff = m.get('bff');
      const share = (bff?.requests_per_second ?? 0) / (direct?.requests_per_second ?? 1);
      const addedP50Saturated = (bff?.p50_ms ?? 0) - (direct?.p50_ms ?? 0);
      const addedP50 = (unqueued.get('bff')?.p50_ms ?? 0) - (unqueued.get('direct')?.p50_ms ?? 0);
      const shareOk = share >= 0.7;
      const p50Ok = addedP50 <= 2;
      allOk &&= shareOk && p50Ok;
      lines.push(
        '',
        `GET ${path} (${connections} connections; through the BFF as ${person}; Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}; answered with Content-Encoding: ${String(encoding)})`,
        header,
      );
      row('straight to the API', direct);
      row('through the BFF', bff);
      row('straight to the API, one call at a time', unqueued.get('direct'));
      row('through the BFF, one call at a time', unqueued.get('bff'));
      lines.push(
        `  BFF / direct = ${(share * 100).toFixed(1)}% (budget >= 70%: ${verdict(shareOk)}); p50 added ${addedP50.toFixed(2)} ms one call at a time (budget <= 2 ms: ${verdict(p50Ok)}), ${addedP50Saturated.toFixed(1)} ms at ${connections} connections`,
      );
      // Why the share is what it is: what one proxied call costs the BFF against what the API spends on it.
      const apiCpu = direct?.cpu_us_per_request.api;
      const bffCpu = bff?.cpu_us_per_request.bff;
      if (apiCpu !== undefined && bffCpu !== undefined) {
        lines.push(
          `  CPU per request: the API ${apiCpu} µs (straight to it), the BFF ${bffCpu} µs for each call it passes on`,
        );
      }
      figures[route] = {
        direct,
        bff,
        direct_one_at_a_time: unqueued.get('direct'),
        bff_one_at_a_time: unqueued.get('bff'),
        bff_share_of_direct: share,
        p50_added_ms: addedP50,
        p50_added_at_full_load_ms: addedP50Saturated,
        accept_encoding: BROWSER_ACCEPT_ENCODING,
        content_encoding: encoding,
      };
    }
  } else {
    const writeConnections = Math.min(connections, 10);
    const m = await measureGroup([
      {
        name: 'create',
        spec: {
          url: `${set.api}/public/payments/batches`,
          method: 'POST',
          headers: {
            ...apiAuth,
            'content-type': 'application/json',
            'finvis-acting-user': 'bench@finvis.se',
          },
          body: batchOf100(set.debtorAccountId),
          connections: writeConnections,
          freshIdempotencyKey: true,
        },
      },
    ]);
    const create = m.get('create');
    const clean = (create?.non_2xx ?? 0) + (create?.errors ?? 0) === 0;
    allOk &&= clean;
    lines.push(
      '',
      `POST /public/payments/batches, 100 lines each, a fresh Idempotency-Key each (${writeConnections} connections)`,
      header,
    );
    row('create batch (100 lines)', create, clean ? 'every request 201' : 'FAILED requests');
    lines.push(
      `  ${create?.requests_per_second ?? 0} batches/s = ${(create?.requests_per_second ?? 0) * 100} payment lines/s`,
    );
    figures.create_batch_100_lines = create;
  }
} finally {
  generator.stdin.end();
  for (const running of [generator, ...children.reverse()]) await stop(running);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.stdout.write(
  `database   PostgreSQL, demo koncern; ${warmup} s warm-up, ${runs} runs of ${duration} s, medians\n${lines.join('\n')}\n`,
);
const path = writeResult(`http-${part}`, {
  connections,
  duration_s: duration,
  runs,
  ...figures,
  all_within_budget: allOk,
});
process.stdout.write(`written to ${path}\n`);
