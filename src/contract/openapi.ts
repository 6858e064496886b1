import { z } from 'zod';
import { IDEMPOTENCY_KEY_RETENTION_HOURS } from './api-description';
import type { Endpoint } from './endpoint';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';
import { scopeDescriptions } from './scopes';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl?: string;
  /** Descriptions of the operation tags, shown as the sections of the reference. */
  tagDescriptions?: Readonly<Record<string, string>>;
  /** The events the API sends to its clients (OpenAPI 3.1 `webhooks`), and how they are delivered. */
  webhooks?: {
    description: string;
    events: readonly { type: string; summary: string; schema: z.ZodType }[];
  };
}

/** The OpenAPI 3.1 `webhooks` section: one POST per event type, its body the event's named schema. */
function webhookOperations(webhooks: NonNullable<OpenApiInfo['webhooks']>): Record<string, JsonSchema> {
  return Object.fromEntries(
    webhooks.events.map((event) => [
      event.type,
      {
        post: {
          operationId: `${event.type.replace(/\.(\w)/g, (_match, letter: string) => letter.toUpperCase())}Event`,
          summary: event.summary,
          description: webhooks.description,
          tags: ['Webhooks'],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaRef(event.schema) } },
          },
          responses: { '200': { description: 'Any 2xx within 15 seconds acknowledges the event.' } },
          // Finvis calls the receiver: no OAuth token; the signature headers authenticate the call.
          security: [],
        },
      },
    ]),
  );
}

const componentRef = (id: string) => `#/components/schemas/${id}`;

function pascal(operationId: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1);
}

function registeredId(schema: z.ZodType): string | undefined {
  const meta = z.globalRegistry.get(schema);
  return typeof meta?.id === 'string' ? meta.id : undefined;
}

/** Gives every request and response schema a component name, so the document refers instead of repeating. */
function nameSchemas(endpoints: readonly Endpoint[]): { requestIds: Set<string> } {
  const requestIds = new Set<string>();
  for (const endpoint of endpoints) {
    if (endpoint.body) {
      const id = registeredId(endpoint.body) ?? `${pascal(endpoint.operationId)}Request`;
      if (!registeredId(endpoint.body)) z.globalRegistry.add(endpoint.body, { id });
      requestIds.add(id);
    }
    for (const [status, response] of Object.entries(endpoint.responses)) {
      if (response.schema && !registeredId(response.schema)) {
        z.globalRegistry.add(response.schema, { id: `${pascal(endpoint.operationId)}Response${status}` });
      }
    }
  }
  return { requestIds };
}

function componentSchemas(requestIds: Set<string>): Record<string, JsonSchema> {
  const generate = (io: 'input' | 'output') =>
    z.toJSONSchema(z.globalRegistry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: componentRef,
    }).schemas as Record<string, JsonSchema>;
  const output = generate('output');
  const input = generate('input');
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(output)) {
    const chosen = requestIds.has(id) ? (input[id] ?? schema) : schema;
    // zod names each schema with `$id: "#/components/schemas/…"`; JSON Schema 2020-12 forbids a fragment
    // in `$id` (§8.2.1), and the component's place in the document already names it.
    const { $schema: _schema, $id: _id, ...rest } = chosen;
    result[id] = rest;
  }
  return result;
}

function parameters(endpoint: Endpoint): JsonSchema[] {
  const result: JsonSchema[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const generated = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-2020-12',
    });
    // A named schema inside (an enum such as AccountKind) comes out as `#/$defs/<id>`, which would
    // dangle here; every named schema is a component of the document, so refer to that instead.
    const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', `"${componentRef('')}`)) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property;
      result.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      });
    }
  };
  add('path', endpoint.params);
  add('query', endpoint.query);
  return result;
}

/**
 * Every write (a POST that needs a token; the token endpoint is the one POST that does not) requires an
 * `Idempotency-Key`. The API's idempotency layer and this document must agree on this rule.
 */
export function requiresIdempotencyKey(endpoint: Endpoint): boolean {
  return endpoint.method === 'POST' && endpoint.scope !== null;
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** Response header fields the platform sends, described once under `components.headers`. */
const standardHeaders: Record<string, JsonSchema> = {
  'X-Request-Id': {
    description:
      'Identifies this request in our logs; repeated as `request_id` in problem bodies. A sane `X-Request-Id` sent by the caller is kept.',
    schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
  },
  'X-RateLimit-Limit': {
    description: "Requests allowed in the current window for this API client's binding policy.",
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'When the current window ends, as Unix time in seconds.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Policy': {
    description:
      'The quota policies that apply, as a structured-field list (IETF draft RateLimit header fields), e.g. `"per-client";q=600;w=60`.',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'What is left of each policy, e.g. `"per-client";r=598;t=42`.',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 0 },
  },
  'Idempotent-Replayed': {
    description:
      'Present, `true`, when this is the stored response of an earlier request with the same `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
};

const REQUEST_ID_HEADERS = { 'X-Request-Id': headerRef('X-Request-Id') };
const RATE_LIMIT_HEADERS = Object.fromEntries(
  ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'RateLimit-Policy', 'RateLimit'].map(
    (name) => [name, headerRef(name)],
  ),
);

function problemResponse(description: string, headers: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    description,
    headers: { ...REQUEST_ID_HEADERS, ...RATE_LIMIT_HEADERS, ...headers },
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: componentRef('Problem') } } },
  };
}

/** The problem responses the platform gives for whole kinds of operations, under `components.responses`. */
const standardResponses: Record<string, JsonSchema> = {
  BadRequest: problemResponse(
    'The request is not valid (`type` …/problems/validation): `errors[]` lists each failing field and why.',
  ),
  Unauthorized: problemResponse(
    'No bearer token, or it is invalid or expired, or its API client has been revoked. `WWW-Authenticate` says which.',
  ),
  Forbidden: problemResponse(
    'The token lacks the scope this operation needs (`type` …/problems/insufficient-scope).',
  ),
  NotFound: problemResponse(
    'No such resource, or it belongs to another tenant: the two cannot be told apart.',
  ),
  IdempotencyInProgress: problemResponse(
    'A request with the same `Idempotency-Key` is still running; retry after `Retry-After` seconds.',
    { 'Retry-After': headerRef('Retry-After') },
  ),
  IdempotencyMismatch: problemResponse(
    'The `Idempotency-Key` was already used for a different request; use a new key for a new request.',
  ),
  TooManyRequests: problemResponse(
    'The rate limit is exceeded (per API client; per address for requests without a valid token); retry after `Retry-After` seconds.',
    { 'Retry-After': headerRef('Retry-After') },
  ),
};

const standardParameters: Record<string, JsonSchema> = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: `Makes the write safe to retry: 1–255 printable ASCII characters, bare or as a quoted structured-field string. The same key with the same request returns the stored response (with \`Idempotent-Replayed: true\`); keys are per tenant and API client and kept at least ${IDEMPOTENCY_KEY_RETENTION_HOURS} hours.`,
    schema: { type: 'string', pattern: '^[ -~]{1,255}$|^"[ -~]{1,255}"$' },
    example: '0b8e3c1e-9a4f-4c5e-8d1a-2f3b4c5d6e7f',
  },
};

/** The problem responses an operation can give besides those it declares, by what it is. */
function platformResponses(endpoint: Endpoint): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  const idempotent = requiresIdempotencyKey(endpoint);
  if (endpoint.params || endpoint.query || endpoint.body || idempotent)
    result['400'] = responseRef('BadRequest');
  if (endpoint.scope) {
    result['401'] = responseRef('Unauthorized');
    result['403'] = responseRef('Forbidden');
  }
  if (endpoint.params) result['404'] = responseRef('NotFound');
  if (idempotent) {
    result['409'] = responseRef('IdempotencyInProgress');
    result['422'] = responseRef('IdempotencyMismatch');
  }
  // Every request is counted, with a token per API client and without one per address.
  result['429'] = responseRef('TooManyRequests');
  return result;
}

/**
 * The standard components the document refers to, and only those (an unused component is noise to a
 * reader): whatever `paths` refers to, then whatever those components refer to in turn.
 */
function usedComponents(
  paths: unknown,
): Partial<Record<'responses' | 'parameters' | 'headers', Record<string, JsonSchema>>> {
  const available = {
    responses: standardResponses,
    parameters: standardParameters,
    headers: standardHeaders,
  };
  const used = { responses: {}, parameters: {}, headers: {} } as Record<
    keyof typeof available,
    Record<string, JsonSchema>
  >;
  let pending: unknown[] = [paths];
  while (pending.length > 0) {
    const next: unknown[] = [];
    for (const match of JSON.stringify(pending).matchAll(
      /"#\/components\/(responses|parameters|headers)\/([^"]+)"/g,
    )) {
      const kind = match[1] as keyof typeof available;
      const name = match[2] ?? '';
      const component = available[kind][name];
      if (component && !used[kind][name]) {
        used[kind][name] = component;
        next.push(component);
      }
    }
    pending = next;
  }
  return Object.fromEntries(
    Object.entries(used).filter(([, components]) => Object.keys(components).length > 0),
  );
}

/**
 * A write that declares its own 409 or 422 (a state conflict, say) can still get the idempotency
 * problem of that status: one status has one response in OpenAPI, so the declared one says both.
 */
function mentionIdempotencyProblems(declared: Record<string, JsonSchema>): void {
  const problems: [status: string, name: string, headers: Record<string, JsonSchema>][] = [
    ['409', 'IdempotencyInProgress', { 'Retry-After': headerRef('Retry-After') }],
    ['422', 'IdempotencyMismatch', {}],
  ];
  for (const [status, name, headers] of problems) {
    const response = declared[status];
    const standard = standardResponses[name];
    if (!response || !standard) continue;
    declared[status] = {
      ...response,
      description: `${String(response.description)} Or: ${String(standard.description)}`,
      headers: { ...(response.headers as JsonSchema), ...headers },
    };
  }
}

/** Who may call the operation, and what a write needs, so the reference says it beside the operation. */
function operationDescription(endpoint: Endpoint): string {
  const access = endpoint.scope
    ? `Requires an access token with the \`${endpoint.scope}\` scope.`
    : 'Public: no access token needed.';
  const idempotency = requiresIdempotencyKey(endpoint)
    ? ' Send an `Idempotency-Key`: a retry with the same key returns the stored response.'
    : '';
  return [endpoint.description, `${access}${idempotency}`].filter(Boolean).join('\n\n');
}

function schemaRef(schema: z.ZodType): JsonSchema {
  const id = registeredId(schema);
  if (!id) throw new Error('every request and response schema is named before the document is built');
  return { $ref: componentRef(id) };
}

/** Builds the OpenAPI 3.1 document from the endpoint declarations: nothing is written by hand beside them. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], info: OpenApiInfo): JsonSchema {
  const { requestIds } = nameSchemas(endpoints);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags = new Set<string>();

  for (const endpoint of endpoints) {
    endpoint.tags.forEach((tag) => tags.add(tag));
    const idempotent = requiresIdempotencyKey(endpoint);
    const declared: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(endpoint.responses)) {
      const code = Number(status);
      const schema = response.schema ?? (code >= 400 ? problem : undefined);
      // problem+json is for problems: an error status with a body of its own (health's 503) is plain JSON.
      const contentType =
        response.contentType ?? (schema === problem ? PROBLEM_CONTENT_TYPE : 'application/json');
      const success = code >= 200 && code < 300;
      declared[status] = {
        description: response.description,
        headers: {
          ...REQUEST_ID_HEADERS,
          // The rate limiter counts every request and says on the response where the caller stands.
          ...RATE_LIMIT_HEADERS,
          ...(code === 429 ? { 'Retry-After': headerRef('Retry-After') } : {}),
          ...(idempotent && success ? { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') } : {}),
        },
        ...(schema ? { content: { [contentType]: { schema: schemaRef(schema) } } } : {}),
      };
    }
    if (idempotent) mentionIdempotencyProblems(declared);
    // What the endpoint declares wins; the platform's responses fill in the statuses it leaves out.
    const merged: Record<string, JsonSchema> = { ...platformResponses(endpoint), ...declared };
    const responses = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => Number(a) - Number(b)));
    const operation: JsonSchema = {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      description: operationDescription(endpoint),
      tags: endpoint.tags,
      parameters: [
        ...parameters(endpoint),
        ...(idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
      ],
      ...(endpoint.body
        ? {
            requestBody: {
              required: true,
              content: {
                [endpoint.requestContentType ?? 'application/json']: { schema: schemaRef(endpoint.body) },
              },
            },
          }
        : {}),
      responses,
      security: endpoint.scope ? [{ oauth2: [endpoint.scope] }] : [],
      ...(endpoint.scope ? { 'x-required-scope': endpoint.scope } : {}),
    };
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: info.description,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Finvis' },
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    tags: [...tags].sort().map((name) => {
      const description = info.tagDescriptions?.[name];
      return description ? { name, description } : { name };
    }),
    paths,
    ...(info.webhooks ? { webhooks: webhookOperations(info.webhooks) } : {}),
    components: {
      schemas: componentSchemas(requestIds),
      ...usedComponents(paths),
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'OAuth 2.0 client credentials; every token is scoped to one tenant.',
          flows: {
            clientCredentials: {
              tokenUrl: '/public/auth/token/',
              scopes: scopeDescriptions,
            },
          },
        },
      },
    },
  };
}
