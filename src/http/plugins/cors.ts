import type { FastifyInstance } from 'fastify';

/** Headers a browser page on any origin may send to the read API; not Authorization: writes are for servers, not pages. */
const ALLOWED_HEADERS = 'content-type, accept, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/**
 * Any origin may read the public API from a browser: /graphql answers with
 * `Access-Control-Allow-Origin: *` and allows the preflight for GET and POST. Credentials are
 * never allowed and Authorization is not among the allowed headers, so a page elsewhere cannot
 * write with an agency's key; the bulk endpoint sends no CORS headers at all. Apollo's CSRF
 * prevention stays on for the simple requests a browser sends without a preflight.
 */
export function registerPublicCors(app: FastifyInstance, path: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0] !== path) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset');
    if (request.method !== 'OPTIONS') return;
    return reply
      .code(204)
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '86400')
      .send();
  });
}
