import { GraphQLError } from 'graphql';
import { HTTP_STATUS } from '../shared/error-status';
import type { AppError } from '../shared/errors';

/**
 * An AppError raised by a plugin before execution (a limit, a bad variable), as Apollo answers
 * it: the code and details in `extensions`, and the HTTP status of the code.
 */
export function refusal(error: AppError): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { code: error.code, ...error.details, http: { status: HTTP_STATUS[error.code] } },
  });
}
