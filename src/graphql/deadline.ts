/** Raised when an operation has not finished by its deadline; answered 503 TIMEOUT (see registerHttpErrorHandler). */
export class OperationTimeout extends Error {
  constructor(readonly deadlineMs: number) {
    super(`The operation did not finish within ${deadlineMs / 1000} s; ask for less (smaller pages, a shorter range) or retry later`);
  }
}

/**
 * The answer of `work`, or OperationTimeout once `deadlineMs` have passed; then `abandon` is
 * called, to stop what the work still runs (its statements), since nobody waits for its answer.
 */
export function withDeadline<T>(work: Promise<T>, deadlineMs: number, abandon: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new OperationTimeout(deadlineMs));
      abandon();
    }, deadlineMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
