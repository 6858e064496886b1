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
  /** Their display name (`Finvis-Acting-User-Name`, percent-encoded UTF-8); null when not given. */
  actingUserName: string | null;
  /** Their roles (`Finvis-Acting-User-Roles`, comma-separated, e.g. `cfo`), asserted by the client. */
  actingUserRoles: string[];
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

/** A display name: percent-encoded UTF-8, at most 200 characters, no control characters; else ignored. */
function actingUserName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header.length > 1000) return null;
  let name: string;
  try {
    name = decodeURIComponent(header).trim();
  } catch {
    return null;
  }
  const hasControl = [...name].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c.codePointAt(0) === 0x7f);
  return name.length > 0 && name.length <= 200 && !hasControl ? name : null;
}

const ROLE = /^[a-z][a-z0-9_-]{0,39}$/;

/** Roles: comma-separated lowercase tokens; malformed ones are ignored. */
function actingUserRoles(header: string | string[] | undefined): string[] {
  if (typeof header !== 'string') return [];
  const roles = header
    .split(',')
    .map((role) => role.trim().toLowerCase())
    .filter((role) => ROLE.test(role));
  return [...new Set(roles)].slice(0, 20);
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
    request.auth = {
      tenantId: claims.tenantId,
      clientId: claims.clientId,
      scopes: claims.scopes,
      rateLimitPerMinute: client.rateLimitPerMinute,
      actingUser: actingUser(request.headers['finvis-acting-user']),
      actingUserName: actingUserName(request.headers['finvis-acting-user-name']),
      actingUserRoles: actingUserRoles(request.headers['finvis-acting-user-roles']),
    };
    // The caller is known from here on: a refusal for scope counts against its own rate limit (the
    // guard rethrows it after counting), not against whoever shares its address.
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
    clients.touch(claims.clientId, (error) => request.log.warn({ err: error }, 'could not record last use'));
  };
}
