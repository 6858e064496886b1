import {
  webhookEndpoint,
  webhookEndpointWithSecret,
  webhookRedelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
  type WebhookRedelivery,
} from '../../../contract/webhooks';
import { api, expectData } from '../../api/client';

/** The webhook writes; each POST takes the Idempotency-Key of the person's intent. */
export async function createEndpoint(
  input: { url: string; eventTypes: (WebhookEventType | '*')[]; description: string },
  key: string,
): Promise<WebhookEndpointWithSecret> {
  return webhookEndpointWithSecret.parse(
    await expectData(
      api.POST('/public/webhooks/endpoints', {
        body: {
          url: input.url,
          event_types: input.eventTypes,
          ...(input.description ? { description: input.description } : {}),
        },
        params: { header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}

export async function setEndpointEnabled(id: string, enabled: boolean): Promise<WebhookEndpoint> {
  return webhookEndpoint.parse(
    await expectData(
      api.PATCH('/public/webhooks/endpoints/{id}', { params: { path: { id } }, body: { enabled } }),
    ),
  );
}

export async function rotateSecret(id: string, key: string): Promise<WebhookEndpointWithSecret> {
  return webhookEndpointWithSecret.parse(
    await expectData(
      api.POST('/public/webhooks/endpoints/{id}/rotate-secret', {
        params: { path: { id }, header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}

export async function redeliver(deliveryId: string, key: string): Promise<WebhookRedelivery> {
  return webhookRedelivery.parse(
    await expectData(
      api.POST('/public/webhooks/deliveries/{id}/redeliver', {
        params: { path: { id: deliveryId }, header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}
