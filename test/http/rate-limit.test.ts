import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { connectRateLimitRedis, type RateLimits } from '../../src/http/plugins/rate-limit';
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

async function serveApp({
  redis,
  onStoreError = () => {},
  trustedProxies = [],
  limits = LIMITS,
}: { redis?: Redis; onStoreError?: (error: unknown) => void; trustedProxies?: string[]; limits?: RateLimits } = {}): Promise<TestApp> {
  const server = await createTestApp({ db, countCacheSize: 10, responseCacheBytes: 0, rateLimit: { redis, limits, onStoreError }, trustedProxies });
  servers.push(server);
  return server;
}
const serve = async (options: Parameters<typeof serveApp>[0] = {}) => (await serveApp(options)).base;
const ask = (base: string, authorization?: string) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: '{"query":"{ __typename }"}',
  });

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client has spent its budget, and keeps the probes up', async () => {
    const base = await serve();
    const remaining: string[] = [];
    for (let i = 0; i < LIMITS.perClient; i++) {
      const r = await ask(base);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe(String(LIMITS.perClient));
      expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      remaining.push(r.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await ask(base);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const body: any = await limited.json();
    expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    expect(body.errors[0].message).toMatch(/at most 5 per 60 s for one client address/);
    for (const probe of ['/healthz', '/readyz']) {
      const r = await fetch(`${base}${probe}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('answers 429 outside /graphql as an RFC 9457 problem, and counts requests to unknown paths too', async () => {
    const base = await serve();
    const unknown = await fetch(`${base}/no-such-page`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('ratelimit-remaining')).toBe('4');
    for (let i = 1; i < LIMITS.perClient; i++) expect((await ask(base)).status).toBe(200);
    const limited = await fetch(`${base}/ingest/dossiers`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}\n' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem: any = await limited.json();
    expect(problem).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: Number(limited.headers.get('retry-after')) });
  });

  it('gives a valid API key its own budget, and a made-up key none', async () => {
    const t = await serveApp();
    const { key } = await new ApiKeyService(db.sql).create('427', 'rate test');
    for (let i = 0; i < LIMITS.perClient; i++) expect((await ask(t.base)).status).toBe(200);
    expect((await ask(t.base)).status).toBe(429);
    // The address is spent, the key is not: it has 8 of its own.
    const withKey = await ask(t.base, `Bearer ${key}`);
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-limit')).toBe(String(LIMITS.perApiKey));
    for (let i = 1; i < LIMITS.perApiKey; i++) expect((await ask(t.base, `Bearer ${key}`)).status).toBe(200);
    const keySpent = await ask(t.base, `Bearer ${key}`);
    expect(keySpent.status).toBe(429);
    expect(((await keySpent.json()) as any).errors[0].message).toMatch(/for one API key/);
    // A key nobody issued counts against the address, which is spent.
    expect((await ask(t.base, 'Bearer vnp_made-up')).status).toBe(429);
    const metrics = await t.app.metricsRegistry.metrics();
    expect(metrics).toMatch(/^rate_limit_rejections_total\{limited_as="apiKey"\} 1$/m);
    expect(metrics).toMatch(/^rate_limit_rejections_total\{limited_as="client"\} 2$/m);
  });

  it('checks made-up keys no faster than the address may make requests', async () => {
    const base = await serve();
    const before = statementCount();
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMITS.perClient; i++) statuses.push((await ask(base, `Bearer vnp_made-up-key-number-${i}-xxxxxxxxxxxx`)).status);
    // One lookup each while the address had checks left, none after; all counted against the address.
    expect(statementCount() - before).toBe(LIMITS.perClient);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * LIMITS.perClient);
  });

  it('behind a trusted proxy, gives each forwarded client its own budget; otherwise ignores X-Forwarded-For', async () => {
    const forwarded = (base: string, client: string) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: '{"query":"{ __typename }"}',
      });
    const behindProxy = await serve({ trustedProxies: ['127.0.0.1'] });
    for (let i = 0; i < LIMITS.perClient; i++) expect((await forwarded(behindProxy, '203.0.113.7')).status).toBe(200);
    expect((await forwarded(behindProxy, '203.0.113.7')).status).toBe(429);
    expect((await forwarded(behindProxy, '203.0.113.8')).status).toBe(200);
    // Without trusting the proxy, a client cannot get a fresh budget by making up the header.
    const direct = await serve();
    for (let i = 0; i < LIMITS.perClient; i++) expect((await forwarded(direct, `198.51.100.${i}`)).status).toBe(200);
    expect((await forwarded(direct, '198.51.100.99')).status).toBe(429);
  });

  it('limits nothing when the budget is 0', async () => {
    const base = await serve({ limits: { ...LIMITS, perClient: 0 } });
    for (let i = 0; i < LIMITS.perClient + 2; i++) {
      const r = await ask(base);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBeNull();
    }
  });

  it('lets requests through when Redis cannot be reached, and reports each count that failed', async () => {
    const failures: unknown[] = [];
    const redis = connectRateLimitRedis(`redis://127.0.0.1:${await freePort()}`, () => {});
    try {
      const base = await serve({ redis, onStoreError: (error) => failures.push(error) });
      for (let i = 0; i < LIMITS.perClient + 2; i++) expect((await ask(base)).status).toBe(200);
      expect(failures).toHaveLength(LIMITS.perClient + 2);
    } finally {
      redis.disconnect();
    }
  });

  const redisServer = spawnSync('sh', ['-c', 'command -v redis-server']).stdout.toString().trim();
  (redisServer ? it : it.skip)(
    'shares one budget across instances through Redis (REDIS_URL), and lets requests through when Redis stops answering',
    async () => {
      const port = await freePort();
      const server: ChildProcess = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      // One client per instance, as in production.
      const clients = [0, 1].map(() => connectRateLimitRedis(`redis://127.0.0.1:${port}`, () => {}));
      try {
        // Refused connections until redis-server listens; the clients retry by themselves.
        await Promise.all(clients.map((client) => new Promise((resolve) => client.once('ready', resolve))));
        const failures: unknown[] = [];
        const [a, b] = [await serve({ redis: clients[0], onStoreError: (error) => failures.push(error) }), await serve({ redis: clients[1] })];
        const statuses: number[] = [];
        for (let i = 0; i < LIMITS.perClient + 1; i++) statuses.push((await ask(i % 2 ? b : a)).status);
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
        expect(failures).toEqual([]);
        // A Redis that hangs keeps its connections open: no client error, only commands that never answer.
        server.kill('SIGSTOP');
        const started = Date.now();
        expect((await ask(a)).status).toBe(200);
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(failures).toHaveLength(1);
      } finally {
        for (const client of clients) client.disconnect();
        server.kill('SIGCONT');
        server.kill();
      }
    },
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
