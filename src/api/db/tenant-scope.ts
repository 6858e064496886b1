import { sql } from 'drizzle-orm';
import type { Database } from './client';

/**
 * The tenant-scoped data access layer: every query of a tenant's request runs in a transaction
 * that names the tenant and drops to the finvis_api role, so PostgreSQL's row-level security
 * admits that tenant's rows and no others — even if a query forgets its tenant filter.
 */
export async function withTenant<T>(
  db: Database,
  tenantId: string,
  work: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip for both: `set_config('role', …, true)` is `SET LOCAL ROLE`, with the same checks.
    await tx.execute(
      sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', 'finvis_api', true)`,
    );
    return work(tx);
  });
}
