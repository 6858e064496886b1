import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { newId } from '../ids';
import { BlockedAddressError, guardedLookup } from './address-guard';
import { onOutboxWrite } from './events';
import { nextDelayMs, parseRetryAfter, RETRY_AFTER_STATUSES } from './retry-schedule';
import type { WebhookDeliverySettings } from './settings';
import { signDelivery } from './signing';
import { webhookUrlProblem } from './url-policy';

/*
 * The webhook dispatcher. Each pass it (1) fans the outbox's new events out into one message per
 * subscribed endpoint, and (2) claims the messages that are due and delivers them. Claims are short
 * transactions with FOR UPDATE SKIP LOCKED that push the message's due time a lease ahead, so any
 * number of dispatchers (API instances) share the work and never run one attempt twice; an attempt
 * whose dispatcher died is taken over when its lease lapses, so a restart loses nothing.
 */

interface ClaimedMessage {
  tenant_id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  attempts: number;
  manual: boolean;
  payload: Record<string, unknown>;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_valid: boolean;
}

export interface AttemptOutcome {
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
  latencyMs: number;
}

export interface DispatchPassResult {
  fannedOut: number;
  attempted: number;
}

export interface WebhookDispatcher {
  /** One pass: fan out, then deliver whatever is due (used by tests and by the loop). */
  runOnce(): Promise<DispatchPassResult>;
  stop(): Promise<void>;
}

const FAN_OUT_BATCH = 200;
/** While events are flowing, how often to look, and for how long after the last sign of them. */
const ACTIVE_POLL_MS = 200;
const ACTIVE_FOR_MS = 3_000;

/** Fans new outbox events out to the enabled endpoints subscribed to their type; marks them handed over. */
async function fanOut(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const events = await selectRows<{ id: string }>(
      tx,
      sql`select id from outbox where delivered_at is null order by created_at, id
          limit ${FAN_OUT_BATCH} for update skip locked`,
    );
    if (events.length === 0) return 0;
    const ids = events.map((event) => event.id);
    await tx.execute(sql`
      insert into webhook_messages (tenant_id, event_id, endpoint_id, next_attempt_at)
      select o.tenant_id, o.id, w.id, now()
      from outbox o join webhook_endpoints w on w.tenant_id = o.tenant_id
      where o.id in ${inList(ids)} and w.enabled and (o.type = any(w.event_types) or '*' = any(w.event_types))
      on conflict do nothing`);
    await tx.execute(sql`update outbox set delivered_at = now() where id in ${inList(ids)}`);
    return events.length;
  });
}

function inList(values: readonly string[]) {
  return sql`(${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

async function claimDue(
  db: Database,
  claim: string,
  settings: WebhookDeliverySettings,
  limit: number,
): Promise<ClaimedMessage[]> {
  return db.transaction((tx) =>
    selectRows<ClaimedMessage>(
      tx,
      sql`
      with due as (
        select m.event_id, m.endpoint_id from webhook_messages m
        join webhook_endpoints w on w.id = m.endpoint_id
        where m.state = 'pending' and m.next_attempt_at <= now() and w.enabled
        order by m.next_attempt_at
        limit ${limit}
        for update of m skip locked
      )
      update webhook_messages m
      set claim = ${claim}, next_attempt_at = now() + make_interval(secs => ${settings.leaseMs / 1000})
      from due, outbox o, webhook_endpoints w
      where m.event_id = due.event_id and m.endpoint_id = due.endpoint_id
        and o.id = m.event_id and w.id = m.endpoint_id
      returning m.tenant_id, m.event_id, o.type as event_type, m.endpoint_id, m.attempts, m.manual,
        o.payload, w.url, w.secret, w.previous_secret,
        coalesce(w.previous_secret_expires_at > now(), false) as previous_secret_valid`,
    ),
  );
}

/** Sends one attempt: a fresh timestamp, the same event id, 2xx within the timeout or it failed. */
async function attempt(
  message: ClaimedMessage,
  settings: WebhookDeliverySettings,
  agent: Agent,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const refused = webhookUrlProblem(message.url, settings.policy);
  if (refused) {
    return { succeeded: false, statusCode: null, error: refused, retryAfterMs: null, latencyMs: 0 };
  }
  const body = JSON.stringify(message.payload);
  const secrets = [
    message.secret,
    ...(message.previous_secret_valid && message.previous_secret ? [message.previous_secret] : []),
  ];
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Finvis-Webhooks/1',
    ...signDelivery({
      eventId: message.event_id,
      body,
      timestampSeconds: Math.floor(Date.now() / 1000),
      secrets,
    }),
  };
  try {
    const response = await request(message.url, {
      method: 'POST',
      headers,
      body,
      dispatcher: agent,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      signal: AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]),
    });
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const status = response.statusCode;
    const latencyMs = elapsed();
    if (status >= 200 && status < 300) {
      return { succeeded: true, statusCode: status, error: null, retryAfterMs: null, latencyMs };
    }
    const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
      ? parseRetryAfter(response.headers['retry-after'])
      : null;
    const error =
      status >= 300 && status < 400
        ? `redirect (${status}) not followed: a webhook URL must answer 2xx itself`
        : `the endpoint answered ${status}`;
    return { succeeded: false, statusCode: status, error, retryAfterMs, latencyMs };
  } catch (error) {
    return {
      succeeded: false,
      statusCode: null,
      error: describeFailure(error, settings),
      retryAfterMs: null,
      latencyMs: elapsed(),
    };
  }
}

function describeFailure(error: unknown, settings: WebhookDeliverySettings): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof BlockedAddressError || error instanceof BlockedAddressError) {
    return (cause as Error).message;
  }
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return `no answer within ${settings.timeoutMs / 1000} s`;
  }
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  return cause instanceof Error ? cause.message : String(cause);
}

/** Records an attempt and moves its message on; only the dispatcher holding the claim moves it. */
async function record(
  db: Database,
  claim: string,
  message: ClaimedMessage,
  outcome: AttemptOutcome,
  settings: WebhookDeliverySettings,
): Promise<void> {
  const attemptsMade = message.attempts + 1;
  const gone = outcome.statusCode === 410;
  const delay =
    outcome.succeeded || gone || message.manual
      ? null
      : nextDelayMs(settings, attemptsMade, outcome.retryAfterMs);
  const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
  const state = outcome.succeeded ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed';
  const disableReason =
    outcome.succeeded || message.manual
      ? null
      : gone
        ? 'endpoint_gone'
        : nextAttemptAt
          ? null
          : 'retries_exhausted';
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into webhook_delivery_attempts
        (id, tenant_id, event_id, event_type, endpoint_id, attempt, succeeded, status_code, latency_ms, error, next_attempt_at)
      values (${newId('webhookDelivery')}, ${message.tenant_id}, ${message.event_id}, ${message.event_type},
        ${message.endpoint_id}, ${attemptsMade}, ${outcome.succeeded}, ${outcome.statusCode}, ${outcome.latencyMs},
        ${outcome.error}, ${nextAttemptAt?.toISOString() ?? null}::timestamptz)`);
    const moved = await selectRows<{ event_id: string }>(
      tx,
      sql`update webhook_messages
          set attempts = ${attemptsMade}, state = ${state}, next_attempt_at = ${nextAttemptAt?.toISOString() ?? null}::timestamptz,
            claim = null, manual = false
          where event_id = ${message.event_id} and endpoint_id = ${message.endpoint_id} and claim = ${claim}
          returning event_id`,
    );
    if (moved.length > 0 && disableReason) {
      await tx.execute(sql`
        update webhook_endpoints set enabled = false, disabled_reason = ${disableReason}, updated_at = now()
        where id = ${message.endpoint_id} and enabled`);
    }
  });
}

/** Hands claims back (due now) when the dispatcher stops mid-attempt, so the next one starts at once. */
async function release(db: Database, claim: string): Promise<void> {
  await db.execute(
    sql`update webhook_messages set claim = null, next_attempt_at = now() where claim = ${claim} and state = 'pending'`,
  );
}

export function createWebhookDispatcher(
  db: Database,
  settings: WebhookDeliverySettings,
  logger: FastifyBaseLogger,
): WebhookDispatcher & { start(): void } {
  const agent = new Agent({
    connect: { lookup: guardedLookup(settings.policy.allowPrivate), timeout: settings.timeoutMs },
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  });
  const claim = `dsp_${randomUUID()}`;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let stopped: Promise<void> | null = null;

  const runOnce = async (): Promise<DispatchPassResult> => {
    const fannedOut = await fanOut(db);
    let attempted = 0;
    while (!stopping.signal.aborted) {
      const due = await claimDue(db, claim, settings, settings.concurrency);
      if (due.length === 0) break;
      await Promise.all(
        due.map(async (message) => {
          const outcome = await attempt(message, settings, agent, stopping.signal);
          if (stopping.signal.aborted) return;
          await record(db, claim, message, outcome, settings);
          if (!outcome.succeeded) {
            logger.info(
              {
                event: message.event_id,
                endpoint: message.endpoint_id,
                status: outcome.statusCode,
                error: outcome.error,
              },
              'webhook attempt failed',
            );
          }
        }),
      );
      attempted += due.length;
    }
    return { fannedOut, attempted };
  };

  // Busy after a write of this process or a pass with work: look every ACTIVE_POLL_MS for a while.
  let activeUntil = 0;
  const schedule = () => {
    if (stopping.signal.aborted) return;
    const delay = Date.now() < activeUntil ? Math.min(ACTIVE_POLL_MS, settings.pollMs) : settings.pollMs;
    timer = setTimeout(() => {
      timer = null;
      running = runOnce()
        .then((pass) => {
          if (pass.fannedOut > 0 || pass.attempted > 0) activeUntil = Date.now() + ACTIVE_FOR_MS;
        })
        .catch((error: unknown) => logger.error({ err: error }, 'webhook dispatch failed'))
        .finally(schedule);
    }, delay);
    timer.unref();
  };
  const unsubscribe = onOutboxWrite(() => {
    activeUntil = Date.now() + ACTIVE_FOR_MS;
    // Waiting out an idle poll: come sooner. A pass already running reschedules itself when done.
    if (timer) {
      clearTimeout(timer);
      schedule();
    }
  });

  return {
    runOnce,
    start: schedule,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        unsubscribe();
        if (timer) clearTimeout(timer);
        await running.catch(() => undefined);
        await release(db, claim).catch(() => undefined);
        await agent.close();
      })();
      return stopped;
    },
  };
}

/** The dispatcher the API runs beside itself: a pass every `pollMs`, stopped with the server. */
export function startWebhookDispatcher(
  db: Database,
  settings: WebhookDeliverySettings,
  logger: FastifyBaseLogger,
): WebhookDispatcher {
  const dispatcher = createWebhookDispatcher(db, settings, logger);
  dispatcher.start();
  return dispatcher;
}
