import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
} from 'fastify';
import { todayInStockholm, type IsoDate } from '../banking/dates';
import { publicEndpoints } from '../contract/endpoints';
import type { TokenIssuer } from './auth/access-token';
import { createAuthenticator, type AuthContext } from './auth/authenticate';
import type { ClientStatusCache } from './auth/client-status';
import type { DatabaseHandle } from './db/client';
import { registerMethodNotAllowed } from './http/endpoint-route';
import { installProblemHandlers } from './http/problem';
import type { TenantReadCache } from './read-cache/tenant-read-cache';
import { createRequestGuard } from './http/request-guard';
import type { RateLimitStore } from './rate-limit/limiter';
import { registerHealthRoutes } from './routes/health';
import { registerLedgerRoutes } from './routes/ledger';
import { registerReferenceRoutes } from './routes/reference';
import { registerReportingRoutes } from './routes/reporting';
import { registerForecastRoutes } from './routes/forecast';
import { registerTokenRoutes } from './routes/token';
import { registerWebhookDeliveryRoutes } from './routes/webhook-deliveries';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { registerPaymentRoutes } from './routes/payments';
import { registerImportRoutes } from './routes/imports';
import { registerReconciliationRoutes } from './routes/reconciliation';
import { registerReconciliationQueueRoutes } from './routes/reconciliation-queue';
import { registerReconciliationSettingsRoutes } from './routes/reconciliation-settings';
import { registerReconciliationExplanationRoutes } from './routes/reconciliation-explanations';
import { cachedHistories } from './forecast/history-cache';
import { EarlierForecastStore, withEarlierForecastStore } from './forecast/earlier-forecast-store';
import { SettledInvoiceStore } from './forecast/settled-invoice-store';
import { SettledInvoiceCache } from './forecast/settled-invoices';

export interface ApiServices {
  database: DatabaseHandle;
  tokens: TokenIssuer;
  clients: ClientStatusCache;
  rateLimits: RateLimitStore;
  /** Ledger reads served from memory until the tenant's ledger changes. */
  readCache: TenantReadCache;
}

export interface ApiAppOptions extends ApiServices {
  logger: FastifyBaseLogger;
  /**
   * Who is calling, set on every request in place of the token check and rate limit. Only the HTTP
   * benchmark sets it, to measure what the guard costs on an otherwise identical API.
   */
  fixedCaller?: AuthContext;
  /** Today in Stockholm, as the API's date-dependent answers see it; tests fix it so a run across midnight holds. */
  today?: () => IsoDate;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the Finvis Public API: platform plumbing first (ids, errors, auth, limits), then the routes. */
export async function buildApiApp(options: ApiAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger,
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

  app.decorateRequest('auth', null);
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
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const { fixedCaller } = options;
  app.addHook(
    'onRequest',
    fixedCaller
      ? (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
          request.auth = fixedCaller;
          done();
        }
      : createRequestGuard(createAuthenticator(options.tokens, options.clients), options.rateLimits),
  );

  // A caller that reads right after its own write must see it, before the database's notice of the
  // change reaches this process: the write itself retires the tenant's cached reads.
  app.addHook('onSend', (request, _reply, _payload, done) => {
    if (request.auth && request.method !== 'GET' && request.method !== 'HEAD') {
      options.readCache.tenantChanged(request.auth.tenantId);
    }
    done();
  });

  installProblemHandlers(app);
  registerHealthRoutes(app, options.database);
  registerReferenceRoutes(app);
  await registerTokenRoutes(app, options.database, options.tokens, options.rateLimits);
  registerLedgerRoutes(app, options.database.db, options.readCache);
  const today = options.today ?? todayInStockholm;
  const settledStore = new SettledInvoiceStore(options.database.db, (error) =>
    app.log.warn({ err: error }, 'could not store the settled invoices for the next process'),
  );
  const earlierStore = new EarlierForecastStore(options.database.db, (error) =>
    app.log.warn({ err: error }, 'could not store the earlier forecasts for the next process'),
  );
  app.addHook('onClose', async () => {
    await Promise.all([settledStore.settle(), earlierStore.settle()]);
  });
  const loadHistory = withEarlierForecastStore(
    cachedHistories(options.readCache, new SettledInvoiceCache(settledStore)),
    earlierStore,
  );
  registerReportingRoutes(app, options.database.db, loadHistory, today);
  registerForecastRoutes(app, { database: options.database, loadHistory, today });
  registerWebhookEndpointRoutes(app, options);
  registerWebhookDeliveryRoutes(app, options);
  registerPaymentRoutes(app, { database: options.database, today });
  await registerImportRoutes(app, options);
  registerReconciliationRoutes(app, options);
  registerReconciliationQueueRoutes(app, options);
  registerReconciliationSettingsRoutes(app, options);
  registerReconciliationExplanationRoutes(app, options);
  registerMethodNotAllowed(app, publicEndpoints);
  return app;
}
