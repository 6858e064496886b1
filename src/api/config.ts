import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseConfig } from './db/client';

const port = z.coerce.number().int().min(0).max(65_535);

const apiEnvironment = z.object({
  FINVIS_API_PORT: port.default(4010),
  FINVIS_API_HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  FINVIS_DB: z.enum(['file', 'memory']).default('file'),
  FINVIS_DATA_DIR: z.string().min(1).default('.data'),
  FINVIS_TOKEN_ISSUER: z.string().min(1).default('urn:finvis:public-api'),
  FINVIS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  FINVIS_BANK_SPEED: z.coerce.number().int().min(0).max(3600).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
    .optional(),
});

export interface ApiConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Where the embedded database's files live (also where the CLI finds the running server's socket). */
  dataDir: string;
  token: { issuer: string; lifetimeSeconds: number };
  /** Shared rate-limit counters for several API instances; in memory when unset. */
  redisUrl: string | null;
  /** Seconds per step of the sandbox bank's clock (FINVIS_BANK_SPEED); 0 or unset: no clock. */
  bankSpeedSeconds?: number;
}

/** Reads the API's configuration from the environment; a bad value stops the start with a clear message. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiEnvironment.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const values = parsed.data;
  const dataDir = resolve(values.FINVIS_DATA_DIR);
  const database: DatabaseConfig = values.DATABASE_URL
    ? { kind: 'postgres', url: values.DATABASE_URL }
    : { kind: 'pglite', dataDir: values.FINVIS_DB === 'memory' ? null : resolve(dataDir, 'pglite') };
  return {
    port: values.FINVIS_API_PORT,
    host: values.FINVIS_API_HOST,
    database,
    dataDir,
    token: { issuer: values.FINVIS_TOKEN_ISSUER, lifetimeSeconds: values.FINVIS_TOKEN_TTL_SECONDS },
    redisUrl: values.REDIS_URL ?? null,
    bankSpeedSeconds: values.FINVIS_BANK_SPEED,
  };
}

/** An empty variable (`DATABASE_URL=`) means unset, as in most shells' and CI's conventions. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}
