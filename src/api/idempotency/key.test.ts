import { describe, expect, it } from 'vitest';
import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './key';

describe('parseIdempotencyKey', () => {
  it('reads bare and quoted keys as the same key', () => {
    expect(parseIdempotencyKey('abc')).toEqual({ ok: true, key: 'abc' });
    expect(parseIdempotencyKey('"abc"')).toEqual({ ok: true, key: 'abc' });
    expect(parseIdempotencyKey('"a\\"b\\\\c"')).toEqual({ ok: true, key: 'a"b\\c' });
    expect(parseIdempotencyKey('with space')).toEqual({ ok: true, key: 'with space' });
    expect(parseIdempotencyKey('x'.repeat(255))).toEqual({ ok: true, key: 'x'.repeat(255) });
    expect(parseIdempotencyKey(`"${'x'.repeat(255)}"`)).toEqual({ ok: true, key: 'x'.repeat(255) });
  });

  it('refuses missing, empty, too long, non-ASCII and control characters', () => {
    expect(parseIdempotencyKey(undefined)).toMatchObject({ ok: false, missing: true });
    for (const bad of [
      '',
      '""',
      'x'.repeat(256),
      `"${'x'.repeat(256)}"`,
      'café',
      'a\tb',
      'a\u0001b',
      '\u007f',
      '"open',
      '"a"b"',
      '"bad\\escape"',
      '"é"',
    ]) {
      expect(parseIdempotencyKey(bad), JSON.stringify(bad)).toMatchObject({ ok: false, missing: false });
    }
    expect(parseIdempotencyKey(['a', 'b'])).toMatchObject({ ok: false, missing: false });
  });
});

describe('requestFingerprint', () => {
  it('ignores key order, the query and a trailing slash, but not the method, path or values', () => {
    const base = requestFingerprint('POST', '/public/x', { a: 1, b: [1, { c: 2, d: 3 }] });
    expect(requestFingerprint('post', '/public/x/?q=1', { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(base);
    expect(requestFingerprint('POST', '/public/y', { a: 1, b: [1, { c: 2, d: 3 }] })).not.toBe(base);
    expect(requestFingerprint('POST', '/public/x', { a: 2, b: [1, { c: 2, d: 3 }] })).not.toBe(base);
    expect(requestFingerprint('POST', '/public/x', { a: 1, b: [{ c: 2, d: 3 }, 1] })).not.toBe(base);
    expect(requestFingerprint('POST', '/public/x', undefined)).not.toBe(
      requestFingerprint('POST', '/public/x', {}),
    );
  });

  it('canonicalises JSON deterministically', () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: 'x' }, e: [true, 1.5] })).toBe(
      '{"a":{"c":"x","d":null},"b":1,"e":[true,1.5]}',
    );
  });
});
