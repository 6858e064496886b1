import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemTypes } from '../../contract/problem';
import { sendBffProblem } from '../http/problem';
import { DEMO_PEOPLE, findDemoPerson } from './people';
import { IDP_STYLESHEET, loginPage } from './pages';
import { IDP_MOUNT_PATH, type DevIdp } from './provider';

/** Set once the BFF listens and knows its URL (the issuer is derived from it). */
export interface DevIdpHolder {
  current: DevIdp | null;
}

/**
 * Mounts the embedded IdP under /idp: the login interaction pages are Fastify routes; everything
 * else under /idp goes to node-oidc-provider untouched (it parses its own bodies).
 */
export function registerDevIdpRoutes(
  app: FastifyInstance,
  holder: DevIdpHolder,
  headersFor: (request: FastifyRequest) => Record<string, string>,
): void {
  const ready = (request: FastifyRequest, reply: FastifyReply): DevIdp | null => {
    if (holder.current) return holder.current;
    void sendBffProblem(
      request,
      reply,
      503,
      problemTypes.unavailable,
      'Identity provider starting',
      'The development identity provider is not ready yet; try again in a moment.',
    );
    return null;
  };

  app.get(`${IDP_MOUNT_PATH}/static/idp.css`, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(IDP_STYLESHEET),
  );

  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) =>
        done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString())),
    );

    scope.get<{ Params: { uid: string } }>(`${IDP_MOUNT_PATH}/interaction/:uid`, async (request, reply) => {
      const idp = ready(request, reply);
      if (!idp) return reply;
      const details = await idp.provider.interactionDetails(request.raw, reply.raw).catch(() => null);
      if (details?.uid !== request.params.uid) return sendInteractionGone(request, reply);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(loginPage(details.uid, DEMO_PEOPLE));
    });

    scope.post<{ Params: { uid: string }; Body: URLSearchParams }>(
      `${IDP_MOUNT_PATH}/interaction/:uid/login`,
      async (request, reply) => {
        const idp = ready(request, reply);
        if (!idp) return reply;
        const details = await idp.provider.interactionDetails(request.raw, reply.raw).catch(() => null);
        if (details?.uid !== request.params.uid) return sendInteractionGone(request, reply);
        const personId = request.body instanceof URLSearchParams ? request.body.get('person') : null;
        const person = personId ? findDemoPerson(personId) : undefined;
        if (!person) {
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(loginPage(details.uid, DEMO_PEOPLE));
        }
        const returnTo = await idp.provider.interactionResult(request.raw, reply.raw, {
          login: { accountId: person.id },
        });
        return reply.redirect(returnTo, 303);
      },
    );

    scope.post<{ Params: { uid: string } }>(
      `${IDP_MOUNT_PATH}/interaction/:uid/abort`,
      async (request, reply) => {
        const idp = ready(request, reply);
        if (!idp) return reply;
        const returnTo = await idp.provider
          .interactionResult(request.raw, reply.raw, {
            error: 'access_denied',
            error_description: 'The person cancelled the sign-in.',
          })
          .catch(() => null);
        if (!returnTo) return sendInteractionGone(request, reply);
        return reply.redirect(returnTo, 303);
      },
    );
    done();
  });

  // Everything else under /idp: hand the raw request to the provider, as a mount would (Express-style).
  app.route({
    method: ['GET', 'POST', 'OPTIONS', 'HEAD'],
    url: `${IDP_MOUNT_PATH}/*`,
    onRequest: async (request, reply) => {
      const idp = ready(request, reply);
      if (!idp) return reply;
      reply.hijack();
      const raw: ServerResponse = reply.raw;
      for (const [name, value] of Object.entries(headersFor(request))) raw.setHeader(name, value);
      raw.setHeader('x-request-id', request.id);
      const incoming: IncomingMessage & { originalUrl?: string } = request.raw;
      incoming.originalUrl = request.raw.url ?? '';
      incoming.url = incoming.originalUrl.slice(IDP_MOUNT_PATH.length) || '/';
      await idp.provider.callback()(incoming, raw);
      return reply;
    },
    handler: async (_request, reply) => reply,
  });
}

function sendInteractionGone(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendBffProblem(
    request,
    reply,
    400,
    problemTypes.validation,
    'Sign-in expired',
    'This sign-in page has expired; start the sign-in again.',
  );
}
