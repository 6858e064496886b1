import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Endpoint } from '../../contract/endpoint';
import { problemTypes } from '../../contract/problem';
import type { Scope } from '../../contract/scopes';
import { ProblemError } from '../http/problem';
import type { TokenIssuer } from './access-token';
import type { ClientStatusCache } from './client-status';

export interface AuthContext {
  tenantId: string;
  clientId: string;
  scopes: Scope[];
  rateLimitPerMinute: number;
  /** The person the calling client acts for (`Finvis-Acting-User`), recorded with every write. */
  actingUser: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    endpoint?: Endpoint;
  }
}

const REALM = 'realm="finvis"';

function unauthorized(detail: string, tokenSent: boolean): ProblemError {
  const challenge = tokenSent
    ? `Bearer ${REALM}, error="invalid_token", error_description="${detail.replaceAll('"', "'")}"`
    : `Bearer ${REALM}`;
  return new ProblemError(401, problemTypes.unauthorized, 'Unauthorized', detail, undefined, {
    'www-authenticate': challenge,
  });
}

type BearerCredentials = { kind: 'absent' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** The bearer token of an Authorization header (RFC 6750 §2.1 syntax). */
function bearerToken(header: string | undefined): BearerCredentials {
  if (!header) return { kind: 'absent' };
  const token = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header)?.[1];
  return token ? { kind: 'token', token } : { kind: 'malformed' };
}

const ACTING_USER = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/** The subject a client asserts it acts for; printable ASCII, at most 255 characters, else ignored. */
function actingUser(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && ACTING_USER.test(header) ? header : null;
}

/**
 * Authenticates and authorises one request to a scoped endpoint: a valid token of ours, from a
 * client that is still active, carrying the scope the endpoint declares. Sets `request.auth`.
 */
export function createAuthenticator(tokens: TokenIssuer, clients: ClientStatusCache) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.auth = null;
    const endpoint = request.routeOptions.config.endpoint;
    if (!endpoint?.scope) return;

    const credentials = bearerToken(request.headers.authorization);
    if (credentials.kind === 'absent')
      throw unauthorized('This endpoint needs a Bearer access token.', false);
    if (credentials.kind === 'malformed')
      throw unauthorized('The Authorization header is not a Bearer token.', true);
    const claims = await tokens.verify(credentials.token);
    if (!claims) throw unauthorized('The access token is invalid or has expired.', true);
    const client = await clients.get(claims.clientId);
    if (!client?.active || client.tenantId !== claims.tenantId) {
      throw unauthorized('The API client of this token has been revoked.', true);
    }
    if (!claims.scopes.includes(endpoint.scope)) {
      throw new ProblemError(
        403,
        problemTypes.forbidden,
        'Insufficient scope',
        `This endpoint needs the scope ${endpoint.scope}.`,
        undefined,
        { 'www-authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${endpoint.scope}"` },
      );
    }
    request.auth = {
      tenantId: claims.tenantId,
      clientId: claims.clientId,
      scopes: claims.scopes,
      rateLimitPerMinute: client.rateLimitPerMinute,
      actingUser: actingUser(request.headers['finvis-acting-user']),
    };
    clients.touch(claims.clientId, (error) => request.log.warn({ err: error }, 'could not record last use'));
  };
}
