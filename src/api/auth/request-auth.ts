import type { FastifyRequest } from 'fastify';
import type { AuthContext } from './authenticate';

/**
 * The caller of a route that needs a token. The authenticator ran before the handler (the route declares
 * a scope), so a request without one here is a bug in the route's registration, not a client error.
 */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth)
    throw new Error(`${request.method} ${request.url} reached its handler without authentication`);
  return request.auth;
}

export function tenantOf(request: FastifyRequest): string {
  return authOf(request).tenantId;
}
