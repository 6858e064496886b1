import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { transaction } from './ledger';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { timestamp } from './money';
import { paymentBatchSummary } from './payments';
import { reconciliationMatch } from './reconciliation';

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
        'Why the endpoint is disabled: `disabled_by_client`, `endpoint_gone` (it answered 410), or `retries_exhausted` (every attempt of an event failed for 3 days); null while enabled. Enabling it again resumes the deliveries still pending.',
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

/*
 * Events: what is delivered. Every event is `{id, type, created_at, data}`; `data` is the resource as
 * the API returns it at the moment of the change. The same event id is sent on every attempt, so a
 * receiver drops the ones it has already seen.
 */

function eventEnvelope<Type extends WebhookEventType, Data extends z.ZodType>(
  type: Type,
  data: Data,
  id: string,
  description: string,
) {
  return z
    .object({
      id: idSchema('event').meta({ description: 'The event id; the same on every attempt of a delivery.' }),
      type: z.literal(type),
      created_at: timestamp.meta({ description: 'When the change happened.' }),
      data,
    })
    .meta({ id, description });
}

export const transactionCreatedEvent = eventEnvelope(
  'transaction.created',
  transaction,
  'TransactionCreatedEvent',
  'A bank transaction was booked (from an imported statement, or by the sandbox bank executing a payment). `data` is the transaction as `GET /public/transactions` returns it.',
);

export const paymentStatusUpdatedEvent = eventEnvelope(
  'payment.status.updated',
  paymentBatchSummary,
  'PaymentStatusUpdatedEvent',
  'A payment batch moved to another status (submitted, pending_approval, approved, sent_to_bank, accepted, executed, rejected, cancelled). `data` is the batch as `GET /public/payments/batches` lists it, in its new status.',
);

export const reconciliationMatchProposedEvent = eventEnvelope(
  'reconciliation.match.proposed',
  reconciliationMatch,
  'ReconciliationMatchProposedEvent',
  'The matching engine proposed a match between a bank transaction and open items. `data` is the match.',
);

export const reconciliationMatchConfirmedEvent = eventEnvelope(
  'reconciliation.match.confirmed',
  reconciliationMatch,
  'ReconciliationMatchConfirmedEvent',
  'A match was confirmed (by a person, or by the engine above the auto-confirm threshold). `data` is the match.',
);

/** Any event Finvis delivers (the OpenAPI document lists them one by one under `webhooks`). */
export const webhookEvent = z.discriminatedUnion('type', [
  transactionCreatedEvent,
  paymentStatusUpdatedEvent,
  reconciliationMatchProposedEvent,
  reconciliationMatchConfirmedEvent,
]);

export type WebhookEvent = z.infer<typeof webhookEvent>;

/** The `data` of each event type. */
export type WebhookEventData = {
  [Type in WebhookEventType]: Extract<WebhookEvent, { type: Type }>['data'];
};

export const webhookEventSchemas: Record<WebhookEventType, z.ZodType> = {
  'transaction.created': transactionCreatedEvent,
  'payment.status.updated': paymentStatusUpdatedEvent,
  'reconciliation.match.proposed': reconciliationMatchProposedEvent,
  'reconciliation.match.confirmed': reconciliationMatchConfirmedEvent,
};

export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

/** How every delivery is signed, for the OpenAPI `webhooks` section and the reference. */
export const webhookDeliveryDescription = `Finvis POSTs the event as JSON to each enabled endpoint subscribed to its type. Every attempt is signed with the endpoint's secret (the bytes of the base64 after \`whsec_\`), twice over:

- \`X-Finvis-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">\` — while a rotated secret overlaps, one \`v1=\` per valid secret;
- the Standard Webhooks headers \`webhook-id\` (the event id), \`webhook-timestamp\` and \`webhook-signature\` (\`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">\`, space-separated while secrets overlap), which the \`standardwebhooks\` libraries verify.

Reject a delivery whose timestamp is more than ${WEBHOOK_SIGNATURE_TOLERANCE_SECONDS / 60} minutes from your clock, compare signatures in constant time, and drop event ids you have seen. Answer 2xx within 15 seconds; anything else (a redirect too) is a failure, retried with exponential backoff and jitter for about 3 days (after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h), each attempt with a fresh timestamp and the same event id. \`Retry-After\` on 429, 502 and 504 is honoured. 410 disables the endpoint at once; so does the last failed attempt (\`disabled_reason\`).`;

export const webhookEventDescriptions: readonly {
  type: WebhookEventType;
  summary: string;
  schema: z.ZodType;
}[] = [
  { type: 'transaction.created', summary: 'A transaction was booked', schema: transactionCreatedEvent },
  {
    type: 'payment.status.updated',
    summary: 'A payment batch changed status',
    schema: paymentStatusUpdatedEvent,
  },
  {
    type: 'reconciliation.match.proposed',
    summary: 'A reconciliation match was proposed',
    schema: reconciliationMatchProposedEvent,
  },
  {
    type: 'reconciliation.match.confirmed',
    summary: 'A reconciliation match was confirmed',
    schema: reconciliationMatchConfirmedEvent,
  },
];

/*
 * Deliveries: one row per attempt, newest first.
 */

export const webhookDelivery = z
  .object({
    id: idSchema('webhookDelivery'),
    event_id: idSchema('event'),
    event_type: z.enum(webhookEventTypes),
    endpoint_id: idSchema('webhookEndpoint'),
    attempt: z.number().int().min(1).meta({ description: 'The attempt number for this event and endpoint.' }),
    succeeded: z.boolean(),
    status_code: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The endpoint's HTTP status; null when it gave none (timeout, refused)." }),
    latency_ms: z.number().int().min(0),
    error: z.string().nullable().meta({ description: 'Why the attempt failed; null when it succeeded.' }),
    next_attempt_at: timestamp
      .nullable()
      .meta({ description: 'When the next attempt was scheduled after this one; null when none.' }),
    created_at: timestamp,
  })
  .meta({ id: 'WebhookDelivery', description: 'One delivery attempt of an event to an endpoint.' });

export const webhookDeliveryList = listOf(webhookDelivery).meta({ id: 'WebhookDeliveryList' });

export const listWebhookDeliveriesQuery = listQuery.extend({
  endpoint_id: idSchema('webhookEndpoint').optional().meta({ description: 'Only this endpoint’s attempts.' }),
  event_id: idSchema('event').optional().meta({ description: 'Only this event’s attempts.' }),
});

export const webhookDeliveryIdParams = z.object({ id: idSchema('webhookDelivery') });

export const webhookRedelivery = z
  .object({
    event_id: idSchema('event'),
    endpoint_id: idSchema('webhookEndpoint'),
    scheduled_at: timestamp,
  })
  .meta({ id: 'WebhookRedelivery', description: 'A new attempt, due now.' });

export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryList>;
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuery>;
export type WebhookRedelivery = z.infer<typeof webhookRedelivery>;

export const listWebhookDeliveries = defineEndpoint({
  operationId: 'listWebhookDeliveries',
  method: 'GET',
  path: '/public/webhooks/deliveries',
  summary: 'List delivery attempts',
  description: `Every delivery attempt of your tenant's events, newest first: event, endpoint, status code, latency and error. \`limit\` 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}); pass \`next_cursor\` as \`cursor\` for the next page.`,
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  query: listWebhookDeliveriesQuery,
  responses: { 200: { description: 'A page of delivery attempts.', schema: webhookDeliveryList } },
});

export const redeliverWebhookDelivery = defineEndpoint({
  operationId: 'redeliverWebhookDelivery',
  method: 'POST',
  path: '/public/webhooks/deliveries/{id}/redeliver',
  summary: 'Deliver an event again',
  description:
    'Sends the event of this attempt to its endpoint once more, now, with a fresh timestamp and the same event id. A failed redelivery is not retried. The endpoint must be enabled.',
  tags: ['Webhooks'],
  scope: 'admin:public_api',
  params: webhookDeliveryIdParams,
  responses: {
    202: { description: 'The attempt is scheduled.', schema: webhookRedelivery },
    409: { description: 'The endpoint is disabled: enable it first.' },
  },
});

export const webhookDeliveryOperations = [listWebhookDeliveries, redeliverWebhookDelivery] as const;
