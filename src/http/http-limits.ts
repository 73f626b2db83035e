import type { UploadPace } from './plugins/upload-pace';

/** How long and how many: what one client may hold of the server's connections and time. */
export interface HttpLimits {
  /** The request line and headers must arrive within this. */
  headersMs: number;
  /** How a /graphql body (at most 512 kB) must arrive. */
  graphqlBody: UploadPace;
  /** How a bulk body must arrive: as long as it needs while it keeps coming. */
  bulkBody: UploadPace;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** A connection with no traffic either way for this long is closed. */
  socketIdleMs: number;
  /** Connections one client address may hold open at once (config CONNECTIONS_PER_CLIENT); 0 limits nothing. */
  connectionsPerClient: number;
}

/** Each is far above what a browser, a portal's backend or an agency's system needs, and far below harm. */
export const HTTP_LIMITS: HttpLimits = {
  headersMs: 10_000,
  // 10 s of waiting in all, no pause of 5 s.
  graphqlBody: { idleMs: 5_000, totalMs: 10_000 },
  // No pause of 30 s, and at least 1 KiB/s over each 30 s of waiting (a dossier is about 300 bytes).
  bulkBody: { idleMs: 30_000, minBytesPerSecond: 1_024, windowMs: 30_000 },
  // Node's default; a proxy in front must close its idle connections to us sooner.
  keepAliveMs: 5_000,
  socketIdleMs: 60_000,
  connectionsPerClient: 64,
};
