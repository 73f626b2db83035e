import type { FastifyInstance } from 'fastify';

/** A route (or a few) with the plugins it needs, registered in a scope of its own by the HTTP server. */
export type HttpRoute = (scope: FastifyInstance) => Promise<void>;
