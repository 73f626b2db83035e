import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { readCatalogueVersion } from '../db/catalogue-version';
import type { RoleSql } from '../db/role-pools';
import { requestId, type Logger } from '../log';
import { registerDossierBulkRoute } from '../statistics/dossier-bulk.route';
import { RequestSql } from '../db/request-sql';
import { limitConnectionsPerClient } from './client-connections';
import { createContext, createServiceCaches, createServices, type Context } from './context';
import { DocumentShapeCheck } from './document-shape';
import { HTTP_LIMITS, type HttpLimits } from './http-limits';
import { envelopeProblem } from './request-envelope';
import { textArgumentsPlugin } from './text-arguments';
import { pacedUpload } from './upload-pace';
import { createErrorFormatter, type ErrorLogger } from './format-error';
import { limitJsonBodies, MAX_BODY_BYTES } from './body-limits';
import { registerPublicCors } from './cors';
import { createMetrics, operationLabelPlugin, registerMetrics, type Observed } from './metrics';
import { withDeadline } from './deadline';
import { costLimitPlugin, limitRules, QUERY_LIMITS } from './query-limits';
import { registerRateLimit, type RateLimits, type RateLimitStore } from './rate-limit';
import { ResponseCache, type CacheSlot } from './response-cache';
import { registerHttpErrorHandler, unavailableStatusPlugin } from './unavailable-errors';
import { buildAppSchema } from './schema';


export interface ServerOptions {
  /** The pools requests run on: public reads as the reader role, agencies' writes as the ingest role. */
  sql: RoleSql;
  logError: ErrorLogger;
  /** Entries of each kind of catalogue answer kept in memory (config COUNT_CACHE_SIZE). */
  countCacheSize: number;
  /** Bytes of whole answers kept until the catalogue changes (config RESPONSE_CACHE_MB); 0 keeps none. */
  responseCacheBytes: number;
  /** Per-client request budgets; absent, nothing is limited (tests and benchmarks of other things). */
  rateLimit?: { store: RateLimitStore; limits: RateLimits; onStoreError: (error: unknown) => void };
  /** Where request lines go (each with its request id); absent, nothing is logged. */
  logger?: Logger;
  /** How long one GraphQL operation may take (default QUERY_LIMITS.deadlineMs). */
  operationDeadlineMs?: number;
  /** Proxies whose X-Forwarded-For names the client, so that each client gets its own rate-limit budget behind them. */
  trustedProxies?: string[];
  /** Timeouts and connection limits (default HTTP_LIMITS; tests shorten them). */
  httpLimits?: Partial<HttpLimits>;
  /** With a token, GET /metrics on this server answers requests that carry it (`Authorization: Bearer <token>`); without, it is not served here (see serveMetrics). */
  metricsToken?: string | null;
}

/** A GET request's parameters as the request they stand for, with `variables` and `extensions` parsed when they can be (Apollo answers those that cannot). */
function getParameters(query: unknown): Record<string, unknown> {
  const parameters = { ...(query as Record<string, unknown>) };
  for (const name of ['variables', 'extensions']) {
    const raw = parameters[name];
    if (typeof raw !== 'string') continue;
    try {
      parameters[name] = JSON.parse(raw);
    } catch {
      delete parameters[name];
    }
  }
  return parameters;
}

function toGraphQLRequest(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const query = request.url.indexOf('?');
  return { method: request.method, headers, body: request.body, search: query < 0 ? '' : request.url.slice(query) };
}

/** Fastify with Apollo on /graphql (answers to catalogue queries cached), plus liveness and readiness probes. */
export async function createHttpServer({
  sql,
  logError,
  countCacheSize,
  responseCacheBytes,
  rateLimit,
  logger,
  operationDeadlineMs = QUERY_LIMITS.deadlineMs,
  trustedProxies = [],
  httpLimits = {},
  metricsToken = null,
}: ServerOptions): Promise<FastifyInstance> {
  const limits = { ...HTTP_LIMITS, ...httpLimits };
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    // Node's own checks: the request line and headers within headersMs (looked at every second).
    http: { headersTimeout: limits.headersMs, connectionsCheckingInterval: 1_000 },
    // Bodies are timed by their own pace (pacedUpload), which the bulk route needs to be slower.
    requestTimeout: 0,
    keepAliveTimeout: limits.keepAliveMs,
    connectionTimeout: limits.socketIdleMs,
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    // One line per answer comes from registerMetrics, at debug level; Fastify's two per request would drown the log.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    trustProxy: trustedProxies.length ? trustedProxies : false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  limitConnectionsPerClient(app, limits.connectionsPerClient, trustedProxies);
  app.addHook('preParsing', async (request, _reply, payload) => (request.url.startsWith('/graphql') ? pacedUpload(payload, limits.graphqlBody) : payload));
  registerPublicCors(app, '/graphql');
  limitJsonBodies(app);
  registerHttpErrorHandler(app, logError);
  const metrics = createMetrics({ reader: sql.read.pool, ingest: sql.ingest.pool });
  registerMetrics(app, metrics, metricsToken);
  const caches = createServiceCaches(countCacheSize);
  // For what is not one GraphQL request: API keys checked by the rate limiter and the bulk route, and bulk writes.
  const shared = createServices(sql, caches);
  if (rateLimit) {
    registerRateLimit(app, {
      ...rateLimit,
      onReject: (limitedAs) => metrics.rateLimited.inc({ limited_as: limitedAs }),
      apiKeyOf: (request) => shared.apiKeys.authenticate(request.headers.authorization).then((principal) => principal.keyId, () => null),
    });
  }
  const responses = new ResponseCache(responseCacheBytes);
  const shapes = new DocumentShapeCheck(QUERY_LIMITS);
  const apollo = new ApolloServer<Context>({
    schema: await buildAppSchema(),
    formatError: createErrorFormatter(logError),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    validationRules: limitRules,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    // Apollo's cache-control plugin wraps every field resolver to collect hints nobody reads here.
    plugins: [
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(),
      textArgumentsPlugin(),
      unavailableStatusPlugin(),
      operationLabelPlugin(),
      responses.plugin(),
    ],
  });
  await apollo.start();

  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: async (request, reply) => {
      const parameters = request.method === 'GET' ? getParameters(request.query) : request.body;
      const refused = envelopeProblem(parameters);
      if (refused) return reply.code(refused.status).send({ errors: [{ message: refused.message, extensions: { code: refused.code } }] });
      const query = (parameters as { query?: unknown } | null)?.query;
      const shape = typeof query === 'string' ? shapes.problem(query) : null;
      if (shape) return reply.code(400).send({ errors: [{ message: shape, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });

      const key = responses.slotKey(request);
      const slot: CacheSlot | null = key === null ? null : { key, version: await readCatalogueVersion(sql.read) };
      const cached = slot && responses.get(slot);
      if (cached) {
        request.operation = cached.operation;
        return reply.code(200).headers(Object.fromEntries(cached.headers)).send(cached.body);
      }

      const httpGraphQLRequest = toGraphQLRequest(request);
      const observed: Observed = { operation: 'graphql (not executed)' };
      // This request's own statements, stopped if its deadline passes (see RequestSql).
      const own = { read: new RequestSql(sql.read.pool), ingest: new RequestSql(sql.ingest.pool) };
      const execution = apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => ({ ...createContext(own.read, createServices(own, caches), request.headers.authorization), observed }),
      });
      const abandon = () => {
        own.read.abandon();
        own.ingest.abandon();
      };
      const { status, headers, body } = await withDeadline(execution, operationDeadlineMs, abandon).finally(() => (request.operation = observed.operation));
      // Incremental delivery is not enabled, so every answer is complete.
      if (body.kind !== 'complete') throw new Error('incremental delivery is not supported');
      const sent = [...headers];
      if (slot && (status ?? 200) === 200 && responses.mayKeep(httpGraphQLRequest)) responses.set(slot, body.string, sent, observed.operation);
      return reply.code(status ?? 200).headers(Object.fromEntries(sent)).send(body.string);
    },
  });

  registerDossierBulkRoute(app, { apiKeys: shared.apiKeys, ingestion: shared.ingestion, logError, bodyPace: limits.bulkBody });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql.read.rows('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  return app;
}
