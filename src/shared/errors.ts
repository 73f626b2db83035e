/**
 * The stable codes clients can rely on, for every way the service answers (GraphQL errors carry
 * them as `extensions.code`, other routes as the `code` of an RFC 9457 problem). What each means
 * over HTTP is decided once, in http/ (problem.ts), and for GraphQL in graphql/ (format-error.ts).
 */
const ERROR_CODES = [
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
  'REQUEST_TIMEOUT',
  'BODY_INTERRUPTED',
  'RATE_LIMITED',
  'TOO_MANY_CONNECTIONS',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'GRAPHQL_VALIDATION_FAILED',
  'TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What services throw when a request cannot be answered as asked. It knows nothing of GraphQL or
 * HTTP: `details` are facts for the client (the argument at fault, a current version), carried
 * into `extensions` or into the problem's members. Anything else thrown is unexpected, and masked.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The common case: an argument the client must change; `argument` names it. */
export const badInput = (message: string, argument?: string) => new AppError('BAD_USER_INPUT', message, argument ? { argument } : {});
