import crypto from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { RequestAbandoned } from '../db/request-sql';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/unavailable';

/** PostgreSQL's SQLSTATE for a statement stopped by a cancel request (see RequestSql.abandon). */
const QUERY_CANCELED = '57014';

/** Codes whose message is meant for the client and safe to show as is. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * graphql-js reports a wrong literal argument (an unknown enum value, -1 for a non-negative
 * integer, 30 February for a Date) as a validation failure; for the client it is bad input, like the same value in a variable.
 */
const BAD_LITERAL = /^(Expected value of type|Value ".*" does not exist in ".*" enum|Enum ".*" cannot represent|\w+ cannot represent)/;

function flatten(errors: ValidationError[], prefix = ''): { argument: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ argument: path, problems: Object.values(e.constraints).map((m) => m.replace(e.property, path)) }] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

export type ErrorLogger = (details: { correlationId: string; error: unknown }) => void;

/**
 * The one place errors leave the server: typed codes pass with their message, class-validator
 * failures become one readable BAD_USER_INPUT, and anything unexpected is masked behind a
 * correlation id that is also logged.
 */
export function createErrorFormatter(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error) as { extensions?: Record<string, unknown> } | undefined;
    const code = (formatted.extensions?.code ?? original?.extensions?.code) as string | undefined;
    const validationErrors = original?.extensions?.validationErrors as ValidationError[] | undefined;

    if (code === 'BAD_USER_INPUT' && validationErrors) {
      const invalidArguments = flatten(validationErrors);
      return {
        message: `Invalid argument: ${invalidArguments.flatMap((a) => a.problems).join('; ')}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', invalidArguments },
      };
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && BAD_LITERAL.test(formatted.message)) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (original instanceof RequestAbandoned || (original as { code?: unknown } | undefined)?.code === QUERY_CANCELED) {
      // A statement past its role's statement_timeout, or of an operation past its deadline (whose client has had its answer already).
      return { message: 'The operation took too long and was stopped', locations: formatted.locations, path: formatted.path, extensions: { code: 'TIMEOUT' } };
    }
    if (isDatabaseUnavailable(original ?? error)) {
      return { message: UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (code && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const correlationId = crypto.randomUUID();
    log({ correlationId, error: original ?? error });
    return {
      message: `Internal server error; quote ${correlationId} when reporting it`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}
