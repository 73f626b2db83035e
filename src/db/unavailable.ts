/**
 * Whether an error means PostgreSQL cannot be reached or is shutting down, rather than that a
 * statement failed: refused or broken connections, the pool's connect timeout, and the server's
 * admin-shutdown and cannot-connect-now states. The pool reconnects by itself once it is back.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// Connection failures (not 08P01, a protocol violation: a bug, not an outage) and the server shutting down, crashed or starting.
const SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const DRIVER_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused/i;

type Failure = { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; thrownValue?: unknown; errors?: unknown };

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  const e = error as Failure | null | undefined;
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SQLSTATES.has(code)) return true;
  if (typeof e.message === 'string' && DRIVER_MESSAGES.test(e.message)) return true;
  // GraphQL wraps a resolver's error (thrownValue when it is not an Error of its realm); pg's
  // connect can fail with an AggregateError of every address tried.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.originalError ?? e.thrownValue ?? e.cause, depth + 1);
}

export const UNAVAILABLE_MESSAGE = 'The database is unavailable; retry in a few seconds';

/** PostgreSQL's SQLSTATE for a statement stopped by a cancel request or its role's statement_timeout. */
const QUERY_CANCELED = '57014';

/** Whether a statement was stopped for taking too long (its role's statement_timeout, or the operation's deadline). */
export function isStatementCancelled(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === QUERY_CANCELED;
}
