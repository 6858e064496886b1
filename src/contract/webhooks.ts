import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { timestamp } from './money';

/*
 * Webhook endpoints: where Finvis delivers events, and the secret that signs each delivery.
 * The signing secret is shown once, when the endpoint is created or its secret rotated.
 */

export const webhookEventTypes = [
  'transaction.created',
  'payment.status.updated',
  'reconciliation.match.proposed',
  'reconciliation.match.confirmed',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** `*` subscribes to every event type, including those added later. */
export const ALL_WEBHOOK_EVENTS = '*';

export const webhookEventTypeSelector = z.enum([ALL_WEBHOOK_EVENTS, ...webhookEventTypes]).meta({
  id: 'WebhookEventTypeSelector',
  description: `An event type (${webhookEventTypes.join(', ')}), or \`*\` for every event type, including those added later.`,
});

const eventTypeList = z
  .array(webhookEventTypeSelector)
  .min(1, 'name at least one event type')
  .max(webhookEventTypes.length + 1)
  .refine((types) => new Set(types).size === types.length, { message: 'event types must not repeat' });

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The shape every webhook URL must have; the server adds its address policy (https, no private hosts). */
export const webhookUrl = z
  .string()
  .max(MAX_WEBHOOK_URL_LENGTH, `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`)
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: 'custom', message: 'url must be an absolute URL' });
      return;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      context.addIssue({ code: 'custom', message: 'url must be an https URL' });
    }
    if (url.username || url.password) {
      context.addIssue({ code: 'custom', message: 'url must not contain credentials' });
    }
    if (url.hash) context.addIssue({ code: 'custom', message: 'url must not contain a fragment' });
  })
  .meta({
    description:
      'Where deliveries are POSTed: an https URL without credentials, whose host is not a private, loopback or link-local address.',
    example: 'https://example.com/finvis/webhooks',
  });

const description = z.string().max(500, 'description must be at most 500 characters');

export const webhookEndpoint = z
  .object({
    id: idSchema('webhookEndpoint'),
    url: z.string(),
    event_types: z.array(webhookEventTypeSelector),
    enabled: z.boolean(),
    description: z.string().nullable(),
    disabled_reason: z.string().nullable().meta({
      description:
        'Why the endpoint is disabled (`disabled_by_client`, or a delivery reason); null while enabled.',
    }),
    previous_secret_expires_at: timestamp.nullable().meta({
      description: 'After a rotation, until when the previous secret still signs deliveries too; else null.',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({
    id: 'WebhookEndpoint',
    description: 'A webhook endpoint. Its signing secret is never shown here.',
  });

export const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{43}=$/)
  .meta({
    description:
      'The signing secret, in the Standard Webhooks form `whsec_` + base64 of 32 random bytes. Shown only in this response: store it now.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwABCDEFGHIJ0=',
  });

export const webhookEndpointWithSecret = webhookEndpoint.extend({ secret: webhookSecret }).meta({
  id: 'WebhookEndpointWithSecret',
  description: 'A webhook endpoint with its signing secret, shown once.',
});

export const createWebhookEndpointBody = z
  .object({
    url: webhookUrl,
    event_types: eventTypeList,
    description: description.optional(),
    enabled: z.boolean().optional().meta({ description: 'Default true.' }),
  })
  .meta({ id: 'CreateWebhookEndpoint' });

export const updateWebhookEndpointBody = z
  .object({
    url: webhookUrl.optional(),
    event_types: eventTypeList.optional(),
    description: description.nullable().optional().meta({ description: 'null clears it.' }),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'change at least one of url, event_types, description, enabled',
  })
  .meta({ id: 'UpdateWebhookEndpoint' });

export const webhookEndpointIdParams = z.object({ id: idSchema('webhookEndpoint') });

export const webhookEndpointList = listOf(webhookEndpoint).meta({ id: 'WebhookEndpointList' });

export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecret>;
export type WebhookEndpointList = z.infer<typeof webhookEndpointList>;

const secretRotation =
  'The previous secret stays valid for 24 hours after a rotation (`previous_secret_expires_at`), so receivers can switch to the new one without losing deliveries. Rotating again within those 24 hours retires the older secret at once.';

export const createWebhookEndpoint = defineEndpoint({
  operationId: 'createWebhookEndpoint',
  method: 'POST',
  path: '/public/webhooks/endpoints',
  summary: 'Create a webhook endpoint',
  description:
    'Registers an https URL for the given event types. The response carries the signing secret, once; it is never shown again. Plain http and private addresses are refused (a sandbox may allow them for local testing).',
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  body: createWebhookEndpointBody,
  responses: {
    201: { description: 'The endpoint, with its signing secret.', schema: webhookEndpointWithSecret },
  },
});

export const listWebhookEndpoints = defineEndpoint({
  operationId: 'listWebhookEndpoints',
  method: 'GET',
  path: '/public/webhooks/endpoints',
  summary: 'List webhook endpoints',
  description: `The webhook endpoints of your tenant, oldest first. \`limit\` 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); pass \`next_cursor\` as \`cursor\` for the next page.`,
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  query: listQuery,
  responses: { 200: { description: 'A page of webhook endpoints.', schema: webhookEndpointList } },
});

export const getWebhookEndpoint = defineEndpoint({
  operationId: 'getWebhookEndpoint',
  method: 'GET',
  path: '/public/webhooks/endpoints/{id}',
  summary: 'Get a webhook endpoint',
  description:
    "One webhook endpoint, without its secret. Another tenant's endpoint answers 404, like one that does not exist.",
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  params: webhookEndpointIdParams,
  responses: { 200: { description: 'The endpoint.', schema: webhookEndpoint } },
});

export const updateWebhookEndpoint = defineEndpoint({
  operationId: 'updateWebhookEndpoint',
  method: 'PATCH',
  path: '/public/webhooks/endpoints/{id}',
  summary: 'Change a webhook endpoint',
  description:
    'Changes the URL, the event types, the description, or enables or disables the endpoint. Fields left out stay as they are.',
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  params: webhookEndpointIdParams,
  body: updateWebhookEndpointBody,
  responses: { 200: { description: 'The changed endpoint.', schema: webhookEndpoint } },
});

export const deleteWebhookEndpoint = defineEndpoint({
  operationId: 'deleteWebhookEndpoint',
  method: 'DELETE',
  path: '/public/webhooks/endpoints/{id}',
  summary: 'Delete a webhook endpoint',
  description: 'Deletes the endpoint; no further deliveries go to it.',
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  params: webhookEndpointIdParams,
  responses: { 204: { description: 'Deleted.' } },
});

export const rotateWebhookEndpointSecret = defineEndpoint({
  operationId: 'rotateWebhookEndpointSecret',
  method: 'POST',
  path: '/public/webhooks/endpoints/{id}/rotate-secret',
  summary: 'Rotate the signing secret of a webhook endpoint',
  description: `Makes a new signing secret and returns it, once. ${secretRotation}`,
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  params: webhookEndpointIdParams,
  responses: {
    200: { description: 'The endpoint, with its new signing secret.', schema: webhookEndpointWithSecret },
  },
});

export const webhookEndpointOperations = [
  createWebhookEndpoint,
  listWebhookEndpoints,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookEndpointSecret,
] as const;
