import { afterEach, describe, expect, it, vi } from 'vitest';
import { runEventStream, type LiveEvent } from './event-stream';

function sseResponse(text: string): Response {
  return new Response(new Blob([text]).stream(), {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
  });
}

function message(id: string, status: string): string {
  const event = {
    id,
    type: 'payment.status.updated',
    created_at: '2026-11-25T10:00:00Z',
    data: { id: 'batch_1', status },
  };
  return `id: ${id}\nevent: payment.status.updated\ndata: ${JSON.stringify(event)}\n\n`;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the event stream', () => {
  it('sends the token in the Authorization header, never the URL, and resumes after a drop with Last-Event-ID', async () => {
    const controller = new AbortController();
    const events: LiveEvent[] = [];
    let resets = 0;
    const requests: { url: string; headers: Headers }[] = [];
    const fetchMock = vi.fn<typeof fetch>((input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requests.push({ url, headers: new Headers(init?.headers) });
      const bodies = [
        `retry: 2000\n\n: heartbeat\n\n${message('evt_1', 'sent_to_bank')}${message('evt_2', 'accepted')}`,
        `event: reset\ndata: {}\n\n${message('evt_3', 'executed')}`,
      ];
      const body = bodies[requests.length - 1];
      if (body !== undefined) return Promise.resolve(sseResponse(body));
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    });
    vi.stubGlobal('fetch', fetchMock);

    await runEventStream({
      url: '/api/events',
      token: () => Promise.resolve('the-token'),
      onEvent: (event) => events.push(event),
      onReset: () => (resets += 1),
      signal: controller.signal,
      retryMs: 1,
    });

    expect(events.map((event) => [event.id, event.data.status])).toEqual([
      ['evt_1', 'sent_to_bank'],
      ['evt_2', 'accepted'],
      ['evt_3', 'executed'],
    ]);
    expect(resets).toBe(1);
    expect(requests.map((request) => request.url)).toEqual(['/api/events', '/api/events', '/api/events']);
    expect(requests.every((request) => request.headers.get('authorization') === 'Bearer the-token')).toBe(
      true,
    );
    expect(requests.map((request) => request.headers.get('last-event-id'))).toEqual([null, 'evt_2', 'evt_3']);
  });

  it('waits while nobody is signed in, and asks for nothing', async () => {
    const controller = new AbortController();
    const fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    let asked = 0;
    await runEventStream({
      url: '/api/events',
      token: () => {
        asked += 1;
        if (asked === 3) controller.abort();
        return Promise.resolve(null);
      },
      onEvent: () => undefined,
      onReset: () => undefined,
      signal: controller.signal,
      retryMs: 1,
    });
    expect(asked).toBe(3);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
