import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { readCatalogueVersion } from '../db/catalogue-version';
import type { RoleSql } from '../db/role-pools';
import { requestId, type Logger } from '../log';
import { registerDossierBulkRoute } from '../statistics/dossier-bulk.route';
import { createContext, createServices, type Context } from './context';
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
export async function createHttpServer({ sql, logError, countCacheSize, responseCacheBytes, rateLimit, logger, operationDeadlineMs = QUERY_LIMITS.deadlineMs, trustedProxies = [] }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    // One line per answer comes from registerMetrics, at debug level; Fastify's two per request would drown the log.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    trustProxy: trustedProxies.length ? trustedProxies : false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerPublicCors(app, '/graphql');
  limitJsonBodies(app);
  registerHttpErrorHandler(app, logError);
  const metrics = createMetrics({ reader: sql.read.pool, ingest: sql.ingest.pool });
  registerMetrics(app, metrics);
  const services = createServices(sql, countCacheSize);
  if (rateLimit) {
    registerRateLimit(app, {
      ...rateLimit,
      onReject: (limitedAs) => metrics.rateLimited.inc({ limited_as: limitedAs }),
      apiKeyOf: (request) => services.apiKeys.authenticate(request.headers.authorization).then((principal) => principal.keyId, () => null),
    });
  }
  const responses = new ResponseCache(responseCacheBytes);
  const apollo = new ApolloServer<Context>({
    schema: await buildAppSchema(),
    formatError: createErrorFormatter(logError),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    validationRules: limitRules,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    // Apollo's cache-control plugin wraps every field resolver to collect hints nobody reads here.
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginCacheControlDisabled(), costLimitPlugin(), unavailableStatusPlugin(), operationLabelPlugin(), responses.plugin()],
  });
  await apollo.start();

  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: async (request, reply) => {
      const key = responses.slotKey(request);
      const slot: CacheSlot | null = key === null ? null : { key, version: await readCatalogueVersion(sql.read) };
      const cached = slot && responses.get(slot);
      if (cached) {
        request.operation = cached.operation;
        return reply.code(200).headers(Object.fromEntries(cached.headers)).send(cached.body);
      }

      const httpGraphQLRequest = toGraphQLRequest(request);
      const observed: Observed = { operation: 'graphql (not executed)' };
      const execution = apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => ({ ...createContext(sql.read, services, request.headers.authorization), observed }),
      });
      const { status, headers, body } = await withDeadline(execution, operationDeadlineMs).finally(() => (request.operation = observed.operation));
      // Incremental delivery is not enabled, so every answer is complete.
      if (body.kind !== 'complete') throw new Error('incremental delivery is not supported');
      const sent = [...headers];
      if (slot && (status ?? 200) === 200 && responses.mayKeep(httpGraphQLRequest)) responses.set(slot, body.string, sent, observed.operation);
      return reply.code(status ?? 200).headers(Object.fromEntries(sent)).send(body.string);
    },
  });

  registerDossierBulkRoute(app, { apiKeys: services.apiKeys, ingestion: services.ingestion, logError });
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
