import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { problemTypes } from '../contract/problem';
import type { BffConfig } from './config';
import { sendBffProblem } from './http/problem';
import { callUpstream } from './upstream';

export interface BffAppOptions {
  config: BffConfig;
  logger: FastifyBaseLogger;
}

/** Headers of the API's answer that the browser may see; everything else stays behind the BFF. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'x-request-id'];

export async function buildBffApp({ config, logger }: BffAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => `bff_${randomUUID().replaceAll('-', '')}`,
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCompress, { global: true, threshold: 1024 });

  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  app.get('/api/health', async (request, reply) => {
    const upstream = await callUpstream(`${config.apiUrl}/public/health`, {
      method: 'GET',
      headers: { accept: 'application/json', 'x-request-id': request.id },
      timeoutMs: config.upstreamTimeoutMs,
    });
    if (!upstream.ok) {
      request.log.warn({ reason: upstream.reason, error: upstream.message }, 'Finvis API did not answer');
      return upstream.reason === 'timeout'
        ? sendBffProblem(
            request,
            reply,
            504,
            problemTypes.gatewayTimeout,
            'Gateway Timeout',
            'The Finvis API did not answer in time.',
          )
        : sendBffProblem(
            request,
            reply,
            502,
            problemTypes.badGateway,
            'Bad Gateway',
            'The Finvis API cannot be reached.',
          );
    }
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers[name];
      if (value !== undefined)
        void reply.header(name === 'x-request-id' ? 'x-upstream-request-id' : name, value);
    }
    return reply.code(upstream.status).send(upstream.body);
  });

  app.all('/api/*', async (request, reply) =>
    sendBffProblem(
      request,
      reply,
      404,
      problemTypes.notFound,
      'Not Found',
      `No route ${request.method} ${request.url.split('?')[0]}.`,
    ),
  );

  await registerSpa(app, config.staticDir);
  return app;
}

/** The built dashboard: hashed assets cached for a year, index.html never cached, client routes fall back to it. */
async function registerSpa(app: FastifyInstance, staticDir: string): Promise<void> {
  const indexPath = join(staticDir, 'index.html');
  if (!existsSync(indexPath)) {
    app.log.warn({ staticDir }, 'the dashboard is not built; run `npm run build`');
    app.setNotFoundHandler((request, reply) =>
      sendBffProblem(
        request,
        reply,
        503,
        problemTypes.unavailable,
        'Dashboard not built',
        'Run `npm run build`, then reload.',
      ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: staticDir,
    wildcard: false,
    index: false,
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.includes(`${join(staticDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const accept = request.headers.accept ?? '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendBffProblem(request, reply, 404, problemTypes.notFound, 'Not Found', 'No such resource.');
    }
    if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '') && !accept.includes('text/html')) {
      return sendBffProblem(request, reply, 404, problemTypes.notFound, 'Not Found', 'No such file.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
