import { AppError } from '../shared/errors';

/** An operation that has not finished by its deadline: answered 503 TIMEOUT. */
const pastDeadline = (deadlineMs: number) =>
  new AppError('TIMEOUT', `The operation did not finish within ${deadlineMs / 1000} s; ask for less (smaller pages, a shorter range) or retry later`, {
    deadlineMs,
  });

/**
 * The answer of `work`, or a TIMEOUT AppError once `deadlineMs` have passed; then `abandon` is
 * called, to stop what the work still runs (its statements), since nobody waits for its answer.
 */
export function withDeadline<T>(work: Promise<T>, deadlineMs: number, abandon: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(pastDeadline(deadlineMs));
      abandon();
    }, deadlineMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
