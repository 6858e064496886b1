/**
 * When attempts happen: Standard Webhooks' example schedule, about 3 days in all. The first attempt
 * is immediate; after the n-th failed attempt the next waits RETRY_DELAYS_MS[n]. After the last one
 * fails, the endpoint is disabled.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** A Retry-After longer than this is taken as this: the schedule's longest wait. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** ±10 %, so endpoints that failed together are not all retried in the same instant. */
const JITTER = 0.1;

export interface RetrySchedule {
  /** The delays before each attempt, the first being 0. */
  delaysMs: readonly number[];
  /** The sandbox compresses time: every delay is multiplied by this (0 < scale ≤ 1). */
  scale: number;
  random: () => number;
}

/**
 * The wait before the next attempt after `attemptsMade` attempts, or null when none is left.
 * `retryAfterMs` (a 429, 502 or 504's Retry-After) is a floor: never come back sooner than asked.
 */
export function nextDelayMs(
  schedule: RetrySchedule,
  attemptsMade: number,
  retryAfterMs: number | null = null,
): number | null {
  const base = schedule.delaysMs[attemptsMade];
  if (base === undefined) return null;
  const jittered = Math.round(base * schedule.scale * (1 - JITTER + 2 * JITTER * schedule.random()));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The statuses whose Retry-After the dispatcher honours. */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 502, 504]);
