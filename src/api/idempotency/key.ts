import { createHash } from 'node:crypto';

/** At most this many characters of printable ASCII, bare or inside a structured-field string. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type IdempotencyKeyParse = { ok: true; key: string } | { ok: false; missing: boolean; reason: string };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** RFC 9651 §4.2.5: a structured-field string, `"` … `"`, where only `\"` and `\\` are escapes. */
function parseStructuredFieldString(value: string): string | null {
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const char = value.charAt(i);
    if (char === '\\') {
      const next = value.charAt(i + 1);
      if (next !== '"' && next !== '\\') return null;
      out += next;
      i++;
    } else if (char === '"') {
      return i === value.length - 1 ? out : null;
    } else if (PRINTABLE_ASCII.test(char)) {
      out += char;
    } else {
      return null;
    }
  }
  return null;
}

/**
 * The key of an `Idempotency-Key` header: 1–255 printable ASCII characters, sent bare (as Stripe's
 * clients do) or as a quoted structured-field string (as the IETF draft writes it). Both forms name
 * the same key: `abc` and `"abc"` are one key. A value that starts with `"` is read as the quoted form.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): IdempotencyKeyParse {
  if (header === undefined) {
    return { ok: false, missing: true, reason: 'This write needs an Idempotency-Key header.' };
  }
  if (Array.isArray(header)) {
    return { ok: false, missing: false, reason: 'Send exactly one Idempotency-Key header.' };
  }
  let key: string;
  if (header.startsWith('"')) {
    const parsed = parseStructuredFieldString(header);
    if (parsed === null) {
      return {
        ok: false,
        missing: false,
        reason:
          'The Idempotency-Key starts with a quote but is not a valid quoted string (printable ASCII, with only \\" and \\\\ as escapes).',
      };
    }
    key = parsed;
  } else {
    if (!PRINTABLE_ASCII.test(header)) {
      return {
        ok: false,
        missing: false,
        reason: 'The Idempotency-Key must consist of printable ASCII characters only.',
      };
    }
    key = header;
  }
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return {
      ok: false,
      missing: false,
      reason: `The Idempotency-Key must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters (it has ${key.length}).`,
    };
  }
  return { ok: true, key };
}

/** JSON with object keys sorted at every level, so that two equal bodies serialise to the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * What makes two requests "the same request" for one key: the method, the path (without its query
 * and trailing slash, which the API ignores) and the JSON body as sent, canonicalised.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const path = (url.split('?')[0] ?? '').replace(/\/+$/, '');
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`)
    .digest('hex');
}
