import { describe, expect, it } from 'vitest';
import { addressForRateLimit, clientKey, clientPolicy, tokenAddressKey, tokenClientKey } from './keys';

describe('rate-limit keys', () => {
  it('follows the conventions client:, token:client:, token:addr:', () => {
    expect(clientKey('cli_123')).toBe('client:cli_123');
    expect(tokenClientKey('cli_123')).toBe('token:client:cli_123');
    expect(tokenAddressKey('203.0.113.9')).toBe('token:addr:203.0.113.9');
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressForRateLimit('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressForRateLimit('::FFFF:cb00:7109')).toBe('203.0.113.9');
  });

  it('counts requests whose socket closed while they waited (no address any more) in one shared partition', () => {
    expect(addressForRateLimit(undefined)).toBe('unknown');
    expect(tokenAddressKey(undefined)).toBe('token:addr:unknown');
  });

  it('partitions IPv6 by /64, so one host cannot rotate through its block', () => {
    expect(addressForRateLimit('2001:db8:85a3:1:0:8a2e:370:7334')).toBe('2001:db8:85a3:1::/64');
    expect(addressForRateLimit('2001:db8:85a3:1::1')).toBe('2001:db8:85a3:1::/64');
    expect(addressForRateLimit('2001:DB8::1%eth0')).toBe('2001:db8:0:0::/64');
    expect(addressForRateLimit('::1')).toBe('0:0:0:0::/64');
    expect(tokenAddressKey('2001:db8::1')).toBe(tokenAddressKey('2001:db8::ffff:1'));
  });

  it('passes anything that is not an IP through unchanged', () => {
    expect(addressForRateLimit('unknown')).toBe('unknown');
  });

  it('uses 600 a minute unless the client has its own limit', () => {
    expect(clientPolicy()).toEqual({ limit: 600, windowSeconds: 60, policyName: 'per-client' });
    expect(clientPolicy(null).limit).toBe(600);
    expect(clientPolicy(1200).limit).toBe(1200);
    expect(clientPolicy(0).limit).toBe(0);
    expect(clientPolicy(-5).limit).toBe(600);
  });
});
