import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { requestId, type Logger } from '../shared/log';
import type { ErrorLogger } from '../shared/unexpected';
import { HTTP_LIMITS, type HttpLimits } from './http-limits';
import { MAX_BODY_BYTES } from './plugins/body-limits';
import { limitConnectionsPerClient } from './plugins/client-connections';
import { registerPublicCors } from './plugins/cors';
import { registerErrorAnswers } from './plugins/errors';
import { createMetrics, registerMetrics } from './plugins/metrics';
import { registerRateLimit, type RateLimitOptions } from './plugins/rate-limit';
import { PUBLIC_PATHS } from './public-paths';
import type { HttpRoute } from './routes/route';

export interface HttpOptions {
  /** What the app serves. */
  routes: HttpRoute[];
  logError: ErrorLogger;
  /** The database pools whose connections the metrics show. */
  pools: Record<string, Pool>;
  /** Per-client request budgets; absent, nothing is limited (tests and benchmarks of other things). */
  rateLimit?: Omit<RateLimitOptions, 'onReject'>;
  /** Where request lines go (each with its request id); absent, nothing is logged. */
  logger?: Logger;
  /** Proxies whose X-Forwarded-For names the client, so that each client gets its own rate-limit budget behind them. */
  trustedProxies?: string[];
  /** Timeouts and connection limits (default HTTP_LIMITS; tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
  /** With a token, GET /metrics on this server answers requests that carry it (`Authorization: Bearer <token>`); without, it is not served here (see serveMetrics). */
  metricsToken?: string | null;
}

/**
 * Fastify with what every route needs (request ids, timeouts and connection limits, rate limits,
 * metrics, errors as GraphQL errors on /graphql and RFC 9457 problems elsewhere), then the app's
 * routes, each in a scope of its own with the plugins it needs.
 */
export async function createHttpServer({
  routes,
  logError,
  pools,
  rateLimit,
  logger,
  trustedProxies = [],
  httpLimits = {},
  metricsToken = null,
}: HttpOptions): Promise<FastifyInstance> {
  const limits = { ...HTTP_LIMITS, ...httpLimits };
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    // Node's own checks: the request line and headers within headersMs (looked at every second).
    http: { headersTimeout: limits.headersMs, connectionsCheckingInterval: 1_000 },
    // Bodies are timed by their own pace (pacedUpload), which the bulk route needs to be slower.
    requestTimeout: 0,
    keepAliveTimeout: limits.keepAliveMs,
    connectionTimeout: limits.socketIdleMs,
    // pino's Logger is Fastify's logger type in all but name; without the cast the instance's type is generic over it.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    // One line per answer comes from registerMetrics, at debug level; Fastify's two per request would drown the log.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    trustProxy: trustedProxies.length ? trustedProxies : false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorAnswers(app, logError);
  limitConnectionsPerClient(app, limits.connectionsPerClient, trustedProxies);
  const metrics = createMetrics(pools);
  registerMetrics(app, metrics, metricsToken);
  if (rateLimit) await registerRateLimit(app, { ...rateLimit, onReject: (limitedAs) => metrics.rateLimited.inc({ limited_as: limitedAs }) });
  // Once for the server: the plugin's preflight route (OPTIONS *) can exist only once.
  await registerPublicCors(app, PUBLIC_PATHS);
  for (const route of routes) await app.register(route);
  return app;
}
