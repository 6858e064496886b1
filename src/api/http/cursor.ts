import { z } from 'zod';
import { problemTypes } from '../../contract/problem';
import { ProblemError } from './problem';

/*
 * Opaque keyset cursors: base64url of a small JSON document naming the list it belongs to and the
 * sort key of the last row of the page. Anything that does not decode to exactly that is a 400.
 */

export function invalidCursor(): ProblemError {
  return new ProblemError(
    400,
    problemTypes.validation,
    'Invalid request',
    'The request query is not valid.',
    [
      {
        path: '/cursor',
        message: 'is not a cursor of this list; pass the next_cursor of the previous page unchanged',
      },
    ],
  );
}

export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The sort key of a cursor of `list`, checked against `key`; a cursor of another list or garbage is a 400. */
export function decodeCursor<K extends z.ZodType>(list: string, key: K, cursor: string): z.output<K> {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = z
    .object({ l: z.literal(list), k: key })
    .strict()
    .safeParse(document);
  if (!parsed.success) throw invalidCursor();
  return (parsed.data as { k: z.output<K> }).k;
}
