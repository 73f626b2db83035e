/** Seconds a client is asked to wait when the database is down: about how long a restart takes. */
export const RETRY_AFTER_SECONDS = 5;
