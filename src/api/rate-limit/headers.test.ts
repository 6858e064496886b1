import { describe, expect, it } from 'vitest';
import { problemTypes } from '../../contract/problem';
import { applyRateLimit, applyRateLimits, rateLimitProblem } from './apply';
import { bindingDecision, combinedRateLimitHeaders, rateLimitHeaders, sfString } from './headers';
import {
  clientKey,
  clientPolicy,
  TOKEN_PER_ADDRESS_POLICY,
  TOKEN_PER_CLIENT_POLICY,
  tokenAddressKey,
  tokenClientKey,
} from './keys';
import type { RateLimitDecision } from './limiter';
import { MemoryRateLimitStore } from './memory-store';

const T0 = Date.UTC(2026, 0, 1); // 1767225600 s
const RESET = T0 / 1000 + 60;

function decision(overrides: Partial<RateLimitDecision> = {}): RateLimitDecision {
  return {
    allowed: true,
    limit: 600,
    remaining: 598,
    resetAtEpochSeconds: RESET,
    retryAfterSeconds: 0,
    windowSeconds: 60,
    policyName: 'per-client',
    ...overrides,
  };
}

describe('rateLimitHeaders', () => {
  it('sends exactly the GitHub triple and the draft-11 fields when allowed', () => {
    expect(rateLimitHeaders(decision(), T0 + 18_000)).toStrictEqual({
      'X-RateLimit-Limit': '600',
      'X-RateLimit-Remaining': '598',
      'X-RateLimit-Reset': '1767225660',
      'RateLimit-Policy': '"per-client";q=600;w=60',
      RateLimit: '"per-client";r=598;t=42',
    });
  });

  it('adds Retry-After, equal to t, when denied', () => {
    const denied = decision({ allowed: false, remaining: 0, retryAfterSeconds: 42 });
    expect(rateLimitHeaders(denied, T0 + 17_250)).toStrictEqual({
      'X-RateLimit-Limit': '600',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '1767225660',
      'RateLimit-Policy': '"per-client";q=600;w=60',
      RateLimit: '"per-client";r=0;t=43',
      'Retry-After': '43',
    });
  });

  it('rounds t up and never below 0', () => {
    expect(rateLimitHeaders(decision(), T0 + 59_999).RateLimit).toBe('"per-client";r=598;t=1');
    expect(rateLimitHeaders(decision(), T0 + 60_000).RateLimit).toBe('"per-client";r=598;t=0');
    expect(rateLimitHeaders(decision(), T0 + 61_000).RateLimit).toBe('"per-client";r=598;t=0');
  });

  it('never sends a Retry-After earlier than the decision said, even when formatted late', () => {
    const denied = decision({ allowed: false, remaining: 0, retryAfterSeconds: 5 });
    expect(rateLimitHeaders(denied, T0 + 61_000)['Retry-After']).toBe('5');
  });

  it('lists every policy when several apply; the X- triple and Retry-After follow the binding one', () => {
    const perClient = decision({
      policyName: 'token-per-client',
      limit: 30,
      remaining: 0,
      allowed: false,
      retryAfterSeconds: 30,
    });
    const perAddress = decision({ policyName: 'token-per-address', limit: 60, remaining: 41 });
    expect(combinedRateLimitHeaders([perClient, perAddress], T0 + 30_000)).toStrictEqual({
      'X-RateLimit-Limit': '30',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '1767225660',
      'RateLimit-Policy': '"token-per-client";q=30;w=60, "token-per-address";q=60;w=60',
      RateLimit: '"token-per-client";r=0;t=30, "token-per-address";r=41;t=30',
      'Retry-After': '30',
    });
    const fewer = decision({ remaining: 3, policyName: 'b' });
    expect(bindingDecision([decision({ policyName: 'a' }), fewer])).toBe(fewer);
    expect(() => bindingDecision([])).toThrow(RangeError);
  });

  it('writes policy names as structured-field Strings', () => {
    expect(sfString('per-client')).toBe('"per-client"');
    expect(sfString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => sfString('prös')).toThrow(RangeError);
  });
});

describe('applyRateLimit', () => {
  it('names the decision by its policy and returns matching headers', async () => {
    const store = new MemoryRateLimitStore();
    const check = { key: clientKey('cli_1'), ...clientPolicy(2) };
    await applyRateLimit(store, check, T0 + 10_000);
    await applyRateLimit(store, check, T0 + 10_000);
    const { decision: third, headers } = await applyRateLimit(store, check, T0 + 10_000);
    expect(third).toMatchObject({ allowed: false, policyName: 'per-client', retryAfterSeconds: 50 });
    expect(headers).toMatchObject({ 'RateLimit-Policy': '"per-client";q=2;w=60', 'Retry-After': '50' });

    const problem = rateLimitProblem([third], headers);
    expect(problem).toMatchObject({
      status: 429,
      type: problemTypes.rateLimited,
      title: 'Too Many Requests',
    });
    expect(problem.detail).toBe('Rate limit exceeded (per-client). Retry after 50 seconds.');
    expect(problem.headers).toBe(headers);
  });

  it('on the token endpoint counts per client id and per address, and denies when either is exhausted', async () => {
    const store = new MemoryRateLimitStore();
    const checks = (clientId: string, ip: string) => [
      { key: tokenClientKey(clientId), ...TOKEN_PER_CLIENT_POLICY },
      { key: tokenAddressKey(ip), ...TOKEN_PER_ADDRESS_POLICY },
    ];
    for (let i = 0; i < 30; i += 1)
      expect((await applyRateLimits(store, checks('cli_a', '192.0.2.1'), T0)).allowed).toBe(true);
    const denied = await applyRateLimits(store, checks('cli_a', '192.0.2.1'), T0);
    expect(denied.allowed).toBe(false);
    expect(denied.decisions.map((d) => [d.policyName, d.allowed, d.remaining])).toEqual([
      ['token-per-client', false, 0],
      ['token-per-address', true, 29],
    ]);
    expect(denied.headers['Retry-After']).toBe('60');
    // Another client from the same address still gets in, until the address's own quota runs out.
    expect((await applyRateLimits(store, checks('cli_b', '192.0.2.1'), T0)).allowed).toBe(true);
    await expect(applyRateLimits(store, [], T0)).rejects.toThrow(RangeError);
  });
});
