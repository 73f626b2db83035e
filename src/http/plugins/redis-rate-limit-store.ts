import { createClient } from 'redis';
import type { RateLimitStore, WindowCount } from './rate-limit';

/**
 * Counts shared by every instance through Redis: one key per client and window, incremented and
 * given its expiry in one round trip. Commands fail fast when Redis is unreachable (the limiter
 * then lets requests through) instead of queueing until it is back.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private constructor(private readonly client: ReturnType<typeof createClient>) {}

  static async connect(url: string, onError: (error: unknown) => void): Promise<RedisRateLimitStore> {
    const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(retries * 200, 5000) } });
    client.on('error', onError);
    await client.connect();
    return new RedisRateLimitStore(client);
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const window = Math.floor(now / windowMs);
    const redisKey = `procedures:rate:${key}:${window}`;
    const [count] = await this.client.multi().incr(redisKey).pExpire(redisKey, windowMs).exec();
    return { count: Number(count), resetAt: (window + 1) * windowMs };
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}
