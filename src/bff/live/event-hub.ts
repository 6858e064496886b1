import { z } from 'zod';
import { webhookEventTypes } from '../../contract/webhooks';

export const liveEvent = z.object({
  id: z.string().regex(/^evt_[0-9a-z]{8,40}$/),
  type: z.enum(webhookEventTypes),
  created_at: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export type LiveEvent = z.infer<typeof liveEvent>;

/**
 * The BFF's fan-out point: it remembers event ids it has seen (Finvis delivers at least once, so a
 * retry of a delivered event is dropped here), keeps the latest events for resumption by
 * Last-Event-ID, and hands each new event to every open stream.
 */
export class EventHub {
  readonly #recent: LiveEvent[] = [];
  readonly #seen = new Set<string>();
  readonly #listeners = new Set<(event: LiveEvent) => void>();

  constructor(private readonly capacity = { recent: 1000, seen: 20_000 }) {}

  /** Publishes the event unless it was seen before; false for a duplicate. */
  accept(event: LiveEvent): boolean {
    if (this.#seen.has(event.id)) return false;
    this.#seen.add(event.id);
    if (this.#seen.size > this.capacity.seen) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    this.#recent.push(event);
    if (this.#recent.length > this.capacity.recent) this.#recent.shift();
    for (const listener of this.#listeners) listener(event);
    return true;
  }

  /** The events after `lastEventId`, or null when that id is no longer (or never was) remembered. */
  since(lastEventId: string): LiveEvent[] | null {
    const index = this.#recent.findIndex((event) => event.id === lastEventId);
    return index === -1 ? null : this.#recent.slice(index + 1);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}
