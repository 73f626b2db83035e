import crypto from 'node:crypto';
import { isDatabaseUnavailable, isStatementCancelled, UNAVAILABLE_MESSAGE } from '../db/unavailable';
import { AppError } from './errors';

export type ErrorLogger = (details: { correlationId: string; error: unknown }) => void;

/**
 * Any error as the client may see it: an AppError as it is; a database that cannot be reached as
 * SERVICE_UNAVAILABLE; a statement stopped for its time as TIMEOUT; anything else masked behind a
 * correlation id, which is logged with the error (its stack, its SQL) and never sent. The one
 * place where that is decided, for GraphQL and every other route.
 */
export function toAppError(error: unknown, log: ErrorLogger): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE);
  if (isStatementCancelled(error)) return new AppError('TIMEOUT', 'The operation took too long and was stopped');
  const correlationId = crypto.randomUUID();
  log({ correlationId, error });
  return new AppError('INTERNAL_SERVER_ERROR', `Internal server error; quote ${correlationId} when reporting it`, { correlationId });
}
