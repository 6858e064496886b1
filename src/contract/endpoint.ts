import type { z } from 'zod';
import type { Scope } from './scopes';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface EndpointResponse {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json; problems use application/problem+json. */
  contentType?: string;
}

/**
 * One public API operation, declared once: the server registers its route and validation from it,
 * the OpenAPI document describes it from it, and the scope it needs sits right here beside the path.
 */
export interface Endpoint<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, e.g. `/public/accounts/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** null: public, no token needed. */
  scope: Scope | null;
  params?: Params;
  query?: Query;
  body?: Body;
  /** Defaults to application/json; the token endpoint takes a form (RFC 6749), imports take a file. */
  requestContentType?: 'application/json' | 'application/x-www-form-urlencoded' | 'application/octet-stream';
  responses: Record<number, EndpointResponse>;
}

export function defineEndpoint<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
>(endpoint: Endpoint<Params, Query, Body>): Endpoint<Params, Query, Body> {
  return endpoint;
}
