import { isIPv4, isIPv6 } from 'node:net';

/**
 * Key conventions and the default policies. Keys are namespaced by what they limit, so one client's
 * API traffic and its token requests never share a counter.
 */

/** Every public API request of an authenticated client. */
export function clientKey(clientId: string): string {
  return `client:${clientId}`;
}

/** Token endpoint requests naming this client id (before its secret is checked). */
export function tokenClientKey(clientId: string): string {
  return `token:client:${clientId}`;
}

/** Token endpoint requests from this address (normalised, see `addressForRateLimit`). */
export function tokenAddressKey(ip: string | undefined): string {
  return `token:addr:${addressForRateLimit(ip)}`;
}

/**
 * The address as a rate-limit partition: IPv4 as is (also when written IPv4-mapped, `::ffff:a.b.c.d`,
 * as Node reports it on dual-stack sockets); IPv6 by its /64, the block one subscriber gets, since one
 * host can use any address in it. Anything else (not an IP) passes through unchanged. A socket that has
 * already closed (the caller gave up while its request waited) has no address: such requests share one.
 */
export function addressForRateLimit(ip: string | undefined): string {
  if (ip === undefined) return 'unknown';
  const address = ip.trim();
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address.split('%')[0] ?? address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (checked by the caller). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two hex groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
  /** The name in `RateLimit-Policy` and `RateLimit`. */
  policyName: string;
}

/** The default: 600 requests a minute per API client. */
export const DEFAULT_CLIENT_LIMIT_PER_MINUTE = 600;

/**
 * The per-client policy; `overridePerMinute` is the client's own limit (`api_clients.rate_limit_per_minute`),
 * used when it is a non-negative integer.
 */
export function clientPolicy(overridePerMinute?: number | null): RateLimitPolicy {
  const limit =
    overridePerMinute != null && Number.isSafeInteger(overridePerMinute) && overridePerMinute >= 0
      ? overridePerMinute
      : DEFAULT_CLIENT_LIMIT_PER_MINUTE;
  return { limit, windowSeconds: 60, policyName: 'per-client' };
}

/**
 * Token endpoint, per client id: a well-behaved client caches its token (valid for many minutes),
 * so 30 a minute is generous, and it bounds secret guessing against one client.
 */
export const TOKEN_PER_CLIENT_POLICY: RateLimitPolicy = {
  limit: 30,
  windowSeconds: 60,
  policyName: 'token-per-client',
};

/** Token endpoint, per address: several clients may sit behind one NAT, hence more than per client. */
export const TOKEN_PER_ADDRESS_POLICY: RateLimitPolicy = {
  limit: 60,
  windowSeconds: 60,
  policyName: 'token-per-address',
};
