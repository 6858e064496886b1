import type { FastifyReply, FastifyRequest } from 'fastify';
import { issueToken } from '../../contract/auth';
import type { createAuthenticator } from '../auth/authenticate';
import { applyRateLimit, rateLimitProblem } from '../rate-limit/apply';
import { clientKey, clientPolicy, addressForRateLimit, type RateLimitPolicy } from '../rate-limit/keys';
import type { RateLimitStore } from '../rate-limit/limiter';

/** Requests that carry no valid token (health, the reference, refused calls) are counted per address. */
export const ANONYMOUS_PER_ADDRESS_POLICY: RateLimitPolicy = {
  limit: 300,
  windowSeconds: 60,
  policyName: 'per-address',
};

/**
 * The first thing every request meets: who is calling (token, client, scope), then the rate limit
 * of that caller, so that every response — a 401 too — carries the X-RateLimit-* headers. The token
 * endpoint counts its own requests once it has read the form (per client id and per address).
 */
export function createRequestGuard(
  authenticate: ReturnType<typeof createAuthenticator>,
  store: RateLimitStore,
) {
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let authError: Error | null = null;
    try {
      await authenticate(request, reply);
    } catch (error) {
      authError = error instanceof Error ? error : new Error(String(error));
    }
    if (request.routeOptions.config.endpoint !== issueToken) {
      const { decision, headers } = request.auth
        ? await applyRateLimit(store, {
            key: clientKey(request.auth.clientId),
            ...clientPolicy(request.auth.rateLimitPerMinute),
          })
        : await applyRateLimit(store, {
            key: `addr:${addressForRateLimit(request.ip)}`,
            ...ANONYMOUS_PER_ADDRESS_POLICY,
          });
      void reply.headers(headers);
      if (!decision.allowed) throw rateLimitProblem([decision], headers);
    }
    if (authError) throw authError;
  };
}
