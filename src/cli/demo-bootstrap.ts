import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { todayInStockholm } from '../banking/dates';
import { scopes } from '../contract/scopes';
import type { Database } from '../api/db/client';
import { seedDemoTenant } from '../api/demo/seed';
import { createApiClient, findApiClient } from '../api/repositories/api-clients';
import { findTenantByName } from '../api/repositories/tenants';

export const DEMO_TENANT = 'demo';
export const DEMO_SEED = 20_261_125;
const BFF_CLIENT_NAME = 'Finvis dashboard (BFF)';
/** Every person using the dashboard shares the BFF's client, so it gets far more than an integrator's 600. */
const BFF_RATE_LIMIT_PER_MINUTE = 20_000;

/** Where the sandbox keeps the BFF's Finvis client credentials: inside the git-ignored data directory. */
export function bffCredentialsPath(dataDir: string): string {
  return join(dataDir, 'bff-client.json');
}

interface StoredCredentials {
  client_id: string;
  client_secret: string;
}

function readCredentials(path: string): StoredCredentials | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredCredentials>;
    return typeof parsed.client_id === 'string' && typeof parsed.client_secret === 'string'
      ? { client_id: parsed.client_id, client_secret: parsed.client_secret }
      : null;
  } catch {
    return null;
  }
}

export interface DemoBootstrapResult {
  seeded: { transactions: number; ms: number } | null;
  bffClientCreated: boolean;
}

/**
 * On a database without the demo tenant: seed the demo koncern up to today. Then make sure the BFF
 * has working credentials of the demo tenant in its local file; user changes are never seeded over.
 */
export async function ensureDemoTenant(db: Database, dataDir: string): Promise<DemoBootstrapResult> {
  let seeded: DemoBootstrapResult['seeded'] = null;
  let tenant = await findTenantByName(db, DEMO_TENANT);
  if (!tenant) {
    const result = await seedDemoTenant(db, {
      tenantName: DEMO_TENANT,
      seed: DEMO_SEED,
      size: 'demo',
      today: todayInStockholm(),
    });
    seeded = { transactions: result.counts.transactions, ms: result.ms };
    tenant = await findTenantByName(db, DEMO_TENANT);
    if (!tenant) throw new Error('the demo seed did not create the demo tenant');
  }

  const path = bffCredentialsPath(dataDir);
  const stored = readCredentials(path);
  const existing = stored ? await findApiClient(db, stored.client_id) : null;
  if (existing?.status === 'active' && existing.tenantId === tenant.id)
    return { seeded, bffClientCreated: false };

  const { client, secret } = await createApiClient(db, {
    tenantId: tenant.id,
    name: BFF_CLIENT_NAME,
    scopes: [...scopes],
    rateLimitPerMinute: BFF_RATE_LIMIT_PER_MINUTE,
  });
  writeFileSync(path, `${JSON.stringify({ client_id: client.id, client_secret: secret }, null, 2)}\n`, {
    mode: 0o600,
  });
  return { seeded, bffClientCreated: true };
}
