import { createTestApp, type TestApp } from '../support/test-app';

/**
 * One error model, two shapes: GraphQL clients get GraphQL errors on /graphql (whatever refused
 * the request: Fastify, a limit, Apollo), every other route answers RFC 9457 problems.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => expect(t.loggedErrors).toEqual([]));

describe('errors outside GraphQL execution', () => {
  it('an unknown route is a 404 problem', async () => {
    const response = await fetch(`${t.base}/nowhere?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Nothing is served at GET /nowhere',
    });
  });

  it('on /graphql, what Fastify refuses is a GraphQL error with a code: unreadable JSON, a body too large', async () => {
    const broken = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await broken.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
    const large = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', pad: 'x'.repeat(200 * 1024) }),
    });
    expect(large.status).toBe(413);
    expect(large.headers.get('connection')).toBe('close');
    const body = (await large.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'PAYLOAD_TOO_LARGE' }, message: expect.stringMatching(/at most 100 kB/) });
  });

  it('the health probes answer plain JSON', async () => {
    expect(await (await fetch(`${t.base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.base}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});
