import type { Database } from '../db/client';
import { findApiClient, touchApiClient } from '../repositories/api-clients';

/** How long a client's status may be served from memory: a revoked client's tokens die within this. */
export const CLIENT_STATUS_TTL_MS = 2_000;
const TOUCH_INTERVAL_MS = 60_000;

export interface ClientStatus {
  active: boolean;
  tenantId: string;
  rateLimitPerMinute: number;
}

/**
 * Token checks need the client's current status on every call; reading it from the database each
 * time would double the cost of a request. A short cache keeps revocation prompt (< 5 s) and cheap.
 */
export class ClientStatusCache {
  private readonly entries = new Map<string, { status: ClientStatus | null; fetchedAt: number }>();
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async get(clientId: string): Promise<ClientStatus | null> {
    const cached = this.entries.get(clientId);
    if (cached && this.now() - cached.fetchedAt < CLIENT_STATUS_TTL_MS) return cached.status;
    const client = await findApiClient(this.db, clientId);
    const status = client
      ? {
          active: client.status === 'active',
          tenantId: client.tenantId,
          rateLimitPerMinute: client.rateLimitPerMinute,
        }
      : null;
    this.entries.set(clientId, { status, fetchedAt: this.now() });
    return status;
  }

  /** Records last use at most once a minute per client, off the request's path. */
  touch(clientId: string, onError: (error: unknown) => void): void {
    const now = this.now();
    if (now - (this.lastTouched.get(clientId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(clientId, now);
    touchApiClient(this.db, clientId, new Date(now)).catch(onError);
  }

  forget(clientId: string): void {
    this.entries.delete(clientId);
  }
}
