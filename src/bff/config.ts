import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { z } from 'zod';

const bffEnvironment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  FINVIS_API_URL: z.url().default('http://localhost:4010'),
  FINVIS_STATIC_DIR: z.string().min(1).optional(),
  FINVIS_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export interface BffConfig {
  port: number;
  host: string;
  apiUrl: string;
  staticDir: string;
  upstreamTimeoutMs: number;
}

const defaultStaticDir = fileURLToPath(new URL('../../dist', import.meta.url));

export function loadBffConfig(env: NodeJS.ProcessEnv = process.env): BffConfig {
  const parsed = bffEnvironment.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    apiUrl: values.FINVIS_API_URL.replace(/\/+$/, ''),
    staticDir: values.FINVIS_STATIC_DIR ? resolve(values.FINVIS_STATIC_DIR) : defaultStaticDir,
    upstreamTimeoutMs: values.FINVIS_UPSTREAM_TIMEOUT_MS,
  };
}

/** An empty variable (`DATABASE_URL=`) means unset, as in most shells' and CI's conventions. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}
