import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Sql } from '../db/sql';
import { createContext, createServices, type Context } from './context';
import { createErrorFormatter, type ErrorLogger } from './format-error';
import { buildAppSchema } from './schema';

/** Largest accepted request body on /graphql: far above any real query, far below harm. */
export const MAX_BODY_BYTES = 100 * 1024;

export interface ServerOptions {
  sql: Sql;
  logError: ErrorLogger;
  /** Entries of each kind of catalogue answer kept in memory (config COUNT_CACHE_SIZE). */
  countCacheSize: number;
}

/** Fastify with Apollo on /graphql, plus liveness and readiness probes. */
export async function createHttpServer({ sql, logError, countCacheSize }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false });
  const services = createServices(sql, countCacheSize);
  const apollo = new ApolloServer<Context>({
    schema: await buildAppSchema(),
    formatError: createErrorFormatter(logError),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async () => createContext(sql, services),
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql.rows('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  return app;
}
