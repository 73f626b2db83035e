import crypto from 'node:crypto';
import { catalogueKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Catalogue reads as short GET requests that any HTTP cache can keep: automatic persisted queries
 * (Apollo's protocol: the query's SHA-256 in extensions.persistedQuery), Cache-Control, an ETag
 * from the catalogue's version and day, 304 on If-None-Match; nothing of the kind for statistics,
 * errors or writes. Run with the response cache on (as deployed) and off (every request executed).
 */
const QUERY = `query Commune($first: Int!) { procedures(first: $first, filter: { levels: [COMMUNE] }) { edges { node { code name } } } }`;
const HASH = crypto.createHash('sha256').update(QUERY).digest('hex');
const persisted = (hash = HASH) => JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });

describe.each([
  ['response cache on', 64 * 1024 * 1024],
  ['response cache off', 0],
])('%s', (_name, responseCacheBytes) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ responseCacheBytes });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (parameters: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}?${new URLSearchParams(parameters).toString()}`, { headers: { origin: 'https://portal.example', ...headers } });

  it('a hash the server has not seen is PERSISTED_QUERY_NOT_FOUND; sent with its query it is registered; then the hash alone is enough, as a cacheable GET', async () => {
    const variables = JSON.stringify({ first: 3 });
    const miss = await get({ extensions: persisted(), variables });
    const missed: any = await miss.json();
    expect(missed.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.headers.get('cache-control')).toBe('no-store');

    const register = await get({ query: QUERY, extensions: persisted(), variables });
    expect(register.status).toBe(200);
    const registered: any = await register.json();
    expect(registered.data.procedures.edges).toHaveLength(3);

    const hit = await get({ extensions: persisted(), variables });
    expect(hit.status).toBe(200);
    expect(await hit.json()).toEqual(registered);
    expect(hit.headers.get('cache-control')).toMatch(/^public, max-age=([1-9]\d?|60)$/);
    expect(hit.headers.get('etag')).toMatch(/^"\d+@\d{4}-\d{2}-\d{2}"$/);
    expect(hit.headers.get('vary')).toMatch(/accept/i);
    expect(hit.headers.get('access-control-allow-origin')).toBe('*');
    expect(t.loggedErrors).toEqual([]);
  });

  it('answers 304 without a body while the catalogue is unchanged, and the whole answer with a new ETag once it changes', async () => {
    const parameters = { query: QUERY, variables: JSON.stringify({ first: 2 }) };
    const first = await get(parameters);
    const etag = first.headers.get('etag')!;
    const again = await get(parameters, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toMatch(/^public/);

    const key = await catalogueKey(t.db.sql, { province: true }, 'Văn phòng UBND tỉnh');
    const { data } = await t.query(`{ procedure(code: "1.001193") { version } }`);
    const edit = await t.query(
      `mutation ($v: Int!) { updateProcedure(code: "1.001193", expectedVersion: $v, patch: { nameEn: "Birth registration (cache test)" }) { outcome } }`,
      { v: data!.procedure.version },
      { authorization: `Bearer ${key}` },
    );
    expect(edit.data!.updateProcedure.outcome).toBe('CHANGED');
    const changed = await get(parameters, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('statistics, errors and anything not a catalogue read carry no public caching headers', async () => {
    const statistics = await get({ query: `{ dossierStatistics(unitCode: "427", from: "2024-01-01", to: "2024-06-30") { received } }` });
    expect(statistics.status).toBe(200);
    expect(((await statistics.json()) as any).data.dossierStatistics.received).toBe(6609);
    expect(statistics.headers.get('cache-control')).toBe('no-store');
    expect(statistics.headers.get('etag')).toBeNull();
    const mixed = await get({ query: `{ procedure(code: "1.001193") { code } publishedFigures(unitCode: "427") { value } }` });
    expect(mixed.headers.get('cache-control')).toBe('no-store');
    const invalid = await get({ query: `{ procedure(code: "1.001193") { nope } }` });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('cache-control')).not.toMatch(/public/);
    // A POST is never stored by HTTP caches, whatever it reads.
    const post = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables: { first: 1 } }),
    });
    expect(post.headers.get('cache-control')).toBeNull();
    expect(post.headers.get('etag')).toBeNull();
  });

  it('a GET never writes: a mutation over GET is refused, also as a persisted query', async () => {
    const mutation = `mutation { removeProcedure(code: "1.001193", expectedVersion: 1) { outcome } }`;
    const refused = await get({ query: mutation });
    expect(refused.status).toBe(405);
    const hash = crypto.createHash('sha256').update(mutation).digest('hex');
    const persistedMutation = await get({ query: mutation, extensions: persisted(hash) });
    expect(persistedMutation.status).toBe(405);
    expect((await t.query(`{ procedure(code: "1.001193") { code } }`)).data!.procedure).toEqual({ code: '1.001193' });
  });
});
