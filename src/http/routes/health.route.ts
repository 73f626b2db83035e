import type { HttpRoute } from './route';

/** GET /healthz answers while the process runs; GET /readyz answers 503 while `isReady` says the database cannot be reached. */
export function healthRoutes(isReady: () => Promise<boolean>): HttpRoute {
  return async (scope) => {
    scope.get('/healthz', async () => ({ status: 'ok' }));
    scope.get('/readyz', async (_request, reply) => ((await isReady()) ? { status: 'ready' } : reply.code(503).send({ status: 'unavailable' })));
  };
}
