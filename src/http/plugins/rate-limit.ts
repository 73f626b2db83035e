import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Requests of one client in the current window. */
export interface WindowCount {
  count: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

/** Where the counts live: this process's memory, or Redis to share them across instances. */
export interface RateLimitStore {
  /** Counts one request of `key` and returns the window's count including it. */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
}

/** Fixed windows in a Map; expired windows are swept once per window, so memory follows the clients of one window. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, WindowCount>();
  private nextSweep = 0;

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    if (now >= this.nextSweep) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.nextSweep = now + windowMs;
    }
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { ...window };
  }
}

export interface RateLimits {
  /** Requests per window of one anonymous client (by IP address); 0 turns limiting off. */
  perClient: number;
  /** Requests per window of one API key, counted apart from its address's budget. */
  perApiKey: number;
  windowMs: number;
}

export interface RateLimitOptions {
  store: RateLimitStore;
  limits: RateLimits;
  /** The id of the valid API key a request carries, else null: only real keys get their own budget, or made-up ones would each get one. */
  apiKeyOf: (request: FastifyRequest) => Promise<number | null>;
  onReject?: (limitedAs: 'apiKey' | 'client') => void;
  onStoreError?: (error: unknown) => void;
}

const UNLIMITED_PATHS = ['/healthz', '/readyz', '/metrics'];
/** How long a key's check is remembered, and for how many keys at most. */
const KEY_CHECK_TTL_MS = 60_000;
const MAX_KEY_CHECKS = 10_000;

/**
 * Counts every request to the API (not the probes or metrics) and answers 429 with Retry-After
 * once a client's budget for the window is spent: a valid API key's own budget, else its
 * address's. Checking a key costs a query, so the answer is remembered for a minute, and an
 * address may have at most its budget of keys checked per window: made-up keys cannot make the
 * database work faster than requests without one. A store that fails lets the request through:
 * an outage of the shared counter must not take the public API down with it.
 */
export function registerRateLimit(app: FastifyInstance, { store, limits, apiKeyOf, onReject, onStoreError }: RateLimitOptions): void {
  if (limits.perClient === 0) return;
  const keyChecks = new Map<string, { keyId: number | null; until: number }>();

  const count = async (key: string, limit: number, now: number) => {
    try {
      return { ...(await store.hit(key, limits.windowMs, now)), limit };
    } catch (error) {
      onStoreError?.(error);
      return null;
    }
  };

  const validKey = async (request: FastifyRequest, authorization: string, now: number): Promise<number | null> => {
    const known = keyChecks.get(authorization);
    if (known && known.until > now) return known.keyId;
    const checks = await count(`check:${request.ip}`, limits.perClient, now);
    if (checks && checks.count > checks.limit) return null;
    const keyId = await apiKeyOf(request);
    if (keyChecks.size >= MAX_KEY_CHECKS) keyChecks.clear();
    keyChecks.set(authorization, { keyId, until: now + KEY_CHECK_TTL_MS });
    return keyId;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_PATHS.includes(request.url.split('?')[0])) return;
    const now = Date.now();
    const keyId = request.headers.authorization ? await validKey(request, request.headers.authorization, now) : null;
    const limitedAs = keyId === null ? 'client' : 'apiKey';
    const window = keyId === null ? await count(`ip:${request.ip}`, limits.perClient, now) : await count(`key:${keyId}`, limits.perApiKey, now);
    if (!window) return;
    const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    reply.header('ratelimit-limit', window.limit).header('ratelimit-remaining', Math.max(0, window.limit - window.count)).header('ratelimit-reset', retryAfter);
    if (window.count <= window.limit) return;
    onReject?.(limitedAs);
    const who = limitedAs === 'apiKey' ? 'API key' : 'client address';
    return reply
      .code(429)
      .header('retry-after', retryAfter)
      .send({ errors: [{ message: `Too many requests: at most ${window.limit} per ${limits.windowMs / 1000} s for one ${who}; retry in ${retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
  });
}
