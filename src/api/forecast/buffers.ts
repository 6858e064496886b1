import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { companies, liquidityBuffers } from '../db/schema';
import { requireOwned } from '../repositories/ledger-common';

/** Each company's liquidity buffer (SEK öre), for the companies that have one. */
export async function buffersByCompany(tx: Database, tenantId: string): Promise<Map<string, bigint>> {
  const rows = await tx
    .select({ companyId: liquidityBuffers.companyId, minimumMinor: liquidityBuffers.minimumMinor })
    .from(liquidityBuffers)
    .where(eq(liquidityBuffers.tenantId, tenantId));
  return new Map(rows.map((r) => [r.companyId, r.minimumMinor]));
}

/** Sets (or with null removes) a company's buffer; 404 when the company is not the tenant's. */
export async function setBuffer(
  tx: Database,
  tenantId: string,
  companyId: string,
  minimumMinor: bigint | null,
): Promise<void> {
  await requireOwned(tx, companies, tenantId, companyId, 'company_id');
  if (minimumMinor === null) {
    await tx
      .delete(liquidityBuffers)
      .where(and(eq(liquidityBuffers.tenantId, tenantId), eq(liquidityBuffers.companyId, companyId)));
    return;
  }
  await tx
    .insert(liquidityBuffers)
    .values({ tenantId, companyId, minimumMinor, currency: 'SEK' })
    .onConflictDoUpdate({
      target: liquidityBuffers.companyId,
      set: { minimumMinor, updatedAt: new Date() },
    });
}
