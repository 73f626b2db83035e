import crypto from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../../shared/errors';
import { sendError } from './errors';

/**
 * Prometheus metrics of one server, in a registry of its own (two servers in one process, as in
 * tests, do not mix their counts): requests and their latency by operation, the database pool,
 * rate-limit rejections, and the process's own (memory, event-loop lag, GC).
 */
export function createMetrics(pools: Record<string, Pool>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: 'db_pool_connections',
    help: "Connections of each role's PostgreSQL pool: total open, idle, and requests waiting for one.",
    labelNames: ['pool', 'state'],
    registers,
    collect() {
      for (const [name, pool] of Object.entries(pools)) {
        this.set({ pool: name, state: 'total' }, pool.totalCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  });
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'Requests answered, by operation and status code.',
      labelNames: ['operation', 'status'],
      registers,
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request to the end of its answer, by operation.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    rateLimited: new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests answered 429, by what was limited.',
      labelNames: ['limited_as'],
      registers,
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the handler that knows what was asked (the GraphQL operation); else the route is used. */
    operation: string | null;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What GET /metrics shows, wherever it is served (see serveMetrics). */
    metricsRegistry: Registry;
  }
}

/**
 * Counts and times every answer and logs it (debug; error for a 5xx) with its request id. The
 * metrics tell the runtime's version, memory and load, which is the operator's business: they
 * are served on this public server only with `token` (GET /metrics with `Authorization: Bearer
 * <token>`, and not rate limited); otherwise on a port of their own (serveMetrics), or not at all.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | null): void {
  app.decorate('metricsRegistry', metrics.registry);
  app.decorateRequest('operation', null);
  const operationOf = (request: FastifyRequest) => request.operation ?? `${request.method} ${request.routeOptions.url ?? 'unknown route'}`;
  app.addHook('onResponse', async (request, reply) => {
    const operation = operationOf(request);
    metrics.requests.inc({ operation, status: String(reply.statusCode) });
    metrics.duration.observe({ operation }, reply.elapsedTime / 1000);
    const line = { operation, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 };
    if (reply.statusCode >= 500) request.log.error(line, 'request failed');
    else request.log.debug(line, 'request');
  });
  if (token === null) return;
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return sendError(request, reply.header('www-authenticate', 'Bearer'), new AppError('UNAUTHENTICATED', 'GET /metrics needs the metrics token'));
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** GET /metrics on a port of its own (config METRICS_PORT), for a scraper on the operator's network; anything else is 404. */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return server;
}
