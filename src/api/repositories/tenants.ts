import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { tenants } from '../db/schema';
import { newId } from '../ids';

export type Tenant = typeof tenants.$inferSelect;

const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class TenantNameError extends Error {}

/** Tenant names are short slugs (`demo`, `acme-koncern`): they appear in CLI commands and logs. */
export function assertTenantName(name: string): void {
  if (!TENANT_NAME.test(name)) {
    throw new TenantNameError(
      `"${name}" is not a valid tenant name: use 1–63 lowercase letters, digits and dashes, starting with a letter or digit.`,
    );
  }
}

export async function createTenant(db: Database, name: string): Promise<Tenant> {
  assertTenantName(name);
  const [created] = await db
    .insert(tenants)
    .values({ id: newId('tenant'), name })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new TenantNameError(`A tenant named "${name}" already exists.`);
  return created;
}

export async function findTenantByName(db: Database, name: string): Promise<Tenant | null> {
  const [found] = await db.select().from(tenants).where(eq(tenants.name, name)).limit(1);
  return found ?? null;
}

export async function listTenants(db: Database): Promise<Tenant[]> {
  return db.select().from(tenants).orderBy(asc(tenants.name));
}
