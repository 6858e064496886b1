import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Endpoint } from '../../contract/endpoint';
import { requiresIdempotencyKey } from '../../contract/openapi';
import { PROBLEM_CONTENT_TYPE, problemTypes } from '../../contract/problem';
import type { Database, DatabaseHandle } from '../db/client';
import { withTenant } from '../db/tenant-scope';
import {
  IDEMPOTENT_WRITE,
  registerEndpoint,
  type EndpointRequest,
  type EndpointResult,
} from '../http/endpoint-route';
import { problemBody, ProblemError } from '../http/problem';
import { parseIdempotencyKey, requestFingerprint } from './key';
import { IdempotencyStore, LostClaimError, type IdempotencyScope, type StoredResponse } from './store';

/** Seconds a client is told to wait when the first request with its key is still running. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface WriteInput<E extends Endpoint> {
  params: EndpointRequest<E>['params'];
  query: EndpointRequest<E>['query'];
  body: EndpointRequest<E>['body'];
  request: FastifyRequest;
}

export interface WriteContext<E extends Endpoint, P> extends WriteInput<E> {
  /** The tenant-scoped transaction of the write; the stored response commits in it too. */
  tx: Database;
  /** What `prepare` returned. */
  prepared: P;
}

export type WriteHandler<E extends Endpoint, P> = (context: WriteContext<E, P>) => Promise<EndpointResult>;

export interface WriteEndpointOptions<E extends Endpoint, P> {
  /**
   * Checks of the request that need no database (beyond its schemas), run before the key is claimed:
   * a problem thrown here is not stored, just like a schema validation failure, so the client can
   * fix the request and send it again with the same key.
   */
  validate?: (input: WriteInput<E>) => void;
  /**
   * Slow work that needs no database (a DNS lookup, a call to another system), run after the key is
   * claimed and before the write's transaction opens, so that no transaction waits on it. A 4xx
   * problem thrown here is stored and replayed like one thrown by the handler.
   */
  prepare?: (input: WriteInput<E>) => Promise<P>;
}

const stores = new WeakMap<Database, IdempotencyStore>();

function storeFor(db: Database): IdempotencyStore {
  let store = stores.get(db);
  if (!store) {
    store = new IdempotencyStore(db);
    stores.set(db, store);
  }
  return store;
}

/** The key of this request, or a 400 problem (type …/problems/idempotency) saying what is wrong with it. */
export function requireIdempotencyKey(request: FastifyRequest): string {
  const parsed = parseIdempotencyKey(request.headers['idempotency-key']);
  if (parsed.ok) return parsed.key;
  throw new ProblemError(
    400,
    problemTypes.idempotency,
    parsed.missing ? 'Idempotency-Key required' : 'Invalid Idempotency-Key',
    parsed.reason,
  );
}

function inProgressProblem(): ProblemError {
  return new ProblemError(
    409,
    problemTypes.idempotency,
    'Request in progress',
    `A request with this Idempotency-Key is still running; retry after ${IN_PROGRESS_RETRY_AFTER_SECONDS} second(s).`,
    undefined,
    { 'retry-after': String(IN_PROGRESS_RETRY_AFTER_SECONDS) },
  );
}

function mismatchProblem(): ProblemError {
  return new ProblemError(
    422,
    problemTypes.idempotency,
    'Idempotency-Key reused',
    'This Idempotency-Key was used for a different request (method, path or body); use a new key for a new request.',
  );
}

/** The handler's result as it is sent and stored: the body serialised once, so a replay is byte-identical. */
function toStored(result: EndpointResult): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = value;
  if (result.body === undefined) return { status: result.status, body: null, headers };
  headers['content-type'] ??= JSON_CONTENT_TYPE;
  const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return { status: result.status, body, headers };
}

function problemToStored(request: FastifyRequest, error: ProblemError): StoredResponse {
  const body = problemBody(request, error);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.headers)) headers[name.toLowerCase()] = value;
  headers['content-type'] = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
  return { status: error.status, body: JSON.stringify(body), headers };
}

function send(response: StoredResponse, replayed: boolean): EndpointResult {
  const headers = replayed ? { ...response.headers, 'idempotent-replayed': 'true' } : { ...response.headers };
  return response.body === null
    ? { status: response.status, headers }
    : { status: response.status, body: response.body, headers };
}

/** A 5xx result: it rolls the write back and releases the key like a thrown error, then is sent as is. */
class ServerErrorResult extends Error {
  constructor(readonly result: EndpointResult) {
    super(`The handler answered ${result.status}.`);
  }
}

/**
 * Registers a write endpoint (every POST that needs a token) behind the idempotency layer:
 *
 * 1. `Idempotency-Key` is required (400 problem when missing or malformed), checked before the request
 *    is parsed.
 * 2. The key is claimed in a short transaction of its own. Same key and same request (method, path,
 *    body) after completion: the stored status, headers and body again, with `Idempotent-Replayed:
 *    true`. Same key, different request: 422. Same key while the first still runs: 409 + Retry-After.
 * 3. The handler runs in the tenant's transaction, and the response is stored in that same
 *    transaction: the write and its stored response commit together or not at all.
 * 4. A thrown error or a 5xx result rolls the write back and releases the key, so a retry runs anew.
 *    A 4xx (returned, or thrown as a ProblemError) is stored and replayed like a success, as Stripe
 *    does: the write's own changes roll back when it is thrown.
 */
export function registerWriteEndpoint<E extends Endpoint, P = void>(
  app: FastifyInstance,
  endpoint: E,
  services: { database: DatabaseHandle },
  handler: WriteHandler<E, P>,
  options: WriteEndpointOptions<E, P> = {},
): void {
  if (!requiresIdempotencyKey(endpoint)) {
    throw new Error(
      `${endpoint.operationId} is not a write (a POST that needs a token); use registerEndpoint.`,
    );
  }
  const db = services.database.db;
  const store = storeFor(db);

  registerEndpoint(
    app,
    endpoint,
    async ({ params, query, body, raw: request }) => {
      const key = requireIdempotencyKey(request);
      const input: WriteInput<E> = { params, query, body, request };
      options.validate?.(input);
      const auth = request.auth;
      if (!auth) throw new Error(`${endpoint.operationId} ran without an authenticated client.`);
      const scope: IdempotencyScope = { tenantId: auth.tenantId, clientId: auth.clientId, key };

      try {
        await store.purgeExpired();
      } catch (error) {
        request.log.warn({ err: error }, 'could not purge expired idempotency keys');
      }

      const claim = await store.claim(scope, requestFingerprint(request.method, request.url, request.body));
      if (claim.kind === 'replay') return send(claim.response, true);
      if (claim.kind === 'mismatch') throw mismatchProblem();
      if (claim.kind === 'in_progress') throw inProgressProblem();

      try {
        const prepared = options.prepare ? await options.prepare(input) : (undefined as P);
        const response = await withTenant(db, auth.tenantId, async (tx) => {
          const result = await handler({ ...input, tx, prepared });
          if (result.status >= 500) throw new ServerErrorResult(result);
          const stored = toStored(result);
          await store.complete(tx, scope, claim.lockToken, stored);
          return stored;
        });
        return send(response, false);
      } catch (error) {
        if (error instanceof ProblemError && error.status < 500) {
          const stored = problemToStored(request, error);
          try {
            await store.completeAlone(scope, claim.lockToken, stored);
          } catch (storeError) {
            if (storeError instanceof LostClaimError) throw inProgressProblem();
            throw storeError;
          }
          return send(stored, false);
        }
        try {
          await store.release(scope, claim.lockToken);
        } catch (releaseError) {
          // The lock expires on its own after IDEMPOTENCY_LOCK_SECONDS.
          request.log.warn({ err: releaseError }, 'could not release an idempotency key');
        }
        if (error instanceof LostClaimError) throw inProgressProblem();
        if (error instanceof ServerErrorResult) return error.result;
        throw error;
      }
    },
    {
      idempotentWrite: IDEMPOTENT_WRITE,
      beforeParse: (request) => void requireIdempotencyKey(request),
    },
  );
}
