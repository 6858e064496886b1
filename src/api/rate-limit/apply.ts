import { problemTypes } from '../../contract/problem';
import { ProblemError } from '../http/problem';
import { combinedRateLimitHeaders } from './headers';
import type { RateLimitDecision, RateLimitStore } from './limiter';

export interface RateLimitCheck {
  /** See keys.ts: `client:<clientId>`, `token:client:<clientId>`, `token:addr:<ip>`. */
  key: string;
  limit: number;
  windowSeconds: number;
  policyName: string;
}

export interface RateLimitOutcome {
  decision: RateLimitDecision;
  /** Set these on the response, whatever its status; they include `Retry-After` when denied. */
  headers: Record<string, string>;
}

/**
 * Counts one request under one policy. For an onRequest hook:
 *
 *   const { decision, headers } = await applyRateLimit(store, { key: clientKey(id), ...clientPolicy(override) });
 *   reply.headers(headers);
 *   if (!decision.allowed) throw rateLimitProblem([decision], headers);
 */
export async function applyRateLimit(
  store: RateLimitStore,
  check: RateLimitCheck,
  now: number = Date.now(),
): Promise<RateLimitOutcome> {
  const decision = {
    ...(await store.hit(check.key, check.limit, check.windowSeconds, now)),
    policyName: check.policyName,
  };
  return { decision, headers: combinedRateLimitHeaders([decision], now) };
}

export interface RateLimitsOutcome {
  /** True when every policy allowed the request. */
  allowed: boolean;
  decisions: RateLimitDecision[];
  headers: Record<string, string>;
}

/**
 * Counts one request under several policies at once (the token endpoint: per client id and per
 * address); the request is allowed only if all allow it. Every policy counts the request.
 */
export async function applyRateLimits(
  store: RateLimitStore,
  checks: readonly RateLimitCheck[],
  now: number = Date.now(),
): Promise<RateLimitsOutcome> {
  if (checks.length === 0) throw new RangeError('applyRateLimits needs at least one check');
  const decisions = await Promise.all(
    checks.map(async (check) => ({
      ...(await store.hit(check.key, check.limit, check.windowSeconds, now)),
      policyName: check.policyName,
    })),
  );
  return {
    allowed: decisions.every((d) => d.allowed),
    decisions,
    headers: combinedRateLimitHeaders(decisions, now),
  };
}

/** The 429 problem (RFC 9457) for denied decisions, carrying the rate-limit headers and `Retry-After`. */
export function rateLimitProblem(
  decisions: readonly RateLimitDecision[],
  headers: Record<string, string>,
): ProblemError {
  const violated = decisions.filter((d) => !d.allowed).map((d) => d.policyName);
  const retryAfter = headers['Retry-After'];
  return new ProblemError(
    429,
    problemTypes.rateLimited,
    'Too Many Requests',
    `Rate limit exceeded (${violated.join(', ') || 'rate limit'}).` +
      (retryAfter ? ` Retry after ${retryAfter} seconds.` : ''),
    undefined,
    headers,
  );
}
