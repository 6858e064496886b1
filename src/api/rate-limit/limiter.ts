/**
 * Rate limiting, the domain: fixed windows aligned to the Unix epoch.
 *
 * A window of `w` seconds is `[k·w, (k+1)·w)` for `k = floor(now / (w·1000))`, the same for every
 * API instance (given NTP-synchronised clocks), so `X-RateLimit-Reset` is simply the window's end and
 * a client that waits until then gets a fresh quota. Every hit, allowed or denied, increments the
 * counter of its own window only; the next window starts at zero, so hammering while denied never
 * pushes the reset further away. `Retry-After` is `ceil(reset - now)`, at least 1 second, so it never
 * points earlier than the reset.
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** The quota of the window (requests). */
  limit: number;
  /** Requests still allowed in this window; never negative. */
  remaining: number;
  /** UTC epoch seconds at which the current window ends and the quota is restored. */
  resetAtEpochSeconds: number;
  /** Seconds until the reset, at least 1, when denied; 0 when allowed. */
  retryAfterSeconds: number;
  windowSeconds: number;
  /** The policy's name in `RateLimit-Policy`/`RateLimit`; stores answer `default`, applyRateLimit sets it. */
  policyName: string;
}

export interface RateLimitStore {
  /**
   * Counts one request against `key` in the window containing `now` (epoch milliseconds, default
   * `Date.now()`) and decides whether it is within `limit`.
   */
  hit(key: string, limit: number, windowSeconds: number, now?: number): Promise<RateLimitDecision>;
  /** Releases timers and connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/** The logger the stores need; a pino `Logger` and Fastify's `FastifyBaseLogger` both fit. */
export interface RateLimitLogger {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

export const DEFAULT_POLICY_NAME = 'default';

export interface FixedWindow {
  /** floor(now / windowMs): identifies the window in storage keys. */
  index: number;
  startMs: number;
  endMs: number;
}

/** The epoch-aligned window of `windowSeconds` that contains `nowMs`. */
export function fixedWindow(nowMs: number, windowSeconds: number): FixedWindow {
  const windowMs = windowSeconds * 1000;
  const index = Math.floor(nowMs / windowMs);
  return { index, startMs: index * windowMs, endMs: (index + 1) * windowMs };
}

/** Throws on a limit or window that no policy can mean: a programming error, not a client's. */
export function assertValidPolicy(limit: number, windowSeconds: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`rate limit must be a non-negative integer, got ${String(limit)}`);
  }
  if (!Number.isSafeInteger(windowSeconds) || windowSeconds < 1) {
    throw new RangeError(
      `rate limit window must be a positive whole number of seconds, got ${String(windowSeconds)}`,
    );
  }
}

/** Seconds from `nowMs` until `endMs`, rounded up (so never earlier than the end), at least `floor`. */
export function secondsUntil(endMs: number, nowMs: number, floor = 0): number {
  return Math.max(floor, Math.ceil((endMs - nowMs) / 1000));
}

/**
 * The decision for the `count`-th hit (1-based, this one included) in the window containing `nowMs`.
 * Shared by every store so that they agree to the letter.
 */
export function decide(
  count: number,
  limit: number,
  windowSeconds: number,
  nowMs: number,
  policyName: string = DEFAULT_POLICY_NAME,
): RateLimitDecision {
  const window = fixedWindow(nowMs, windowSeconds);
  const allowed = count <= limit;
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - count),
    resetAtEpochSeconds: window.endMs / 1000,
    retryAfterSeconds: allowed ? 0 : secondsUntil(window.endMs, nowMs, 1),
    windowSeconds,
    policyName,
  };
}
