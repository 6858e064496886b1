import { createHmac } from 'node:crypto';

/** The HMAC key of a `whsec_<base64>` secret: the decoded bytes, as Standard Webhooks defines it. */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

export interface DeliverySignature {
  'x-finvis-signature': string;
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The signature headers of one attempt: Finvis's own `t=…,v1=…` (hex HMAC of `<t>.<body>`) and the
 * Standard Webhooks trio (base64 HMAC of `<id>.<t>.<body>`), one signature per secret while a
 * rotated secret still overlaps with the new one.
 */
export function signDelivery(input: {
  eventId: string;
  body: string;
  timestampSeconds: number;
  secrets: readonly string[];
}): DeliverySignature {
  const t = String(input.timestampSeconds);
  const keys = input.secrets.map(secretKey);
  const finvis = keys.map(
    (key) => `v1=${createHmac('sha256', key).update(`${t}.${input.body}`).digest('hex')}`,
  );
  const standard = keys.map(
    (key) => `v1,${createHmac('sha256', key).update(`${input.eventId}.${t}.${input.body}`).digest('base64')}`,
  );
  return {
    'x-finvis-signature': [`t=${t}`, ...finvis].join(','),
    'webhook-id': input.eventId,
    'webhook-timestamp': t,
    'webhook-signature': standard.join(' '),
  };
}
