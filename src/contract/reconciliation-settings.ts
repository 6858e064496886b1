import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { timestamp } from './money';

/** The engine confirms a match by itself when its confidence reaches the tenant's threshold. */
const autoConfirmThreshold = z.number().min(0).max(1).multipleOf(0.0001).meta({
  description:
    'Matches the engine proposes with at least this confidence (0–1, at most four decimals) are confirmed by the engine; the rest wait for a person. 1 confirms only matches the engine is certain of.',
  example: 0.97,
});

export const reconciliationSettings = z
  .object({
    auto_confirm_threshold: autoConfirmThreshold,
    is_default: z
      .boolean()
      .meta({ description: 'True while the tenant has not chosen a threshold of its own.' }),
    updated_at: timestamp
      .nullable()
      .meta({ description: 'When the threshold was last set; null while default.' }),
  })
  .meta({ id: 'ReconciliationSettings' });
export type ReconciliationSettings = z.infer<typeof reconciliationSettings>;

export const updateReconciliationSettingsBody = z
  .object({ auto_confirm_threshold: autoConfirmThreshold })
  .strict()
  .meta({ id: 'UpdateReconciliationSettings' });

const tags = ['Reconciliation'];

export const getReconciliationSettings = defineEndpoint({
  operationId: 'getReconciliationSettings',
  method: 'GET',
  path: '/public/reconciliation/settings',
  summary: 'Reconciliation settings',
  description: 'The auto-confirm threshold the engine applies to the matches it proposes (0.97 unless set).',
  tags,
  scope: 'read:reconciliation',
  responses: { 200: { description: 'The settings.', schema: reconciliationSettings } },
});

export const updateReconciliationSettings = defineEndpoint({
  operationId: 'updateReconciliationSettings',
  method: 'POST',
  path: '/public/reconciliation/settings',
  summary: 'Set the auto-confirm threshold',
  description:
    'Applies to the matches the engine proposes from now on; matches already waiting stay for people to decide (confirm them in bulk from the queue). Recorded in the audit log with the threshold before and after, and the acting user (`Finvis-Acting-User`) when sent.',
  tags,
  scope: 'write:reconciliation',
  body: updateReconciliationSettingsBody,
  responses: { 200: { description: 'The settings as they are now.', schema: reconciliationSettings } },
});

export const reconciliationSettingsEndpoints = [
  getReconciliationSettings,
  updateReconciliationSettings,
] as const;
