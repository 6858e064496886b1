import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { fileURLToPath } from 'node:url';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/** Set by `npm run bench` for its parts, so one yardstick stands beside all of a run's figures. */
const YARDSTICK_ENV = 'FINVIS_BENCH_YARDSTICK_MS';

/**
 * Milliseconds for 10^9 additions in a loop: the speed of one core as this VM gets it today. The VMs of
 * this workplace differed threefold from day to day and every figure moved with them, so a figure means
 * little without the day's yardstick.
 */
export function yardstickMs(): number {
  const given = Number(process.env[YARDSTICK_ENV]);
  if (given > 0) return given;
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 1e9; i++) sum += i;
  const ms = Math.round(performance.now() - started);
  // The sum is used, so the loop cannot be optimised away.
  return sum > 0 ? ms : -1;
}

/** `npm run bench` measures the yardstick once and hands it to each part it runs. */
export function shareYardstick(ms: number): void {
  process.env[YARDSTICK_ENV] = String(ms);
}

/** What the figures were measured on, written beside every result. */
export function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    additions_1e9_ms: yardstickMs(),
  };
}

/** Writes one benchmark's figures to bench/results/<name>.json (git-ignored) and returns the path. */
export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(resultsDir, { recursive: true });
  const path = `${resultsDir}${name}.json`;
  writeFileSync(
    path,
    `${JSON.stringify({ bench: name, measured_at: new Date().toISOString(), machine: machine(), ...figures }, null, 2)}\n`,
  );
  return path;
}
