import { randomBytes } from 'node:crypto';
import { idPrefixes, type IdKind } from '../contract/ids';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A new id: the type prefix, then 48 bits of milliseconds and 80 random bits (as a ULID), so ids
 * sort by creation time and cannot be guessed.
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  return idFrom(kind, now, randomBytes(10));
}

/** `count` new ids of one kind and time: one draw of randomness for all, not one per id. */
export function newIds(kind: IdKind, count: number, now: number = Date.now()): string[] {
  const random = randomBytes(10 * count);
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = idFrom(kind, now, random.subarray(10 * i, 10 * i + 10));
  return ids;
}

function idFrom(kind: IdKind, now: number, random: Uint8Array): string {
  const bytes = new Uint8Array(16);
  const time = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
  bytes.set(random, 6);
  return `${idPrefixes[kind]}_${encodeBase32(bytes)}`;
}
