import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/graphql/server';
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
  /** Unexpected errors the server logged (tests assert none happened). */
  loggedErrors: unknown[];
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** The real HTTP server (Fastify + Apollo) on a private copy of the seeded database. */
export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDatabase();
  const loggedErrors: unknown[] = [];
  const app = await createHttpServer({ sql: db.sql, logError: (e) => loggedErrors.push(e) });
  return {
    db,
    app,
    loggedErrors,
    async query(query, variables) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query, variables }),
      });
      const body = JSON.parse(response.body);
      return { status: response.statusCode, data: body.data, errors: body.errors, raw: response.body };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
