import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { createApollo } from '../../graphql/apollo';
import { compiledExecution } from '../../graphql/compiled-execution';
import { KnownOperations, type GraphQLAnswer } from '../../graphql/known-operations';
import type { Observed, RequestContext } from '../../graphql/context';
import { withDeadline } from '../../graphql/deadline';
import { DocumentShapeCheck } from '../../graphql/document-shape';
import { QUERY_LIMITS } from '../../graphql/query-limits';
import { envelopeProblem } from '../../graphql/request-envelope';
import { ResponseCache, type CacheSlot } from '../../graphql/response-cache';
import { AppError } from '../../shared/errors';
import type { ErrorLogger } from '../../shared/unexpected';
import { limitJsonBodies } from '../plugins/body-limits';
import { GRAPHQL_PATH } from '../public-paths';
import { sendError } from '../plugins/errors';
import { pacedBody, type UploadPace } from '../plugins/upload-pace';
import type { HttpCaching } from '../http-caching';
import type { HttpRoute } from './route';

export interface GraphQLRouteOptions<C extends RequestContext> {
  schema: GraphQLSchema;
  /** Today's day (YYYY-MM-DD, Vietnam's calendar): what the catalogue is answered as of by default. */
  today(): string;
  /** A request's context as of `today`, and how to stop what it still runs once its deadline has passed. */
  contextFor: (request: FastifyRequest, today: string) => { context: C; abandon: () => void };
  /** The catalogue's version now: cached answers are kept per version and day. */
  catalogueVersion(): Promise<number>;
  /** Bytes of whole answers kept until the catalogue changes; 0 keeps none. */
  responseCacheBytes: number;
  /** The caching headers of GET answers: public for catalogue reads, never for anything else. */
  httpCaching: HttpCaching;
  /** How long one operation may take before it is answered TIMEOUT and abandoned. */
  deadlineMs: number;
  bodyPace: UploadPace;
  logError: ErrorLogger;
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

/** What a known request's body holds (see KnownOperations.keyOf). */
type GraphQLBody = { variables?: Record<string, unknown> | null };

function toGraphQLRequest(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // A GET is a safe read: Apollo runs no mutation over GET, and the API has no cookies a forged
  // request could ride on. It is what browsers, CDNs and persisted-query clients cache, so the
  // header Apollo's CSRF prevention asks of every GET is given here; POSTs keep the check.
  if (request.method === 'GET') headers.set('apollo-require-preflight', 'true');
  const query = request.url.indexOf('?');
  return { method: request.method, headers, body: request.body, search: query < 0 ? '' : request.url.slice(query) };
}

/**
 * /graphql: Apollo behind the checks that must come before it (the request's JSON, the document's
 * shape), whole answers to catalogue queries kept until the catalogue changes, queries Apollo has
 * answered cleanly answered again without it (see KnownOperations), and a deadline per operation.
 * JSON bodies bounded, bodies paced (CORS: see PUBLIC_PATHS).
 */
export function graphqlRoute<C extends RequestContext>(options: GraphQLRouteOptions<C>): HttpRoute {
  return async (scope) => {
    limitJsonBodies(scope);
    scope.addHook('preParsing', async (request, _reply, payload) => pacedBody(request.raw, payload, options.bodyPace));
    const responses = new ResponseCache(options.responseCacheBytes);
    const shapes = new DocumentShapeCheck(QUERY_LIMITS);
    const execution = compiledExecution(options.schema);
    const operations = new KnownOperations(options.schema, execution);
    const apollo = createApollo<C>(execution.gateway, options.logError, [fastifyApolloDrainPlugin(scope), responses.plugin(), operations.plugin()]);
    await apollo.start();

    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: GRAPHQL_PATH,
      handler: async (request, reply) => {
        const parameters = request.method === 'GET' ? getParameters(request.query) : request.body;
        const refused = envelopeProblem(parameters);
        if (refused) return sendError(request, reply, refused);
        const query = (parameters as { query?: unknown } | null)?.query;
        const shape = typeof query === 'string' ? shapes.problem(query) : null;
        if (shape) return sendError(request, reply, new AppError('GRAPHQL_VALIDATION_FAILED', shape));

        // One day per request, for its cache slot and its answer alike: a scheduled change takes
        // effect at midnight, and an answer is kept for the day it was computed for only.
        const today = options.today();
        const readsMore = responses.readsMoreThanCatalogue(parameters);
        const key = readsMore ? null : responses.slotKey(parameters, request.headers.accept);
        // Read before the operation runs, so that an answer is never labelled with a version newer than its data.
        const version = key !== null || (request.method === 'GET' && !readsMore) ? `${await options.catalogueVersion()}@${today}` : null;
        const slot: CacheSlot | null = key === null ? null : { key, version: version! };
        const cached = slot && responses.get(slot);
        if (cached) {
          request.operation = cached.operation;
          reply.headers(Object.fromEntries(cached.headers));
          if (request.method === 'GET' && options.httpCaching.shared(request, reply, slot.version)) return reply.code(304).send();
          return reply.code(200).send(cached.body);
        }

        const observed: Observed = { operation: 'graphql (not executed)' };
        const { context, abandon } = options.contextFor(request, today);
        const known = operations.keyOf(request.method, parameters, request.headers.accept);
        const viaApollo = async (contextValue: C): Promise<GraphQLAnswer> => {
          const httpGraphQLRequest = toGraphQLRequest(request);
          const { status = 200, headers, body } = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => contextValue });
          // Incremental delivery is not enabled, so every answer is complete.
          if (body.kind !== 'complete') throw new Error('incremental delivery is not supported');
          const answer = {
            status,
            headers: [...headers],
            body: Buffer.from(body.string),
            catalogueOnly: status === 200 && responses.mayKeep(httpGraphQLRequest),
          };
          operations.learn(known, httpGraphQLRequest, answer);
          return answer;
        };
        const answering = operations.answer(known, parameters as GraphQLBody, { ...context, observed }, viaApollo);
        const answer = await withDeadline(answering, options.deadlineMs, abandon).finally(() => (request.operation = observed.operation));
        if (slot && answer.catalogueOnly) responses.set(slot, answer.body, answer.headers, observed.operation);
        reply.headers(Object.fromEntries(answer.headers));
        if (request.method === 'GET') {
          if (!answer.catalogueOnly || version === null) options.httpCaching.notShared(reply);
          else if (options.httpCaching.shared(request, reply, version)) return reply.code(304).send();
        }
        return reply.code(answer.status).send(answer.body);
      },
    });
  };
}
