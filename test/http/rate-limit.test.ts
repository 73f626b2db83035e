import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/http/plugins/rate-limit';
import { RedisRateLimitStore } from '../../src/http/plugins/redis-rate-limit-store';
import { statementCount } from '../../src/db/sql';
import { createTestApp, type TestApp } from '../support/test-app';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
const servers: TestApp[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await db.drop();
});

const LIMITS = { perClient: 5, perApiKey: 8, windowMs: 60_000 };

async function serve(store: RateLimitStore, onStoreError: (error: unknown) => void = () => {}, trustedProxies: string[] = []): Promise<string> {
  const server = await createTestApp({ db, countCacheSize: 10, responseCacheBytes: 0, rateLimit: { store, limits: LIMITS, onStoreError }, trustedProxies });
  servers.push(server);
  return server.base;
}
const ask = (base: string, authorization?: string) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: '{"query":"{ __typename }"}' });

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client has spent its budget, and keeps the probes up', async () => {
    const base = await serve(new MemoryRateLimitStore());
    const remaining: string[] = [];
    for (let i = 0; i < LIMITS.perClient; i++) {
      const r = await ask(base);
      expect(r.status).toBe(200);
      remaining.push(r.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await ask(base);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const body: any = await limited.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('gives a valid API key its own budget, and a made-up key none', async () => {
    const base = await serve(new MemoryRateLimitStore());
    const { key } = await new ApiKeyService(db.sql).create('427', 'rate test');
    for (let i = 0; i < LIMITS.perClient; i++) expect((await ask(base)).status).toBe(200);
    expect((await ask(base)).status).toBe(429);
    // The address is spent, the key is not: it has 8 of its own.
    const withKey = await ask(base, `Bearer ${key}`);
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-limit')).toBe(String(LIMITS.perApiKey));
    // A key nobody issued counts against the address, which is spent.
    expect((await ask(base, 'Bearer vnp_made-up')).status).toBe(429);
  });

  it('checks made-up keys no faster than the address may make requests', async () => {
    const base = await serve(new MemoryRateLimitStore());
    const before = statementCount();
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMITS.perClient; i++) statuses.push((await ask(base, `Bearer vnp_made-up-key-number-${i}-xxxxxxxxxxxx`)).status);
    // One lookup each while the address had checks left, none after; all counted against the address.
    expect(statementCount() - before).toBe(LIMITS.perClient);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * LIMITS.perClient);
  });

  it('behind a trusted proxy, gives each forwarded client its own budget; otherwise ignores X-Forwarded-For', async () => {
    const forwarded = (base: string, client: string) =>
      fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: '{"query":"{ __typename }"}' });
    const behindProxy = await serve(new MemoryRateLimitStore(), () => {}, ['127.0.0.1']);
    for (let i = 0; i < LIMITS.perClient; i++) expect((await forwarded(behindProxy, '203.0.113.7')).status).toBe(200);
    expect((await forwarded(behindProxy, '203.0.113.7')).status).toBe(429);
    expect((await forwarded(behindProxy, '203.0.113.8')).status).toBe(200);
    // Without trusting the proxy, a client cannot get a fresh budget by making up the header.
    const direct = await serve(new MemoryRateLimitStore());
    for (let i = 0; i < LIMITS.perClient; i++) expect((await forwarded(direct, `198.51.100.${i}`)).status).toBe(200);
    expect((await forwarded(direct, '198.51.100.99')).status).toBe(429);
  });

  it('lets requests through when the shared store fails, and says so', async () => {
    const failures: unknown[] = [];
    const broken: RateLimitStore = { hit: async () => { throw new Error('store down'); } };
    const base = await serve(broken, (error) => failures.push(error));
    for (let i = 0; i < LIMITS.perClient + 2; i++) expect((await ask(base)).status).toBe(200);
    expect(failures).toHaveLength(LIMITS.perClient + 2);
  });

  const redisServer = spawnSync('sh', ['-c', 'command -v redis-server']).stdout.toString().trim();
  (redisServer ? it : it.skip)('shares one budget across instances through Redis (REDIS_URL)', async () => {
    const port = await freePort();
    const redis: ChildProcess = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      const store = await connectWhenUp(`redis://127.0.0.1:${port}`);
      const [a, b] = [await serve(store), await serve(store)];
      const statuses: number[] = [];
      for (let i = 0; i < LIMITS.perClient + 1; i++) statuses.push((await ask(i % 2 ? b : a)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      await store.close();
    } finally {
      redis.kill();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function connectWhenUp(url: string): Promise<RedisRateLimitStore> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await RedisRateLimitStore.connect(url, () => {});
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
