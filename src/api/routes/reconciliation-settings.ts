import type { FastifyInstance } from 'fastify';
import {
  getReconciliationSettings,
  updateReconciliationSettings,
  type ReconciliationSettings,
} from '../../contract/reconciliation-settings';
import { recordAudit } from '../audit';
import type { DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import { registerEndpoint } from '../http/endpoint-route';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import {
  readAutoConfirmSetting,
  saveAutoConfirmBasisPoints,
  type AutoConfirmSetting,
} from '../reconciliation/settings';
import { tenantOf } from '../auth/request-auth';

const thresholdOf = (basisPoints: number) => basisPoints / 10_000;

function settingsView(setting: AutoConfirmSetting): ReconciliationSettings {
  return {
    auto_confirm_threshold: thresholdOf(setting.basisPoints),
    is_default: setting.isDefault,
    updated_at: setting.updatedAt?.toISOString() ?? null,
  };
}

/** The tenant's auto-confirm threshold: read with read:reconciliation, set with write:reconciliation. */
export function registerReconciliationSettingsRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): void {
  const db = services.database.db;

  registerEndpoint(app, getReconciliationSettings, async ({ raw }) => {
    const tenantId = tenantOf(raw);
    const setting = await withTenant(db, tenantId, (tx) => readAutoConfirmSetting(tx, tenantId));
    return { status: 200, body: settingsView(setting) };
  });

  registerWriteEndpoint(app, updateReconciliationSettings, services, async ({ body, request, tx }) => {
    const tenantId = tenantOf(request);
    const before = await readAutoConfirmSetting(tx, tenantId);
    // The schema allows four decimals: rounding only removes the binary fraction's noise.
    const saved = await saveAutoConfirmBasisPoints(
      tx,
      tenantId,
      Math.round(body.auto_confirm_threshold * 10_000),
    );
    await recordAudit(tx, request, {
      action: 'reconciliation_settings.updated',
      resourceType: 'reconciliation_settings',
      resourceId: tenantId,
      detail: {
        auto_confirm_threshold: { from: thresholdOf(before.basisPoints), to: thresholdOf(saved.basisPoints) },
      },
    });
    return { status: 200, body: settingsView(saved) };
  });
}
