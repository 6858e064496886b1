import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemTypes } from '../../contract/problem';
import type { Scope } from '../../contract/scopes';
import { scopesForRoles, type RoleScopes } from '../../contract/scopes';
import type { UserTokenVerifier } from '../auth/user-token';
import { sendBffProblem } from '../http/problem';
import { callUpstream, type UpstreamResult } from '../upstream';
import { buildAllowlist, matchRoute } from './allowlist';
import { FinvisTokenError, type FinvisToken, type FinvisTokenSource } from './finvis-tokens';

export interface ProxyOptions {
  apiUrl: string;
  timeoutMs: number;
  /** The tenant (by name) of the BFF's Finvis client: the only tenant whose users it serves. */
  tenant: string;
  roleScopes: RoleScopes;
  tokens: FinvisTokenSource;
  /** Resolves once the identity provider is known (the embedded one starts after the BFF listens). */
  verifier: () => UserTokenVerifier | null;
}

/**
 * The only request headers that reach the API from the browser; the BFF adds its own. Accept-Encoding
 * lets the API send an answer it keeps compressed once, which passes through as it is.
 */
const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-encoding', 'content-type', 'idempotency-key'] as const;
/** The API's response headers the browser sees; everything else stays behind the BFF. */
const FORWARDED_RESPONSE_HEADERS = new Set([
  'content-type',
  'content-encoding',
  'vary',
  'cache-control',
  'etag',
  'location',
  'retry-after',
  'idempotent-replayed',
  'ratelimit',
  'ratelimit-policy',
]);

function forwardedResponseHeader(name: string): boolean {
  return FORWARDED_RESPONSE_HEADERS.has(name) || name.startsWith('x-ratelimit-');
}

/** The API's own limit: bank statement files pass through the BFF whole. */
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** `/api/*` → `${FINVIS_API_URL}/public/*`, for the routes of the contract only. */
export function registerProxy(app: FastifyInstance, options: ProxyOptions): void {
  const allowlist = buildAllowlist();

  void app.register((scope, _options, done) => {
    // Bodies pass through as bytes; the API validates them, the BFF never re-serialises.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.all('/api', async (request, reply) =>
      sendBffProblem(request, reply, 404, problemTypes.notFound, 'Not Found', 'No route here.'),
    );

    scope.all('/api/*', async (request, reply) => {
      const [rawPath = '', query] = splitOnce(request.url, '?');
      const path = rawPath.slice('/api'.length);
      const route = matchRoute(allowlist, request.method, path);
      if (!route) {
        return sendBffProblem(
          request,
          reply,
          404,
          problemTypes.notFound,
          'Not Found',
          `No route ${request.method} ${rawPath}.`,
        );
      }
      const target = `${options.apiUrl}/public${path}${query === undefined ? '' : `?${query}`}`;
      const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
      const headers: Record<string, string> = { 'x-request-id': request.id };
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const method = request.method;

      if (route.endpoint.scope === null) {
        const upstream = await callUpstream(target, { method, headers, body, timeoutMs: options.timeoutMs });
        return relay(request, reply, upstream);
      }

      const verify = options.verifier();
      if (!verify) {
        return sendBffProblem(
          request,
          reply,
          503,
          problemTypes.unavailable,
          'Sign-in starting',
          'The identity provider is not ready yet; try again in a moment.',
        );
      }
      const outcome = await verify(request.headers.authorization);
      if (!outcome.ok) {
        if (outcome.reason === 'unavailable') {
          return sendBffProblem(
            request,
            reply,
            503,
            problemTypes.unavailable,
            'Sign-in unavailable',
            outcome.detail,
          );
        }
        void reply.header(
          'www-authenticate',
          outcome.reason === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"',
        );
        return sendBffProblem(request, reply, 401, problemTypes.unauthorized, 'Unauthorized', outcome.detail);
      }
      const { user } = outcome;
      if (user.tenant !== options.tenant) {
        return sendBffProblem(
          request,
          reply,
          403,
          problemTypes.forbidden,
          'Forbidden',
          'Your account belongs to another tenant than this Finvis dashboard serves.',
        );
      }
      const scopes = scopesForRoles(options.roleScopes, user.roles);
      if (scopes.length === 0) {
        return sendBffProblem(
          request,
          reply,
          403,
          problemTypes.forbidden,
          'Forbidden',
          'None of your roles grants access to Finvis.',
        );
      }
      headers['finvis-acting-user'] = user.subject;
      // Who decided, by name, and the roles an approval policy may ask for (e.g. the CFO's).
      if (user.name) headers['finvis-acting-user-name'] = encodeURIComponent(user.name);
      if (user.roles.length > 0) headers['finvis-acting-user-roles'] = user.roles.join(', ');

      const forward = async (token: FinvisToken) =>
        callUpstream(target, {
          method,
          headers: { ...headers, authorization: `Bearer ${token.accessToken}` },
          body,
          timeoutMs: options.timeoutMs,
        });
      try {
        let token = await options.tokens.get(scopes);
        let upstream = await forward(token);
        if (upstream.ok && upstream.status === 401) {
          // The API no longer accepts the cached token (a key rotation, a restart): fetch anew, once.
          options.tokens.invalidate(scopes, token);
          token = await options.tokens.get(scopes);
          upstream = await forward(token);
          if (upstream.ok && upstream.status === 401) return credentialsRefused(request, reply, scopes);
        }
        return relay(request, reply, upstream);
      } catch (error) {
        if (error instanceof FinvisTokenError) return tokenProblem(request, reply, error);
        throw error;
      }
    });
    done();
  });
}

function splitOnce(value: string, separator: string): [string, string | undefined] {
  const index = value.indexOf(separator);
  return index === -1 ? [value, undefined] : [value.slice(0, index), value.slice(index + 1)];
}

function relay(request: FastifyRequest, reply: FastifyReply, upstream: UpstreamResult): FastifyReply {
  if (!upstream.ok) {
    request.log.warn({ reason: upstream.reason, error: upstream.message }, 'Finvis API did not answer');
    return upstream.reason === 'timeout'
      ? sendBffProblem(
          request,
          reply,
          504,
          problemTypes.gatewayTimeout,
          'Gateway Timeout',
          'The Finvis API did not answer in time.',
        )
      : sendBffProblem(
          request,
          reply,
          502,
          problemTypes.badGateway,
          'Bad Gateway',
          'The Finvis API cannot be reached.',
        );
  }
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined) continue;
    if (name === 'x-request-id') void reply.header('x-upstream-request-id', value);
    else if (name === 'location' && typeof value === 'string')
      void reply.header('location', value.replace(/^\/public\//, '/api/'));
    else if (forwardedResponseHeader(name)) void reply.header(name, value);
  }
  return reply.code(upstream.status).send(upstream.body);
}

function tokenProblem(request: FastifyRequest, reply: FastifyReply, error: FinvisTokenError): FastifyReply {
  request.log.error({ reason: error.reason, error: error.message }, 'no Finvis token for the BFF');
  switch (error.reason) {
    case 'timeout':
      return sendBffProblem(
        request,
        reply,
        504,
        problemTypes.gatewayTimeout,
        'Gateway Timeout',
        'The Finvis API did not answer in time.',
      );
    case 'unreachable':
      return sendBffProblem(
        request,
        reply,
        502,
        problemTypes.badGateway,
        'Bad Gateway',
        'The Finvis API cannot be reached.',
      );
    case 'no-credentials':
      return sendBffProblem(
        request,
        reply,
        503,
        problemTypes.unavailable,
        'Service Unavailable',
        'The dashboard has no Finvis API credentials configured.',
      );
    case 'rejected':
      return sendBffProblem(
        request,
        reply,
        502,
        problemTypes.badGateway,
        'Bad Gateway',
        'The Finvis API refused the dashboard\u2019s credentials.',
      );
  }
}

function credentialsRefused(
  request: FastifyRequest,
  reply: FastifyReply,
  scopes: readonly Scope[],
): FastifyReply {
  request.log.error({ scopes }, 'the Finvis API refused a fresh token of the BFF');
  return sendBffProblem(
    request,
    reply,
    502,
    problemTypes.badGateway,
    'Bad Gateway',
    'The Finvis API refused the dashboard\u2019s credentials.',
  );
}
