import type { GraphQLFormattedError } from 'graphql';
import type { ValidationError } from 'class-validator';
import { AppError } from '../shared/errors';
import { toAppError, type ErrorLogger } from '../shared/unexpected';

/**
 * Codes graphql-js and Apollo give to what is wrong with the request itself (its text, a
 * variable's value, a persisted query): the client's to fix, passed as they are.
 */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
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

/** The error a resolver or a plugin threw, under the wrappers graphql-js and Apollo put around it. */
function thrown(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (current instanceof AppError || inner === undefined || inner === null) return current;
    current = inner;
  }
  return current;
}

/**
 * The one place errors leave the server as GraphQL errors: an AppError with its code and details,
 * class-validator failures as one readable BAD_USER_INPUT, graphql-js's and Apollo's own codes
 * about the request as they are, and anything else through toAppError (masked, logged).
 */
export function createErrorFormatter(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const where = { locations: formatted.locations, path: formatted.path };
    const original = thrown(error);
    const validationErrors = (original as { extensions?: { validationErrors?: ValidationError[] } } | null)?.extensions?.validationErrors;
    if (validationErrors) {
      const invalidArguments = flatten(validationErrors);
      return {
        message: `Invalid argument: ${invalidArguments.flatMap((a) => a.problems).join('; ')}`,
        ...where,
        extensions: { code: 'BAD_USER_INPUT', invalidArguments },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (!(original instanceof AppError) && code && REQUEST_CODES.has(code)) {
      if (code === 'GRAPHQL_VALIDATION_FAILED' && BAD_LITERAL.test(formatted.message))
        return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const app = toAppError(original, log);
    return { message: app.message, ...where, extensions: { code: app.code, ...app.details } };
  };
}
