import { z } from 'zod';
import { RETRY_DELAYS_MS } from './retry-schedule';
import { webhookUrlPolicyFromEnv, type WebhookUrlPolicy } from './url-policy';

export interface WebhookDeliverySettings {
  policy: WebhookUrlPolicy;
  delaysMs: readonly number[];
  /** FINVIS_WEBHOOKS_RETRY_SCALE: the sandbox's compressed time (0.001 makes 3 days about 4 minutes). */
  scale: number;
  /** A 2xx within this counts; anything slower is a failure. */
  timeoutMs: number;
  /** How long a claimed attempt is reserved to its dispatcher; after it, another may take it over. */
  leaseMs: number;
  /**
   * FINVIS_WEBHOOKS_POLL_MS: how often an idle dispatcher looks for due retries and for events written
   * by other processes; events written by its own process wake it at once.
   */
  pollMs: number;
  /** Attempts run at once by one dispatcher. */
  concurrency: number;
  random: () => number;
}

const environment = z.object({
  FINVIS_WEBHOOKS_RETRY_SCALE: z.coerce.number().gt(0).max(1).default(1),
  FINVIS_WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
});

export const DELIVERY_TIMEOUT_MS = 15_000;

export function webhookDeliverySettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): WebhookDeliverySettings {
  const parsed = environment.safeParse({
    FINVIS_WEBHOOKS_RETRY_SCALE: env.FINVIS_WEBHOOKS_RETRY_SCALE || undefined,
    FINVIS_WEBHOOKS_POLL_MS: env.FINVIS_WEBHOOKS_POLL_MS || undefined,
  });
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    policy: webhookUrlPolicyFromEnv(env),
    delaysMs: RETRY_DELAYS_MS,
    scale: parsed.data.FINVIS_WEBHOOKS_RETRY_SCALE,
    timeoutMs: DELIVERY_TIMEOUT_MS,
    leaseMs: 60_000,
    pollMs: parsed.data.FINVIS_WEBHOOKS_POLL_MS,
    concurrency: 8,
    random: Math.random,
  };
}
