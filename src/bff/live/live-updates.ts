import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemTypes } from '../../contract/problem';
import type { Scope } from '../../contract/scopes';
import type { WebhookEventType } from '../../contract/webhooks';
import type { RoleScopes } from '../../contract/scopes';
import type { UserTokenVerifier } from '../auth/user-token';
import { sendBffProblem } from '../http/problem';
import type { FinvisTokenSource } from '../proxy/finvis-tokens';
import { EventHub, liveEvent, type LiveEvent } from './event-hub';
import type { LiveUpdatesConfig } from './live-config';
import { registerReceiver } from './registration';
import { checkFinvisSignature } from './signature';
import { authorizeStream } from './stream-auth';

export const RECEIVER_PATH = '/webhooks/finvis';
export const EVENTS_PATH = '/api/events';

/** Which scope lets a person see an event: the scope that reads the resource it carries. */
const SCOPE_OF: Record<WebhookEventType, Scope> = {
  'transaction.created': 'read:ledger',
  'payment.status.updated': 'read:payments',
  'reconciliation.match.proposed': 'read:reconciliation',
  'reconciliation.match.confirmed': 'read:reconciliation',
};

export interface LiveUpdatesOptions {
  config: LiveUpdatesConfig;
  apiUrl: string;
  timeoutMs: number;
  tenant: string;
  roleScopes: RoleScopes;
  tokens: FinvisTokenSource;
  verifier: () => UserTokenVerifier | null;
  /** How often an idle stream gets a comment line, so proxies and browsers keep it open. */
  heartbeatMs?: number;
}

function sseMessage(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Live updates: the BFF's webhook receiver (`POST /webhooks/finvis`: signature and timestamp
 * checked, duplicates dropped) and the browsers' event stream (`GET /api/events`: server-sent
 * events, authenticated by the Authorization header, with heartbeats and Last-Event-ID resumption).
 */
export function registerLiveUpdates(
  app: FastifyInstance,
  options: LiveUpdatesOptions,
): { hub: EventHub; started(listeningUrl: string): Promise<void> } {
  const hub = new EventHub();
  const secrets: string[] = options.config.kind === 'secret' ? [...options.config.secrets] : [];
  const streams = new Set<ServerResponse>();
  const heartbeatMs = options.heartbeatMs ?? 15_000;

  void app.register((scope, _options, done) => {
    // The signature covers the exact bytes sent, so the body is kept raw until it has been checked.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_request, body, next) =>
      next(null, body),
    );
    scope.post(RECEIVER_PATH, async (request, reply) => {
      if (secrets.length === 0) {
        return sendBffProblem(
          request,
          reply,
          503,
          problemTypes.unavailable,
          'Not ready',
          'Live updates are not set up.',
        );
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-finvis-signature'];
      const check = checkFinvisSignature(typeof header === 'string' ? header : undefined, body, secrets);
      if (!check.ok) {
        const title = check.status === 400 ? 'Bad Request' : 'Unauthorized';
        const type = check.status === 400 ? problemTypes.validation : problemTypes.unauthorized;
        return sendBffProblem(request, reply, check.status, type, title, check.detail);
      }
      let event: LiveEvent;
      try {
        event = liveEvent.parse(JSON.parse(body.toString('utf8')));
      } catch {
        return sendBffProblem(
          request,
          reply,
          400,
          problemTypes.validation,
          'Bad Request',
          'Not a Finvis event.',
        );
      }
      const fresh = hub.accept(event);
      return reply.code(200).send({ received: true, duplicate: !fresh });
    });
    done();
  });

  app.get(EVENTS_PATH, async (request, reply) => {
    const access = await authorizeStream(request.headers.authorization, {
      verifier: options.verifier(),
      tenant: options.tenant,
      roleScopes: options.roleScopes,
    });
    if (!access.ok) {
      if (access.status === 401) void reply.header('www-authenticate', 'Bearer');
      const type =
        access.status === 401
          ? problemTypes.unauthorized
          : access.status === 403
            ? problemTypes.forbidden
            : problemTypes.unavailable;
      return sendBffProblem(request, reply, access.status, type, access.title, access.detail);
    }
    openStream(request, reply, access.scopes, access.expiresAt);
    return reply;
  });

  function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    scopes: Scope[],
    expiresAt: number,
  ): void {
    const visible = (event: LiveEvent) => scopes.includes(SCOPE_OF[event.type]);
    reply.hijack();
    const raw = reply.raw;
    const headers = Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(
        (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
      ),
    );
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    const lastEventId = request.headers['last-event-id'];
    if (typeof lastEventId === 'string' && lastEventId !== '') {
      const missed = hub.since(lastEventId);
      // Unknown to this BFF (too old, or it restarted): the browser must refetch what it shows.
      if (missed === null) raw.write('event: reset\ndata: {}\n\n');
      else for (const event of missed.filter(visible)) raw.write(sseMessage(event));
    }
    streams.add(raw);
    const unsubscribe = hub.subscribe((event) => {
      if (visible(event)) raw.write(sseMessage(event));
    });
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), heartbeatMs);
    const expiry = setTimeout(() => raw.end(), Math.max(0, expiresAt - Date.now()));
    const close = () => {
      streams.delete(raw);
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiry);
    };
    raw.on('close', close);
  }

  // Open streams would keep the server from closing: end them first, the browsers reconnect elsewhere.
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  return {
    hub,
    async started(listeningUrl) {
      if (options.config.kind !== 'register') return;
      const receiverUrl = options.config.receiverUrl ?? `${listeningUrl}${RECEIVER_PATH}`;
      try {
        const secret = await registerReceiver({
          apiUrl: options.apiUrl,
          receiverUrl,
          tokens: options.tokens,
          timeoutMs: options.timeoutMs,
        });
        secrets.splice(0, secrets.length, secret);
        app.log.info({ receiverUrl }, 'live updates: webhook receiver registered with the Finvis API');
      } catch (error) {
        app.log.warn(
          { err: error, receiverUrl },
          'live updates are off: the webhook receiver could not be registered',
        );
      }
    },
  };
}
