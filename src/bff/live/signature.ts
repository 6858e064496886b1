import { createHmac, timingSafeEqual } from 'node:crypto';

/** Finvis signs with the decoded bytes of the `whsec_<base64>` secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; status: 400 | 401; detail: string };

/**
 * Checks `X-Finvis-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` over `<t>.<raw body>` against
 * each secret the receiver holds, in constant time, and the timestamp against a 5-minute tolerance.
 */
export function checkFinvisSignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  nowSeconds: number = Date.now() / 1000,
): SignatureCheck {
  if (!header) return { ok: false, status: 400, detail: 'The X-Finvis-Signature header is missing.' };
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't') timestamp = value;
    else if (name === 'v1' && value && /^[0-9a-f]{64}$/i.test(value))
      signatures.push(Buffer.from(value, 'hex'));
  }
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
    return { ok: false, status: 400, detail: 'The X-Finvis-Signature header is malformed.' };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, status: 401, detail: 'The delivery timestamp is more than 5 minutes off.' };
  }
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]);
  for (const secret of secrets) {
    const expected = createHmac('sha256', keyOf(secret)).update(signed).digest();
    if (signatures.some((given) => timingSafeEqual(given, expected))) return { ok: true };
  }
  return { ok: false, status: 401, detail: 'No signature matches.' };
}
