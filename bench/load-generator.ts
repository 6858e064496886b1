/**
 * The load generator, always in a process of its own so that it never competes with the server it
 * measures for the same event loop: for each `LoadSpec` line on stdin, autocannon against its URL, and
 * its summary as one JSON line on stdout. One process serves a whole benchmark: starting Node with tsx
 * for each run cost a second or more of every run on a slow machine.
 *
 *   node --import tsx bench/load-generator.ts < specs (one JSON LoadSpec per line)
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  /** A fresh Idempotency-Key on every request: each one is a new intent, never a replay. */
  freshIdempotencyKey?: boolean;
  /**
   * One request after another on one keep-alive connection, each timed to the microsecond: the
   * latency of a call with no queue in front of it (autocannon's histogram counts whole milliseconds).
   */
  sequential?: boolean;
}

export interface LoadResult {
  requests_per_second: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non_2xx: number;
  errors: number;
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

async function sequentialLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ connections: 1 });
  const latencies: number[] = [];
  let nonOk = 0;
  let errors = 0;
  const until = performance.now() + spec.durationSeconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    try {
      const response = await request(spec.url, {
        method: spec.method ?? 'GET',
        headers: spec.headers ?? {},
        dispatcher: agent,
        ...(spec.body === undefined ? {} : { body: spec.body }),
      });
      await response.body.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response.statusCode < 200 || response.statusCode > 299) nonOk++;
    } catch {
      errors++;
    }
  }
  await agent.close();
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    requests_per_second: Math.round(latencies.length / spec.durationSeconds),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    requests: latencies.length,
    non_2xx: nonOk,
    errors,
  };
}

async function autocannonLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    ...(spec.body === undefined ? {} : { body: spec.body }),
    connections: spec.connections,
    duration: spec.durationSeconds,
    ...(spec.freshIdempotencyKey
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                headers: { ...request.headers, 'idempotency-key': randomUUID() },
              }),
            },
          ],
        }
      : {}),
  });
  return {
    requests_per_second: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  const spec = JSON.parse(line) as LoadSpec;
  const result = spec.sequential ? await sequentialLoad(spec) : await autocannonLoad(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
