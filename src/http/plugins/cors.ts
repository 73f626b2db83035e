import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors reads a route's own options here; false leaves the route out of CORS. */
    cors?: FastifyCorsOptions | false;
  }
}

/**
 * Any origin may read the public API from a browser: `paths` answer with
 * `Access-Control-Allow-Origin: *` and allow the preflight for GET and POST. Credentials are
 * never allowed and Authorization is not among the allowed headers, so a page elsewhere cannot
 * write with an agency's key. Apollo's CSRF prevention stays on for the simple requests a browser
 * sends without a preflight.
 */
export async function registerPublicCors(scope: FastifyInstance, paths: readonly string[]): Promise<void> {
  // @fastify/cors answers preflights through an `OPTIONS *` route of its own, which every path
  // without an OPTIONS route reaches (/ingest/dossiers among them): only `paths` get CORS.
  scope.addHook('onRoute', (route) => {
    if (!paths.includes(route.url)) route.config = { ...route.config, cors: false };
  });
  await scope.register(fastifyCors, {
    origin: '*',
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'if-none-match'],
    exposedHeaders: [
      'x-request-id',
      'retry-after',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
      'etag',
      'last-modified',
      'content-disposition',
      'link',
      'catalogue-feed-position',
    ],
    maxAge: 86_400,
    // Any OPTIONS request to `path` is answered as a preflight, as before; a strict one would be a text/plain 400.
    strictPreflight: false,
  });
}
