import { GRAPHQL_PATH } from '../public-paths';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_STATUS } from '../../shared/error-status';
import { AppError, type ErrorCode } from '../../shared/errors';
import { RETRY_AFTER_SECONDS } from '../../shared/retry-after';
import { toAppError, type ErrorLogger } from '../../shared/unexpected';

/** Paths whose clients speak GraphQL: their errors are GraphQL errors, as GraphQL over HTTP wants. */

/** Fastify's own refusals (a body too large, of a type no parser takes, unreadable JSON), by status. */
const FASTIFY_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const kebab = (code: ErrorCode) => code.toLowerCase().replace(/_/g, '-');

/**
 * Answers `error` in the shape the route's clients read: a GraphQL error on /graphql, an RFC 9457
 * problem (application/problem+json: type, title, status, detail, code, and the error's details
 * such as its correlationId) everywhere else. The status comes from the code; a request refused
 * before its body was read to the end has its connection closed, since the rest of the body would
 * otherwise be read as the next request.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = HTTP_STATUS[error.code];
  if (!request.raw.complete) reply.header('connection', 'close');
  if (error.code === 'SERVICE_UNAVAILABLE') reply.header('retry-after', RETRY_AFTER_SECONDS);
  reply.code(status);
  if (request.url.split('?')[0] === GRAPHQL_PATH) {
    return reply.type('application/json; charset=utf-8').send({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
  }
  const title = error.code.charAt(0) + error.code.slice(1).toLowerCase().replace(/_/g, ' ');
  return reply
    .type('application/problem+json; charset=utf-8')
    .send({ type: `/problems/${kebab(error.code)}`, title, status, detail: error.message, code: error.code, ...error.details });
}

/** Fastify's errors as AppErrors: its client errors by status, with their messages; anything else through toAppError. */
function fromFastify(error: FastifyError | Error, logError: ErrorLogger): AppError {
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500 && !(error instanceof AppError))
    return new AppError(FASTIFY_STATUS_CODES[status] ?? 'BAD_REQUEST', error.message);
  return toAppError(error, logError);
}

/** Every error outside GraphQL execution, and every unknown route, answered by sendError. */
export function registerErrorAnswers(app: FastifyInstance, logError: ErrorLogger): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, fromFastify(error as Error, logError)));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new AppError('NOT_FOUND', `Nothing is served at ${request.method} ${request.url.split('?')[0].slice(0, 200)}`)),
  );
}
