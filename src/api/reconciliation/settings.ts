import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { reconciliationSettings } from '../db/schema';

/** Matches at or above this confidence are confirmed by the engine unless the tenant chose otherwise. */
export const DEFAULT_AUTO_CONFIRM_BASIS_POINTS = 9_700;

export interface AutoConfirmSetting {
  basisPoints: number;
  /** True while the tenant has never chosen a threshold of its own. */
  isDefault: boolean;
  updatedAt: Date | null;
}

export async function readAutoConfirmSetting(tx: Database, tenantId: string): Promise<AutoConfirmSetting> {
  const [row] = await tx
    .select()
    .from(reconciliationSettings)
    .where(eq(reconciliationSettings.tenantId, tenantId));
  return row
    ? { basisPoints: row.autoConfirmBasisPoints, isDefault: false, updatedAt: row.updatedAt }
    : { basisPoints: DEFAULT_AUTO_CONFIRM_BASIS_POINTS, isDefault: true, updatedAt: null };
}

export async function saveAutoConfirmBasisPoints(
  tx: Database,
  tenantId: string,
  basisPoints: number,
): Promise<AutoConfirmSetting> {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw new RangeError('the auto-confirm threshold is 0–10000 basis points');
  }
  const [row] = await tx
    .insert(reconciliationSettings)
    .values({ tenantId, autoConfirmBasisPoints: basisPoints })
    .onConflictDoUpdate({
      target: reconciliationSettings.tenantId,
      set: { autoConfirmBasisPoints: basisPoints, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('the reconciliation settings were not written');
  return { basisPoints: row.autoConfirmBasisPoints, isDefault: false, updatedAt: row.updatedAt };
}
