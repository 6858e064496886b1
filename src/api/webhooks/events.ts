import type { WebhookEventData, WebhookEventType } from '../../contract/webhooks';
import type { Database } from '../db/client';
import { outbox } from '../db/schema';
import { newId } from '../ids';

/** Rows per insert statement when many events are recorded at once. */
const CHUNK = 500;

const outboxListeners = new Set<() => void>();

/**
 * Tells the dispatchers of this process that events are being written, so they look at once rather
 * than at their next poll. The writing transaction may not have committed yet: a listener should look
 * shortly after, and more than once.
 */
export function onOutboxWrite(listener: () => void): () => void {
  outboxListeners.add(listener);
  return () => outboxListeners.delete(listener);
}

/**
 * Records events of one type in the outbox, in the caller's transaction, so each event exists exactly
 * when the change that caused it does. Each `data` is the resource as the public API returns it (the
 * contract's schema for the type says which); the dispatcher delivers the envelope as stored here.
 * Returns the event ids, in order.
 */
export async function recordEvents<Type extends WebhookEventType>(
  tx: Database,
  tenantId: string,
  type: Type,
  data: readonly WebhookEventData[Type][],
  createdAt: Date = new Date(),
): Promise<string[]> {
  const rows = data.map((item) => {
    const id = newId('event', createdAt.getTime());
    return { id, tenantId, type, createdAt, payload: eventEnvelope(id, type, createdAt, item) };
  });
  for (let start = 0; start < rows.length; start += CHUNK) {
    await tx.insert(outbox).values(rows.slice(start, start + CHUNK));
  }
  outboxWritten();
  return rows.map((row) => row.id);
}

/** An event as stored in the outbox and delivered as it is: for writers that insert events themselves. */
export function eventEnvelope<Type extends WebhookEventType>(
  id: string,
  type: Type,
  createdAt: Date,
  data: WebhookEventData[Type],
): { id: string; type: Type; created_at: string; data: WebhookEventData[Type] } {
  return { id, type, created_at: createdAt.toISOString(), data };
}

/** Wakes this process's dispatchers after events were written (see onOutboxWrite). */
export function outboxWritten(): void {
  for (const listener of outboxListeners) listener();
}

/** Records one event (see recordEvents); returns its id. */
export async function recordEvent<Type extends WebhookEventType>(
  tx: Database,
  tenantId: string,
  type: Type,
  data: WebhookEventData[Type],
  createdAt: Date = new Date(),
): Promise<string> {
  const [id] = await recordEvents(tx, tenantId, type, [data], createdAt);
  if (id === undefined) throw new Error('no event recorded');
  return id;
}
