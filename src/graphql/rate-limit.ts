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

/**
 * Counts every request to the API (not the probes or metrics) and answers 429 with Retry-After
 * once a client's budget for the window is spent: an API key's own budget, else its address's.
 * A store that fails lets the request through: an outage of the shared counter must not take the
 * public API down with it.
 */
export function registerRateLimit(app: FastifyInstance, { store, limits, apiKeyOf, onReject, onStoreError }: RateLimitOptions): void {
  if (limits.perClient === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_PATHS.includes(request.url.split('?')[0])) return;
    const keyId = request.headers.authorization ? await apiKeyOf(request) : null;
    const limitedAs = keyId === null ? 'client' : 'apiKey';
    const limit = keyId === null ? limits.perClient : limits.perApiKey;
    const now = Date.now();
    let window: WindowCount;
    try {
      window = await store.hit(keyId === null ? `ip:${request.ip}` : `key:${keyId}`, limits.windowMs, now);
    } catch (error) {
      onStoreError?.(error);
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    reply.header('ratelimit-limit', limit).header('ratelimit-remaining', Math.max(0, limit - window.count)).header('ratelimit-reset', retryAfter);
    if (window.count <= limit) return;
    onReject?.(limitedAs);
    const who = limitedAs === 'apiKey' ? 'API key' : 'client address';
    return reply
      .code(429)
      .header('retry-after', retryAfter)
      .send({ errors: [{ message: `Too many requests: at most ${limit} per ${limits.windowMs / 1000} s for one ${who}; retry in ${retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
  });
}
