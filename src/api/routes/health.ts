import type { FastifyInstance } from 'fastify';
import { getHealth, type Health } from '../../contract/health';
import type { DatabaseHandle } from '../db/client';
import { registerEndpoint } from '../http/endpoint-route';
import { API_VERSION } from '../version';

const PING_TIMEOUT_MS = 2_000;

async function pingWithTimeout(database: DatabaseHandle): Promise<number | null> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([database.ping(), timeout]);
    return Math.round(performance.now() - started);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  registerEndpoint(app, getHealth, async () => {
    const latency = await pingWithTimeout(database);
    const body: Health = {
      status: latency === null ? 'degraded' : 'ok',
      version: API_VERSION,
      time: new Date().toISOString(),
      database: {
        status: latency === null ? 'unavailable' : 'ok',
        engine: database.engine,
        latency_ms: latency,
      },
    };
    return { status: latency === null ? 503 : 200, body, headers: { 'cache-control': 'no-store' } };
  });
}
