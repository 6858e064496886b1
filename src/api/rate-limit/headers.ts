import { secondsUntil, type RateLimitDecision } from './limiter';

/**
 * Response header fields for rate-limit decisions.
 *
 * - `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` as GitHub sends them; the reset
 *   is the UTC epoch second at which the window ends.
 * - `RateLimit-Policy` and `RateLimit` as structured-field Lists (RFC 9651) per
 *   draft-ietf-httpapi-ratelimit-headers-11 (23 May 2026, the latest revision; the syntax is
 *   unchanged from -09/-10): a quota policy item is a String naming the policy with `q` (quota) and
 *   `w` (window, seconds) parameters, a service limit item is the same String with `r` (available
 *   quota) and `t` (effective window: seconds until the quota is restored), e.g.
 *   `RateLimit-Policy: "per-client";q=600;w=60` and `RateLimit: "per-client";r=598;t=42`.
 * - `Retry-After` (delay-seconds) only when denied. The draft (§6) says it SHOULD NOT point earlier
 *   than the end of the effective window: it is computed from the same instant, so it equals `t`.
 */

/** Header names exactly as sent (Fastify and HTTP treat them case-insensitively). */
export const RATE_LIMIT_HEADER_NAMES = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'RateLimit-Policy',
  'RateLimit',
  'Retry-After',
] as const;

/**
 * The header fields for one decision. `now` (epoch ms) is the instant the decision was made; pass the
 * one given to the store so `t` and `Retry-After` agree to the second.
 */
export function rateLimitHeaders(
  decision: RateLimitDecision,
  now: number = Date.now(),
): Record<string, string> {
  return combinedRateLimitHeaders([decision], now);
}

/**
 * The header fields when one request is under several policies (the token endpoint: per client id
 * and per address). `RateLimit-Policy` and `RateLimit` list every policy; the `X-RateLimit-*` triple,
 * which can describe only one, describes the binding one (see `bindingDecision`); `Retry-After` is the
 * latest reset among the denying policies.
 */
export function combinedRateLimitHeaders(
  decisions: readonly RateLimitDecision[],
  now: number = Date.now(),
): Record<string, string> {
  const binding = bindingDecision(decisions);
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(binding.limit),
    'X-RateLimit-Remaining': String(binding.remaining),
    'X-RateLimit-Reset': String(binding.resetAtEpochSeconds),
    'RateLimit-Policy': decisions
      .map((d) => `${sfString(d.policyName)};q=${d.limit};w=${d.windowSeconds}`)
      .join(', '),
    RateLimit: decisions
      .map((d) => `${sfString(d.policyName)};r=${d.remaining};t=${effectiveWindowSeconds(d, now)}`)
      .join(', '),
  };
  const denied = decisions.filter((d) => !d.allowed);
  if (denied.length > 0) {
    headers['Retry-After'] = String(
      Math.max(...denied.map((d) => Math.max(d.retryAfterSeconds, effectiveWindowSeconds(d, now)))),
    );
  }
  return headers;
}

/**
 * The decision that constrains the client most: a denying one with the latest reset, else the one
 * with the fewest remaining requests (on a tie the later reset).
 */
export function bindingDecision(decisions: readonly RateLimitDecision[]): RateLimitDecision {
  const [first, ...rest] = decisions;
  if (first === undefined) throw new RangeError('bindingDecision needs at least one decision');
  return rest.reduce((worst, d) => (constrainsMore(d, worst) ? d : worst), first);
}

function constrainsMore(a: RateLimitDecision, b: RateLimitDecision): boolean {
  if (a.allowed !== b.allowed) return !a.allowed;
  if (!a.allowed) return a.resetAtEpochSeconds > b.resetAtEpochSeconds;
  if (a.remaining !== b.remaining) return a.remaining < b.remaining;
  return a.resetAtEpochSeconds > b.resetAtEpochSeconds;
}

/** The draft's `t`: whole seconds until the reset, rounded up, never negative. */
function effectiveWindowSeconds(decision: RateLimitDecision, now: number): number {
  return secondsUntil(decision.resetAtEpochSeconds * 1000, now, 0);
}

/** A structured-field String (RFC 9651 §3.3.3): printable ASCII, `"` and `\` escaped. */
export function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new RangeError(`policy name must be printable ASCII: ${JSON.stringify(value)}`);
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
