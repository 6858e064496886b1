import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Scope } from '../../contract/scopes';
import type { ClientCredentialsSource } from '../config';
import { callUpstream } from '../upstream';

export interface FinvisToken {
  accessToken: string;
  /** Epoch ms after which the BFF no longer uses it (shortly before the API's expiry). */
  renewAt: number;
}

export class FinvisTokenError extends Error {
  override name = 'FinvisTokenError';
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'rejected' | 'no-credentials',
    message: string,
  ) {
    super(message);
  }
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

const storedCredentials = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });

export interface FinvisTokenSourceOptions {
  apiUrl: string;
  credentials: ClientCredentialsSource;
  timeoutMs: number;
  now?: () => number;
}

/**
 * Client-credentials tokens of the BFF's own Finvis client, one per scope set: cached until shortly
 * before expiry, and however many calls wait for a scope set's token, one token request is in flight.
 */
export class FinvisTokenSource {
  readonly #options: FinvisTokenSourceOptions;
  readonly #now: () => number;
  readonly #cache = new Map<string, FinvisToken>();
  readonly #inFlight = new Map<string, Promise<FinvisToken>>();

  constructor(options: FinvisTokenSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  static keyOf(scopes: readonly Scope[]): string {
    return [...scopes].sort().join(' ');
  }

  async get(scopes: readonly Scope[]): Promise<FinvisToken> {
    const key = FinvisTokenSource.keyOf(scopes);
    const cached = this.#cache.get(key);
    if (cached && cached.renewAt > this.#now()) return cached;
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const fetching = this.#fetch(key).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, fetching);
    return fetching;
  }

  /** Forgets a token the API refused, unless a newer one has already replaced it. */
  invalidate(scopes: readonly Scope[], token: FinvisToken): void {
    const key = FinvisTokenSource.keyOf(scopes);
    if (this.#cache.get(key) === token) this.#cache.delete(key);
  }

  async #fetch(key: string): Promise<FinvisToken> {
    const { clientId, clientSecret } = await this.#credentials();
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString(
      'base64',
    );
    const upstream = await callUpstream(`${this.#options.apiUrl}/public/auth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: key }).toString(),
      timeoutMs: this.#options.timeoutMs,
    });
    if (!upstream.ok) throw new FinvisTokenError(upstream.reason, `the token endpoint: ${upstream.message}`);
    if (upstream.status !== 200) {
      throw new FinvisTokenError('rejected', `the token endpoint answered ${upstream.status}`);
    }
    let parsed: z.infer<typeof tokenResponse>;
    try {
      parsed = tokenResponse.parse(JSON.parse(upstream.body.toString('utf8')));
    } catch {
      throw new FinvisTokenError('rejected', 'the token endpoint answered something other than a token');
    }
    const lifetimeMs = parsed.expires_in * 1000;
    // Renew a minute early (or at 80 % of a short lifetime), so no call goes out with a token about to lapse.
    const marginMs = Math.min(60_000, lifetimeMs * 0.2);
    const token: FinvisToken = {
      accessToken: parsed.access_token,
      renewAt: this.#now() + lifetimeMs - marginMs,
    };
    this.#cache.set(key, token);
    return token;
  }

  async #credentials(): Promise<{ clientId: string; clientSecret: string }> {
    const source = this.#options.credentials;
    if (source.kind === 'inline') return { clientId: source.clientId, clientSecret: source.clientSecret };
    try {
      const stored = storedCredentials.parse(JSON.parse(await readFile(source.path, 'utf8')));
      return { clientId: stored.client_id, clientSecret: stored.client_secret };
    } catch {
      throw new FinvisTokenError(
        'no-credentials',
        `no Finvis client credentials: set FINVIS_CLIENT_ID and FINVIS_CLIENT_SECRET, or provide ${source.path}`,
      );
    }
  }
}
