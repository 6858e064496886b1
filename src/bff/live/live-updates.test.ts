import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBff } from '../../../test/support/bff';
import { signInAs } from '../../../test/support/bff-sign-in';
import { openEventStream } from '../../../test/support/event-stream';
import { eventually } from '../../../test/support/webhook-receiver';
import type { RunningBff } from '../server';

const CFO = 'usr_astrid_lindqvist';
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

function sign(body: string, secret = SECRET, t = Math.floor(Date.now() / 1000)): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
}

function event(id: string, type = 'payment.status.updated') {
  return JSON.stringify({
    id,
    type,
    created_at: new Date().toISOString(),
    data: { id: 'batch_0000000001', status: 'executed' },
  });
}

describe('the BFF receiver and event stream', () => {
  let bff: RunningBff;
  let token: string;

  beforeAll(async () => {
    bff = await startTestBff('http://127.0.0.1:9', {
      liveUpdates: { kind: 'secret', secrets: [SECRET] },
      liveHeartbeatMs: 100,
    });
    token = (await signInAs(bff.url, CFO)).accessToken;
  });
  afterAll(async () => {
    await bff?.close();
  });

  const deliver = (body: string, signature?: string) =>
    fetch(`${bff.url}/webhooks/finvis`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-finvis-signature': signature } : {}),
      },
      body,
    });

  it('refuses deliveries without a valid, fresh signature', async () => {
    const body = event('evt_00000000000000000000000001');
    expect((await deliver(body)).status).toBe(400);
    expect((await deliver(body, 't=abc,v1=zz')).status).toBe(400);
    const forged = await deliver(body, sign(body, `whsec_${randomBytes(32).toString('base64')}`));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { detail: string }).detail).toMatch(/No signature matches/);
    const tampered = await deliver(body.replace('executed', 'rejected'), sign(body));
    expect(tampered.status).toBe(401);
    const stale = await deliver(body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/5 minutes/);
    const notAnEvent = '{"hello":"world"}';
    expect((await deliver(notAnEvent, sign(notAnEvent))).status).toBe(400);
  });

  it('streams events to a signed-in browser once, with heartbeats, authenticated without a token in the URL', async () => {
    expect((await fetch(`${bff.url}/api/events`)).status).toBe(401);
    expect((await fetch(`${bff.url}/api/events?access_token=${token}`)).status).toBe(401);
    expect((await fetch(`${bff.url}/api/events`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );

    const stream = await openEventStream(`${bff.url}/api/events`, { authorization: `Bearer ${token}` });
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toBe('no-store');
      const body = event('evt_00000000000000000000000002');
      const first = await deliver(body, sign(body));
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ received: true, duplicate: false });
      const again = await deliver(body, sign(body));
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ received: true, duplicate: true });
      await eventually(() => stream.received.some((m) => m.comment === 'heartbeat'));
      const events = stream.received.filter((m) => m.event);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        id: 'evt_00000000000000000000000002',
        event: 'payment.status.updated',
      });
      expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({ data: { status: 'executed' } });
    } finally {
      stream.close();
    }
  });

  it('resumes after Last-Event-ID, and asks for a full refresh when it cannot', async () => {
    const ids = [
      'evt_00000000000000000000000003',
      'evt_00000000000000000000000004',
      'evt_00000000000000000000000005',
    ];
    for (const id of ids) {
      const body = event(id, 'transaction.created');
      expect((await deliver(body, sign(body))).status).toBe(200);
    }
    const resumed = await openEventStream(`${bff.url}/api/events`, {
      authorization: `Bearer ${token}`,
      'last-event-id': ids[0] ?? '',
    });
    const unknown = await openEventStream(`${bff.url}/api/events`, {
      authorization: `Bearer ${token}`,
      'last-event-id': 'evt_99999999999999999999999999',
    });
    try {
      await eventually(() => resumed.received.filter((m) => m.event).length >= 2);
      expect(resumed.received.filter((m) => m.event).map((m) => m.id)).toEqual(ids.slice(1));
      await eventually(() => unknown.received.some((m) => m.event === 'reset'));
      expect(unknown.received.filter((m) => m.id)).toEqual([]);
    } finally {
      resumed.close();
      unknown.close();
    }
  });
});
