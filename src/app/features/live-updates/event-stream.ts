import type { WebhookEventType } from '../../../contract/webhooks';
import { createSseParser } from './sse-parser';

export interface LiveEvent {
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: Record<string, unknown>;
}

export interface EventStreamOptions {
  url: string;
  /** The person's current access token; the stream waits while there is none. */
  token: () => Promise<string | null>;
  onEvent: (event: LiveEvent) => void;
  /** The BFF could not replay what was missed: everything shown may be stale. */
  onReset: () => void;
  signal: AbortSignal;
  /** The first wait before reconnecting; it doubles up to 30 s while connections fail. */
  retryMs?: number;
}

const MAX_RETRY_MS = 30_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Keeps the BFF's event stream (`GET /api/events`) open for as long as `signal` allows: the token
 * in the Authorization header, reconnecting after a drop (or the token's expiry, when the BFF ends
 * the stream) with Last-Event-ID so that nothing sent meanwhile is missed.
 */
export async function runEventStream(options: EventStreamOptions): Promise<void> {
  const { signal } = options;
  let lastEventId: string | null = null;
  let wait = options.retryMs ?? 1_000;
  while (!signal.aborted) {
    const token = await options.token();
    if (token) {
      try {
        const headers = new Headers({ accept: 'text/event-stream', authorization: `Bearer ${token}` });
        if (lastEventId) headers.set('last-event-id', lastEventId);
        const response = await fetch(options.url, {
          headers,
          cache: 'no-store',
          signal,
        });
        if (response.ok && response.body) {
          wait = options.retryMs ?? 1_000;
          const parse = createSseParser((message) => {
            if (message.event === 'reset') {
              options.onReset();
              return;
            }
            if (message.id) lastEventId = message.id;
            try {
              options.onEvent(JSON.parse(message.data) as LiveEvent);
            } catch {
              // Not an event this dashboard understands: skip it, keep the stream.
            }
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            parse(value);
          }
        }
      } catch {
        // Dropped or refused: try again below, unless we were asked to stop.
      }
    }
    if (signal.aborted) return;
    await sleep(wait, signal);
    wait = Math.min(wait * 2, MAX_RETRY_MS);
  }
}
