import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ORIGIN = { origin: 'https://portal.example.vn' };

describe('browsers on other origins', () => {
  it('may read the public API: preflight allowed for GET and POST, answers open to any origin', async () => {
    const preflight = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { ...ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'content-type, accept, apollo-require-preflight, x-apollo-operation-name, x-request-id, if-none-match',
    );
    expect(preflight.headers.get('access-control-max-age')).toBe('86400');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const getPreflight = await fetch(t.url, { method: 'OPTIONS', headers: { ...ORIGIN, 'access-control-request-method': 'GET' } });
    expect(getPreflight.status).toBe(204);
    const read = await fetch(t.url, { method: 'POST', headers: { ...ORIGIN, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    // A page may read what a download tells about itself too (its name, age, licence and feed position).
    expect(read.headers.get('access-control-expose-headers')).toBe(
      'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, etag, last-modified, content-disposition, link, catalogue-feed-position',
    );
  });

  it.each(['/changes', '/changes.atom'])('may read the change feed %s, revalidating with If-None-Match', async (path) => {
    const preflight = await fetch(t.url.replace('/graphql', path), {
      method: 'OPTIONS',
      headers: { ...ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/if-none-match/);
    const read = await fetch(t.url.replace('/graphql', path), { headers: ORIGIN });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-expose-headers')).toMatch(/etag/);
  });

  it('may not send an API key, and get no CORS access to the bulk endpoint', async () => {
    const preflight = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { ...ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).not.toMatch(/authorization/i);
    const bulk = await fetch(t.url.replace('/graphql', '/ingest/dossiers'), {
      method: 'OPTIONS',
      headers: { ...ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(bulk.headers.get('access-control-allow-origin')).toBeNull();
    expect(bulk.headers.get('access-control-allow-methods')).toBeNull();
    const bulkPost = await fetch(t.url.replace('/graphql', '/ingest/dossiers'), {
      method: 'POST',
      headers: { ...ORIGIN, 'content-type': 'application/x-ndjson' },
      body: '{}\n',
    });
    expect(bulkPost.headers.get('access-control-allow-origin')).toBeNull();
    const health = await fetch(t.url.replace('/graphql', '/healthz'), { headers: ORIGIN });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('cannot make simple cross-site POSTs that skip the preflight (CSRF prevention); a GET is a safe read, answered', async () => {
    const simplePost = await fetch(t.url, { method: 'POST', headers: { ...ORIGIN, 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(simplePost.status).toBe(400);
    expect(await simplePost.text()).toMatch(/CSRF/);
    // A GET runs no mutation (405) and carries no cookies: what CDNs and persisted-query clients send.
    const simpleGet = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: ORIGIN });
    expect(simpleGet.status).toBe(200);
    const getMutation = await fetch(`${t.url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: ORIGIN });
    expect(getMutation.status).toBe(405);
  });
});
