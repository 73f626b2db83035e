/**
 * A read that the callers of one turn of the event loop share: the first call of a turn schedules
 * the read for the end of the turn (setImmediate), and every call made until then gets its result.
 * Each caller gets a value read after it asked, never one read before, so a value that must be
 * current when asked for (the catalogue's version, which decides whether a cached answer may be
 * served) stays so; under load, requests whose bodies arrive together cost one statement instead
 * of one each.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let scheduled: Promise<T> | null = null;
  return () =>
    (scheduled ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        // From here on, a caller asked after the read started: it needs a read of its own.
        scheduled = null;
        read().then(resolve, reject);
      });
    }));
}
