import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/unavailable';
import { OperationTimeout } from './deadline';
import type { ErrorLogger } from './format-error';

/** Seconds a client is asked to wait when the database is down: about how long a restart takes. */
export const RETRY_AFTER_SECONDS = 5;

const unavailableBody = { errors: [{ message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } }] };

/**
 * Errors outside GraphQL execution (the response cache's version check, the bulk endpoint,
 * Fastify itself): a database outage is 503 SERVICE_UNAVAILABLE with Retry-After, any other
 * server-side failure is masked behind a logged correlation id; client errors (4xx) keep Fastify's message.
 */
export function registerHttpErrorHandler(app: FastifyInstance, logError: ErrorLogger): void {
  app.setErrorHandler((error, request, reply) => {
    // Refused before its body was read to the end (too slow, too large, of a type not taken): the
    // rest of the body would be read as the next request, so the connection is closed instead.
    if (!request.raw.complete) reply.header('connection', 'close');
    if (isDatabaseUnavailable(error)) return reply.code(503).header('retry-after', RETRY_AFTER_SECONDS).send(unavailableBody);
    if (error instanceof OperationTimeout) return reply.code(503).send({ errors: [{ message: error.message, extensions: { code: 'TIMEOUT', deadlineMs: error.deadlineMs } }] });
    const { statusCode: status = 500, name, message } = error as { statusCode?: number; name?: string; message?: string };
    if (status < 500) return reply.code(status).send({ statusCode: status, error: name, message });
    const correlationId = crypto.randomUUID();
    logError({ correlationId, error });
    return reply.code(500).send({ errors: [{ message: `Internal server error; quote ${correlationId} when reporting it`, extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } }] });
  });
}

/** A GraphQL answer whose errors say the database is unavailable goes out as 503 with Retry-After, not 200. */
export function unavailableStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          if (!response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
