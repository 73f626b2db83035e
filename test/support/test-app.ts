import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createHttpServer, type ServerOptions } from '../../src/graphql/server';
import { createTestDatabase, type TestDatabase } from './test-cluster';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[];
  raw: string;
}

export interface TestApp {
  db: TestDatabase;
  app: FastifyInstance;
  url: string;
  /** Unexpected errors the server logged (tests assert none happened). */
  loggedErrors: unknown[];
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real HTTP server (Fastify + Apollo) on a private copy of the seeded database; `options` change the defaults. */
export async function createTestApp(options: Partial<ServerOptions> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const loggedErrors: unknown[] = [];
  // The production default: tests see the caches, and that changes to the catalogue reach past them.
  const app = await createHttpServer({ sql: db.roles, logError: (e) => loggedErrors.push(e), countCacheSize: 1000, responseCacheBytes: 64 * 1024 * 1024, ...options });
  // A real socket (not Fastify's inject): the tests see what a client sees.
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    db,
    app,
    url,
    loggedErrors,
    async query(query, variables) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const raw = await response.text();
      const body = JSON.parse(raw);
      return { status: response.status, data: body.data, errors: body.errors, raw };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
