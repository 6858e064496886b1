import { getJwks, issueToken } from './auth';
import type { Endpoint } from './endpoint';
import { getHealth } from './health';
import { ledgerEndpoints } from './ledger';
import { reportingEndpoints } from './reporting';
import { forecastEndpoints } from './forecast';
import { webhookDeliveryOperations, webhookEndpointOperations } from './webhooks';
import { paymentEndpoints } from './payments';
import { importEndpoints } from './imports';
import { reconciliationEndpoints } from './reconciliation';
import { reconciliationQueueEndpoints } from './reconciliation-queue';
import { reconciliationSettingsEndpoints } from './reconciliation-settings';
import { reconciliationExplanationEndpoints } from './reconciliation-explanations';

/** Every operation of the public API, in the order the reference lists them. */
export const publicEndpoints: readonly Endpoint[] = [
  getHealth,
  issueToken,
  getJwks,
  ...ledgerEndpoints,
  ...reportingEndpoints,
  ...forecastEndpoints,
  ...webhookEndpointOperations,
  ...webhookDeliveryOperations,
  ...paymentEndpoints,
  ...importEndpoints,
  ...reconciliationEndpoints,
  ...reconciliationQueueEndpoints,
  ...reconciliationSettingsEndpoints,
  ...reconciliationExplanationEndpoints,
];
