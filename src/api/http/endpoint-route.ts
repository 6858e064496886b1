import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Endpoint, HttpMethod } from '../../contract/endpoint';
import { requiresIdempotencyKey } from '../../contract/openapi';
import { problemTypes } from '../../contract/problem';
import { ProblemError, sendProblem, validationProblem } from './problem';

export interface EndpointRequest<E extends Endpoint> {
  // NonNullable: the schemas are optional properties of Endpoint, so E['params'] includes undefined.
  params: NonNullable<E['params']> extends z.ZodType
    ? z.output<NonNullable<E['params']>>
    : Record<string, never>;
  query: NonNullable<E['query']> extends z.ZodType
    ? z.output<NonNullable<E['query']>>
    : Record<string, never>;
  body: NonNullable<E['body']> extends z.ZodType ? z.output<NonNullable<E['body']>> : undefined;
  raw: FastifyRequest;
  reply: FastifyReply;
}

export interface EndpointResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type EndpointHandler<E extends Endpoint> = (request: EndpointRequest<E>) => Promise<EndpointResult>;

function fastifyPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown, where: string): unknown {
  if (!schema) return where === 'body' ? undefined : {};
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw validationProblem(where, result.error.issues);
  return result.data;
}

/** Held by the idempotency layer (src/api/idempotency): the proof that a write comes through it. */
export const IDEMPOTENT_WRITE = Symbol('finvis.idempotent-write');

export interface RegisterEndpointOptions {
  /** Set by registerWriteEndpoint only; a write registered without it is refused at start-up. */
  idempotentWrite?: typeof IDEMPOTENT_WRITE;
  /** Runs before params, query and body are parsed (the idempotency layer checks the key here). */
  beforeParse?: (request: FastifyRequest) => void;
}

/** Registers one endpoint of the contract: validation from its schemas, the handler's result sent as JSON. */
export function registerEndpoint<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handler: EndpointHandler<E>,
  options: RegisterEndpointOptions = {},
): void {
  if (requiresIdempotencyKey(endpoint) && options.idempotentWrite !== IDEMPOTENT_WRITE) {
    throw new Error(
      `${endpoint.operationId} (${endpoint.method} ${endpoint.path}) is a write: register it with registerWriteEndpoint from src/api/idempotency, so that it requires an Idempotency-Key.`,
    );
  }
  app.route({
    method: endpoint.method,
    url: fastifyPath(endpoint.path),
    config: { endpoint },
    handler: async (request, reply) => {
      options.beforeParse?.(request);
      const params = parsePart(endpoint.params, request.params, 'path');
      const query = parsePart(endpoint.query, request.query, 'query');
      const body = parsePart(endpoint.body, request.body, 'body');
      const result = await handler({ params, query, body, raw: request, reply } as EndpointRequest<E>);
      if (result.headers) void reply.headers(result.headers);
      return reply.code(result.status).send(result.body);
    },
  });
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/** For every path of the contract, the methods it does not have answer 405 with an Allow header. */
export function registerMethodNotAllowed(app: FastifyInstance, endpoints: readonly Endpoint[]): void {
  const methodsByPath = new Map<string, Set<HttpMethod>>();
  for (const endpoint of endpoints) {
    const methods = methodsByPath.get(endpoint.path) ?? new Set<HttpMethod>();
    methods.add(endpoint.method);
    methodsByPath.set(endpoint.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allowed = [...methods];
    const missing = ALL_METHODS.filter((m) => !methods.has(m));
    if (missing.length === 0) continue;
    app.route({
      method: missing,
      url: fastifyPath(path),
      handler: async (request, reply) =>
        sendProblem(
          request,
          reply,
          new ProblemError(
            405,
            problemTypes.methodNotAllowed,
            'Method Not Allowed',
            `${request.method} is not allowed here; use ${allowed.join(', ')}.`,
            undefined,
            { allow: allowed.join(', ') },
          ),
        ),
    });
  }
}
