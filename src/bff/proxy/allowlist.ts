import type { Endpoint } from '../../contract/endpoint';
import { publicEndpoints } from '../../contract/endpoints';

/** A public API route the BFF forwards, matched against the path after `/api`. */
export interface AllowedRoute {
  endpoint: Endpoint;
  pattern: RegExp;
}

/** The API's own credentials endpoints are for integrators, never for the browser. */
const NOT_FOR_BROWSERS = /^\/public\/auth\//;
/** A path parameter: one segment, not dots only (plain or encoded), no encoded slash or backslash. */
const PARAMETER = String.raw`(?!(?:\.|%2[eE])+(?:/|$))(?:(?!%2[fF]|%5[cC])[^/\\])+`;

function patternOf(path: string): RegExp {
  const suffix = path.replace(/^\/public/, '');
  const source = suffix
    .split('/')
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? PARAMETER : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** Built from the contract's list of endpoints: the allowlist follows the contract, never a second list. */
export function buildAllowlist(endpoints: readonly Endpoint[] = publicEndpoints): AllowedRoute[] {
  return endpoints
    .filter((endpoint) => !NOT_FOR_BROWSERS.test(endpoint.path))
    .map((endpoint) => ({ endpoint, pattern: patternOf(endpoint.path) }));
}

export function matchRoute(
  allowlist: readonly AllowedRoute[],
  method: string,
  path: string,
): AllowedRoute | null {
  return allowlist.find((route) => route.endpoint.method === method && route.pattern.test(path)) ?? null;
}
