import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { publicEndpoints } from '../contract/endpoints';
import type { DatabaseHandle } from './db/client';
import { registerMethodNotAllowed } from './http/endpoint-route';
import { installProblemHandlers } from './http/problem';
import { registerHealthRoutes } from './routes/health';

export interface ApiAppOptions {
  database: DatabaseHandle;
  logger: FastifyBaseLogger;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the Finvis Public API: platform plumbing first, then the routes of the contract. */
export function buildApiApp({ database, logger }: ApiAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 10 * 1024 * 1024,
    // A caller's own X-Request-Id is kept when it is sane, so a request can be followed across systems.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given)
        ? given
        : `req_${randomUUID().replaceAll('-', '')}`;
    },
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  installProblemHandlers(app);
  registerHealthRoutes(app, database);
  registerMethodNotAllowed(app, publicEndpoints);
  return app;
}
