import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { composeApp, type AppOptions } from '../../src/app/compose';
import type { RateLimitOptions } from '../../src/http/plugins/rate-limit';
import { createHttpServer, type HttpOptions } from '../../src/http/server';
import { createTestDatabase, type TestDatabase } from './test-cluster';

interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[];
  raw: string;
}

export interface TestApp {
  db: TestDatabase;
  app: FastifyInstance;
  /** http://127.0.0.1:<port>, for routes other than /graphql. */
  base: string;
  /** The /graphql URL. */
  url: string;
  /** Unexpected errors the server logged (tests assert none happened). */
  loggedErrors: unknown[];
  /** A GraphQL request; `headers` adds to the content type (e.g. an Authorization header). */
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface TestAppOptions
  extends Partial<Omit<AppOptions, 'roles' | 'logError'>>, Partial<Pick<HttpOptions, 'logger' | 'trustedProxies' | 'httpLimits' | 'metricsToken'>> {
  /** Serve this database, which the test keeps; absent, a private copy of the seeded template, dropped on close. */
  db?: TestDatabase;
  rateLimit?: Pick<RateLimitOptions, 'limits' | 'redis'> & Partial<Pick<RateLimitOptions, 'onStoreError'>>;
}

/**
 * The real server (the app composed as in production, behind the real HTTP server) on a real
 * socket, so tests see what a client sees. Defaults are production's: the caches are on, so tests
 * also see that changes to the catalogue reach past them.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = !options.db;
  const db = options.db ?? (await createTestDatabase());
  const loggedErrors: unknown[] = [];
  const logError = (error: unknown) => loggedErrors.push(error);
  const composed = await composeApp({ countCacheSize: 1000, responseCacheBytes: 64 * 1024 * 1024, ...options, roles: db.roles, logError });
  const app = await createHttpServer({
    ...options,
    routes: composed.routes,
    logError,
    pools: { reader: db.roles.read.pool, ingest: db.roles.ingest.pool },
    rateLimit: options.rateLimit && { onStoreError: () => undefined, ...options.rateLimit, apiKeyOf: composed.apiKeyOf },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const url = `${base}/graphql`;
  return {
    db,
    app,
    base,
    url,
    loggedErrors,
    async query(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const raw = await response.text();
      const body = JSON.parse(raw);
      return { status: response.status, data: body.data, errors: body.errors, raw };
    },
    async close() {
      await app.close();
      if (ownsDatabase) await db.drop();
    },
  };
}
