import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serveMetrics } from '../../src/http/plugins/metrics';
import { createTestApp, type TestApp } from '../support/test-app';
import { createLogger } from '../../src/shared/log';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

const METRICS_TOKEN = 'metrics-token-of-the-operator-0123456789';
let db: TestDatabase;
let t: TestApp;
let base: string;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  t = await createTestApp({
    db,
    countCacheSize: 10,
    responseCacheBytes: 1024 * 1024,
    logger: createLogger('debug', sink),
    rateLimit: { limits: { perClient: 30, perApiKey: 30, windowMs: 60_000 } },
    metricsToken: METRICS_TOKEN,
  });
  base = t.base;
});
afterAll(async () => {
  await t.close();
  await db.drop();
});

const ask = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

describe('logs and metrics', () => {
  it('log each answer as JSON with its request id, the operation and the status; a caller may pass its own id', async () => {
    const mine = await ask('query Anything { procedure(code: "1.001193") { code } }', { 'x-request-id': 'portal-7f3a' });
    expect(mine.headers.get('x-request-id')).toBe('portal-7f3a');
    const generated = await ask('{ catalogueSummary { total } }', { 'x-request-id': 'not valid because of spaces' });
    const id = generated.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.find((l) => l.requestId === 'portal-7f3a')).toMatchObject({ level: 'debug', message: 'request', operation: 'query procedure', status: 200 });
    expect(lines.find((l) => l.requestId === id)).toMatchObject({ operation: 'query catalogueSummary', status: 200 });
    expect(typeof lines[0].time).toBe('string');
  });

  it('expose request counts and latencies by operation, pool usage and rate-limit rejections at /metrics', async () => {
    await ask('{ a: catalogueSummary { total } b: __typename }');
    for (let i = 0; i < 3; i++) await ask('{ procedure(code: "1.001193") { name } }'); // executed once, then served from the cache: same label
    for (let i = 0; i < 40; i++) await ask('{ __typename }');
    const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const count = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
    expect(count(/^http_requests_total\{operation="query procedure",status="200"\} (\d+)$/m)).toBeGreaterThanOrEqual(4);
    expect(count(/^http_requests_total\{operation="query __typename",status="200"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(count(/^rate_limit_rejections_total\{limited_as="client"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(count(/^http_requests_total\{operation="POST \/graphql",status="429"\} (\d+)$/m)).toBe(
      count(/^rate_limit_rejections_total\{limited_as="client"\} (\d+)$/m),
    );
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.05",operation="query procedure"\} \d+$/m);
    expect(count(/^db_pool_connections\{pool="reader",state="total"\} (\d+)$/m)).toBeGreaterThan(0);
    expect(text).toMatch(/^db_pool_connections\{pool="ingest",state="waiting"\} 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // The client's own operation name never becomes a label, nor do combinations of fields: labels stay few whatever clients send.
    expect(text).toMatch(/^http_requests_total\{operation="query \(several fields\)",status="(200|429)"\} \d+$/m);
    expect(text).not.toMatch(/Anything|catalogueSummary\+/);
  });

  it('serve /metrics on the public port only to the holder of the token', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-of-the-same-length-0123456', `Bearer ${METRICS_TOKEN}x`]) {
      const response = await fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(body).not.toMatch(/process_|http_requests_total|nodejs_version/);
    }
  });

  it('serve no /metrics on the public port without a token; a port of its own serves them instead', async () => {
    const open = await createTestApp({ db, countCacheSize: 10, responseCacheBytes: 0 });
    const metrics = await serveMetrics(open.app.metricsRegistry, 0, '127.0.0.1');
    try {
      const publicBase = open.base;
      await fetch(`${publicBase}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect((await fetch(`${publicBase}/metrics`)).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^http_requests_total\{operation="query __typename",status="200"\} 1$/m);
    } finally {
      metrics.close();
      await open.close();
    }
  });
});
