import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueToken } from './auth';
import { defineEndpoint } from './endpoint';
import { publicEndpoints } from './endpoints';
import { getHealth } from './health';
import { buildOpenApiDocument, requiresIdempotencyKey } from './openapi';

const document = buildOpenApiDocument(publicEndpoints, {
  title: 'Finvis Public API',
  version: '0.1.0',
  description: 'Test',
}) as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
      }
    >
  >;
  components: {
    schemas: Record<string, { type?: string; properties?: Record<string, unknown>; required?: string[] }>;
  };
};

describe('the OpenAPI document generated from the contract', () => {
  it('is OpenAPI 3.1 and lists every endpoint of the contract', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const endpoint of publicEndpoints) {
      expect(document.paths[endpoint.path]?.[endpoint.method.toLowerCase()]?.operationId).toBe(
        endpoint.operationId,
      );
    }
  });

  it('describes responses by reference to named schemas generated from the zod types', () => {
    const ok = document.paths['/public/health']?.get?.responses['200'];
    expect(ok?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/Health');
    const health = document.components.schemas.Health;
    expect(health?.type).toBe('object');
    expect(health?.required).toEqual(expect.arrayContaining(['status', 'version', 'time', 'database']));
  });

  it('includes the problem+json error shape and the money convention', () => {
    expect(document.components.schemas.Problem?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status']),
    );
    const money = document.components.schemas.Money;
    expect(money?.properties).toHaveProperty('amount');
    expect(money?.properties).toHaveProperty('currency');
  });

  it('resolves every $ref inside the document', () => {
    expectEveryRefResolves(document);
  });
});

/** Follows a local JSON pointer (`#/components/schemas/Money`) through the document. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) =>
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined,
      root,
    );
}

function expectEveryRefResolves(root: unknown): void {
  const refs = [...JSON.stringify(root).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] ?? '');
  expect(refs.length).toBeGreaterThan(0);
  for (const ref of refs) expect(resolvePointer(root, ref), ref).toBeDefined();
}

type Json = Record<string, unknown>;
const at = (root: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, part) => (node !== null && typeof node === 'object' ? (node as Json)[part] : undefined),
    root,
  );

const widgetId = z.object({ id: z.string().meta({ description: 'The widget id.' }) });
const widget = z.object({ id: z.string(), name: z.string() }).meta({ id: 'TestWidget' });

/** Endpoints of the kinds the contract will have: a scoped read of one resource and a scoped write. */
const getWidget = defineEndpoint({
  operationId: 'getWidget',
  method: 'GET',
  path: '/public/widgets/{id}',
  summary: 'One widget',
  description: 'Reads a widget.',
  tags: ['Widgets'],
  scope: 'read:ledger',
  params: widgetId,
  responses: { 200: { description: 'The widget.', schema: widget } },
});
const createWidget = defineEndpoint({
  operationId: 'createWidget',
  method: 'POST',
  path: '/public/widgets',
  summary: 'Create a widget',
  tags: ['Widgets'],
  scope: 'write:payments',
  body: z.object({ name: z.string() }),
  responses: {
    201: { description: 'Created.', schema: widget },
    409: { description: 'A widget of that name exists.' },
  },
});

const scoped = buildOpenApiDocument([...publicEndpoints, getWidget, createWidget], {
  title: 'Finvis Public API',
  version: '0.1.0',
  description: 'Test',
  tagDescriptions: { Platform: 'The API itself.' },
});

describe('what the generator adds to every operation from the platform', () => {
  it('gives every operation an operationId and a description that says who may call it', () => {
    expect(at(scoped, 'paths', '/public/widgets/{id}', 'get', 'description')).toBe(
      'Reads a widget.\n\nRequires an access token with the `read:ledger` scope.',
    );
    expect(at(scoped, 'paths', '/public/health', 'get', 'description')).toBe(
      'Public: no access token needed.',
    );
    expect(at(scoped, 'paths', '/public/widgets', 'post', 'description')).toMatch(
      /`write:payments` scope\. Send an `Idempotency-Key`/,
    );
    expect(at(scoped, 'paths', '/public/widgets/{id}', 'get', 'security')).toEqual([
      { oauth2: ['read:ledger'] },
    ]);
  });

  it('adds the 400, 401, 403, 404 and 429 problems to a scoped read of one resource', () => {
    const responses = at(scoped, 'paths', '/public/widgets/{id}', 'get', 'responses') as Json;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '429']);
    expect(responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(responses['403']).toEqual({ $ref: '#/components/responses/Forbidden' });
    expect(responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    expect(at(scoped, 'components', 'responses', 'TooManyRequests', 'headers')).toHaveProperty('Retry-After');
    expect(
      at(scoped, 'components', 'responses', 'Unauthorized', 'content', 'application/problem+json', 'schema'),
    ).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('requires an Idempotency-Key on every write, with its 409 and 422, and says when a response is replayed', () => {
    expect(requiresIdempotencyKey(createWidget)).toBe(true);
    expect(requiresIdempotencyKey(issueToken)).toBe(false);
    expect(requiresIdempotencyKey(getWidget)).toBe(false);
    const post = at(scoped, 'paths', '/public/widgets', 'post') as Json;
    expect(post.parameters).toEqual([{ $ref: '#/components/parameters/IdempotencyKey' }]);
    expect(at(scoped, 'components', 'parameters', 'IdempotencyKey')).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
    });
    expect(at(scoped, 'components', 'parameters', 'IdempotencyKey', 'description')).toMatch(
      /at least 24 hours/,
    );
    const responses = post.responses as Json;
    expect(Object.keys(responses)).toEqual(['201', '400', '401', '403', '409', '422', '429']);
    expect(responses['422']).toEqual({ $ref: '#/components/responses/IdempotencyMismatch' });
    expect(at(responses, '201', 'headers', 'Idempotent-Replayed')).toEqual({
      $ref: '#/components/headers/Idempotent-Replayed',
    });
    expect(at(responses, '409', 'headers')).toHaveProperty('Retry-After');
  });

  it('keeps what an endpoint declares over the platform response of the same status', () => {
    // …and a write's own 409 also mentions the idempotency 409, since one status has one response.
    expect(at(scoped, 'paths', '/public/widgets', 'post', 'responses', '409', 'description')).toBe(
      'A widget of that name exists. Or: A request with the same `Idempotency-Key` is still running; retry after `Retry-After` seconds.',
    );
    expect(
      at(
        scoped,
        'paths',
        '/public/auth/token',
        'post',
        'responses',
        '400',
        'content',
        'application/json',
        'schema',
      ),
    ).toEqual({ $ref: '#/components/schemas/OAuthError' });
  });

  it('describes request ids and rate-limit headers on responses, and 429 even without a token', () => {
    const ok = at(scoped, 'paths', '/public/health', 'get', 'responses', '200', 'headers') as Json;
    expect(Object.keys(ok)).toEqual(
      expect.arrayContaining([
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ]),
    );
    expect(at(scoped, 'paths', '/public/health', 'get', 'responses', '429')).toEqual({
      $ref: '#/components/responses/TooManyRequests',
    });
    expect(at(scoped, 'paths', '/public/health', 'get', 'responses', '401')).toBeUndefined();
  });

  it("uses the endpoint's request content type and plain JSON for an error status with its own schema", () => {
    expect(
      Object.keys(at(scoped, 'paths', issueToken.path, 'post', 'requestBody', 'content') as Json),
    ).toEqual(['application/x-www-form-urlencoded']);
    expect(
      Object.keys(at(scoped, 'paths', getHealth.path, 'get', 'responses', '503', 'content') as Json),
    ).toEqual(['application/json']);
  });

  it('describes tags, emits only the standard components it uses, and resolves every $ref', () => {
    expect(at(scoped, 'tags')).toEqual(
      expect.arrayContaining([{ name: 'Platform', description: 'The API itself.' }, { name: 'Widgets' }]),
    );
    expect(at(scoped, 'components', 'responses', 'NotFound')).toBeDefined();
    const healthOnly = buildOpenApiDocument([getHealth], { title: 'T', version: '0', description: 'D' });
    expect(Object.keys(at(healthOnly, 'components', 'responses') as Json)).toEqual(['TooManyRequests']);
    expect(at(healthOnly, 'components', 'parameters')).toBeUndefined();
    expect(at(healthOnly, 'components', 'headers', 'Idempotent-Replayed')).toBeUndefined();
    expectEveryRefResolves(scoped);
  });

  it('has no fragment-only $id in component schemas (JSON Schema 2020-12 forbids it)', () => {
    expect(JSON.stringify(scoped)).not.toContain('"$id"');
  });
});
