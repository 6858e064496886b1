/** How the BFF gets the events it pushes to browsers. */
export type LiveUpdatesConfig =
  /** No receiver: the dashboard simply gets no live updates. */
  | { kind: 'off' }
  /** An endpoint registered by an administrator; its secret (or secrets, comma-separated, while rotating). */
  | { kind: 'secret'; secrets: string[] }
  /** The sandbox: the BFF registers its own receiver with the API on start. */
  | { kind: 'register'; receiverUrl: string | null };

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

/**
 * FINVIS_WEBHOOK_SECRET names a registered endpoint's secret; without it, the BFF registers itself
 * when it runs beside its own API (FINVIS_API_URL unset, as in `npm start`), and otherwise stays off.
 * FINVIS_WEBHOOK_RECEIVER_URL is where the API reaches the receiver (default: the BFF's own URL).
 */
export function liveUpdatesFromEnv(env: NodeJS.ProcessEnv): LiveUpdatesConfig {
  const secrets = (env.FINVIS_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  const bad = secrets.find((secret) => !SECRET.test(secret));
  if (bad !== undefined) {
    throw new Error(
      'FINVIS_WEBHOOK_SECRET must be whsec_<base64 of 32 bytes> (comma-separated while rotating)',
    );
  }
  if (secrets.length > 0) return { kind: 'secret', secrets };
  if (env.FINVIS_API_URL) return { kind: 'off' };
  return { kind: 'register', receiverUrl: env.FINVIS_WEBHOOK_RECEIVER_URL || null };
}
