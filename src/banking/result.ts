/**
 * The result of parsing untrusted input: either a typed value or a precise,
 * human-readable English error message. Parsers never throw on bad input.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: string): Parsed<T> {
  return { ok: false, error };
}

/**
 * Unwraps a parse result, throwing if it failed. For trusted input (constants,
 * tests, values already validated elsewhere) only.
 */
export function unwrap<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
