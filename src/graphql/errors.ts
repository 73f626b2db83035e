import { GraphQLError } from 'graphql';

/**
 * The stable codes clients can rely on. Domain code throws these; everything else is masked as
 * INTERNAL_SERVER_ERROR by the error formatter.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT';

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, argument?: string) =>
  new DomainError('BAD_USER_INPUT', message, argument ? { argument } : {});
