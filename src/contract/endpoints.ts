import { getJwks, issueToken } from './auth';
import type { Endpoint } from './endpoint';
import { getHealth } from './health';
import { ledgerEndpoints } from './ledger';
import { reportingEndpoints } from './reporting';
import { webhookEndpointOperations } from './webhooks';
import { paymentEndpoints } from './payments';

/** Every operation of the public API, in the order the reference lists them. */
export const publicEndpoints: readonly Endpoint[] = [
  getHealth,
  issueToken,
  getJwks,
  ...ledgerEndpoints,
  ...reportingEndpoints,
  ...webhookEndpointOperations,
  ...paymentEndpoints,
];
