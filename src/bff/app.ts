import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createLocalJWKSet } from 'jose';
import { problemTypes } from '../contract/problem';
import type { SessionConfig } from '../contract/session-config';
import { createUserTokenVerifier, type UserTokenVerifier } from './auth/user-token';
import type { BffConfig } from './config';
import { installBffErrorHandler, sendBffProblem } from './http/problem';
import { createDevIdp, IDP_MOUNT_PATH } from './idp/provider';
import { registerDevIdpRoutes, type DevIdpHolder } from './idp/routes';
import { registerLiveUpdates } from './live/live-updates';
import { FinvisTokenSource } from './proxy/finvis-tokens';
import { registerProxy } from './proxy/proxy';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

export interface BffAppOptions {
  config: BffConfig;
  logger: FastifyBaseLogger;
}

export interface BffApp {
  app: FastifyInstance;
  /** Called once the BFF listens: the embedded IdP's issuer is derived from the URL it is reached at. */
  started: (listeningUrl: string) => Promise<void>;
}

export async function buildBffApp({ config, logger }: BffAppOptions): Promise<BffApp> {
  const app = Fastify({
    loggerInstance: logger,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => `bff_${randomUUID().replaceAll('-', '')}`,
    return503OnClosing: true,
  });
  installBffErrorHandler(app);
  // Closing closes the keep-alive connections idle at that moment; one still answering a request stayed
  // open after its answer until keep-alive timed out (72 s), and so did Ctrl-C on `npm start`.
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    sweep = setInterval(() => app.server.closeIdleConnections(), 25).unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });

  const identity = config.identity;
  const csp = contentSecurityPolicy(identity.kind === 'external' ? identity.issuer : null);
  const headersFor = (request: FastifyRequest) => securityHeaders({ csp, tls: request.protocol === 'https' });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    void reply.headers(headersFor(request));
  });

  await app.register(fastifyCompress, { global: true, threshold: 1024 });

  app.get('/healthz', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  const devIdp: DevIdpHolder = { current: null };
  let issuer: string | null = identity.kind === 'external' ? identity.issuer : null;
  let verifier: UserTokenVerifier | null =
    identity.kind === 'external'
      ? createUserTokenVerifier({
          issuer: identity.issuer,
          audience: identity.audience,
          rolesClaim: config.rolesClaim,
          tenantClaim: config.tenantClaim,
          timeoutMs: config.upstreamTimeoutMs,
        })
      : null;

  app.get('/api/session-config', async (request, reply) => {
    if (!issuer) {
      return sendBffProblem(
        request,
        reply,
        503,
        problemTypes.unavailable,
        'Sign-in starting',
        'Try again in a moment.',
      );
    }
    const body: SessionConfig = {
      issuer,
      client_id: identity.clientId,
      scope: identity.scope,
      audience: identity.audience,
      roles_claim: config.rolesClaim,
      tenant_claim: config.tenantClaim,
      role_scopes: config.roleScopes,
    };
    return reply.header('cache-control', 'no-cache').send(body);
  });

  registerProxy(app, {
    apiUrl: config.apiUrl,
    timeoutMs: config.upstreamTimeoutMs,
    tenant: config.tenant,
    roleScopes: config.roleScopes,
    tokens: new FinvisTokenSource({
      apiUrl: config.apiUrl,
      credentials: config.clientCredentials,
      timeoutMs: config.upstreamTimeoutMs,
    }),
    verifier: () => verifier,
  });

  const live = registerLiveUpdates(app, {
    config: config.liveUpdates ?? { kind: 'off' },
    apiUrl: config.apiUrl,
    timeoutMs: config.upstreamTimeoutMs,
    tenant: config.tenant,
    roleScopes: config.roleScopes,
    tokens: new FinvisTokenSource({
      apiUrl: config.apiUrl,
      credentials: config.clientCredentials,
      timeoutMs: config.upstreamTimeoutMs,
    }),
    verifier: () => verifier,
    ...(config.liveHeartbeatMs ? { heartbeatMs: config.liveHeartbeatMs } : {}),
  });

  if (identity.kind === 'embedded') registerDevIdpRoutes(app, devIdp, headersFor);
  else
    app.all(`${IDP_MOUNT_PATH}/*`, async (request, reply) =>
      sendBffProblem(
        request,
        reply,
        404,
        problemTypes.notFound,
        'Not Found',
        'No identity provider is embedded here.',
      ),
    );

  await registerSpa(app, config.staticDir);

  return {
    app,
    started: async (listeningUrl) => {
      await live.started(config.publicUrl ?? listeningUrl);
      if (identity.kind !== 'embedded') return;
      const appUrl = config.publicUrl ?? listeningUrl;
      const embeddedIssuer = `${appUrl}${IDP_MOUNT_PATH}`;
      const idp = await createDevIdp({
        issuer: embeddedIssuer,
        appUrl,
        clientId: identity.clientId,
        audience: identity.audience,
        rolesClaim: config.rolesClaim,
        tenantClaim: config.tenantClaim,
        tenant: config.tenant,
      });
      devIdp.current = idp;
      verifier = createUserTokenVerifier({
        issuer: embeddedIssuer,
        audience: identity.audience,
        rolesClaim: config.rolesClaim,
        tenantClaim: config.tenantClaim,
        keys: createLocalJWKSet(idp.publicJwks),
        requireAccessTokenType: true,
        timeoutMs: config.upstreamTimeoutMs,
      });
      issuer = embeddedIssuer;
      app.log.warn(
        { issuer: embeddedIssuer },
        'the embedded development identity provider signs in made-up demo people',
      );
    },
  };
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
