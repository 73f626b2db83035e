import { getIntrospectionQuery } from 'graphql';
import { QUERY_LIMITS } from '../../src/graphql/query-limits';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (body: string, contentType = 'application/json') => fetch(t.url, { method: 'POST', headers: { 'content-type': contentType }, body });

/** Every list a procedure has, to the bottom: the heaviest page a portal may ask for. */
const FULL_RECORD = `code name field { code name } implementingAgency { code name } legalBasis { number title }
  channels { channel processingTime { value unit } fees { kind amountVnd description } }
  requiredDocuments { name originals copies } steps { position description } subjects results`;

describe('query limits, enforced before execution', () => {
  it('report the estimated cost of every query, from literal or variable page sizes', async () => {
    const small = await t.query(`{ procedures(first: 5) { edges { node { code channels { channel } } } } }`);
    expect(small.errors).toBeUndefined();
    const big = await t.query(`query ($n: Int) { procedures(first: $n) { edges { node { code channels { channel } } } } }`, { n: 50 });
    expect(big.errors).toBeUndefined();
    const cost = (r: typeof small) => JSON.parse(r.raw).extensions.cost;
    // The connection, then per edge: the edge, its node and 10 assumed channels.
    expect(cost(small)).toEqual({ requested: 1 + 5 * (1 + 1 + 10), maximum: QUERY_LIMITS.cost });
    expect(cost(big).requested).toBe(1 + 50 * (1 + 1 + 10));
  });

  it('estimate each request of one document with its own variables (a cost nothing varies is kept, one a variable sets is not)', async () => {
    const QUERY = `query ($n: Int) { procedures(first: $n) { edges { node { code channels { channel } } } } }`;
    const requested = async (n: number) => JSON.parse((await t.query(QUERY, { n })).raw).extensions.cost.requested;
    expect([await requested(2), await requested(40), await requested(2)]).toEqual([1 + 2 * 12, 1 + 40 * 12, 1 + 2 * 12]);
    const FIXED = `query ($code: String!) { procedure(code: $code) { code channels { channel } } }`;
    const fixed = async (code: string) => JSON.parse((await t.query(FIXED, { code })).raw).extensions.cost.requested;
    expect([await fixed('1.001193'), await fixed('2.000001')]).toEqual([1 + 10, 1 + 10]);
  });

  it('let the heaviest legitimate page (100 procedures with every related list) through', async () => {
    const r = await t.query(`{ procedures(first: 100) { totalCount edges { cursor node { ${FULL_RECORD} } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.procedures.edges).toHaveLength(100);
    const introspection = await t.query(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
  });

  it('refuse a query over the cost limit without running it, saying by how much', async () => {
    const aliases = Array.from({ length: 2 }, (_, i) => `p${i}: procedures(first: 100) { edges { node { ${FULL_RECORD} } } }`).join('\n');
    const r = await t.query(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: { maximum: QUERY_LIMITS.cost } });
    expect(r.errors![0].extensions!.cost.requested).toBeGreaterThan(QUERY_LIMITS.cost);
  });

  it('price a page size given as a variable default like one given inline, and a statistic by its work', async () => {
    const inline = await t.query(`{ procedures(first: 100) { edges { node { ${FULL_RECORD} } } } }`);
    const byDefault = await t.query(`query ($n: Int = 100) { procedures(first: $n) { edges { node { ${FULL_RECORD} } } } }`);
    const cost = (r: { raw: string }) => JSON.parse(r.raw).extensions.cost.requested;
    expect(cost(byDefault)).toBe(cost(inline));
    const statistics = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: dossierStatistics(unitCode: "20", from: "2020-01-01", to: "2025-12-31") { received }`).join(' ')} }`;
    expect((await t.query(statistics(1))).errors).toBeUndefined();
    const many = await t.query(statistics(QUERY_LIMITS.aliases));
    expect(many.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuse nesting deeper than the depth limit', async () => {
    const nest = (levels: number) => `{ administrativeUnit(code: "17641") { ${'parent { '.repeat(levels)}code${' }'.repeat(levels)} } }`;
    expect((await t.query(nest(QUERY_LIMITS.depth - 2))).errors).toBeUndefined();
    const deep = await t.query(nest(QUERY_LIMITS.depth));
    expect(deep.status).toBe(400);
    expect(deep.errors![0]).toMatchObject({
      message: `The query is nested more than ${QUERY_LIMITS.depth} levels deep`,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    // Through fragments too.
    const viaFragments = await t.query(
      `{ administrativeUnit(code: "17641") { ...A } } fragment A on AdministrativeUnit { ${'parent { '.repeat(QUERY_LIMITS.depth)}code${' }'.repeat(QUERY_LIMITS.depth)} }`,
    );
    expect(viaFragments.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuse too many aliases and too many directives', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await t.query(aliased(QUERY_LIMITS.aliases))).errors).toBeUndefined();
    const many = await t.query(aliased(QUERY_LIMITS.aliases + 1));
    expect(many.errors![0]).toMatchObject({ message: `The query uses ${QUERY_LIMITS.aliases + 1} aliases; at most ${QUERY_LIMITS.aliases} are allowed` });
    const directives = await t.query(`{ ${Array.from({ length: QUERY_LIMITS.directives + 1 }, (_, i) => `d${i}: __typename @include(if: true)`).join(' ')} }`);
    expect(directives.status).toBe(400);
    expect(directives.errors![0].message).toMatch(/directives; at most/);
  });

  it('refuse an operation type the API does not have as bad input, not a server error', async () => {
    const r = await t.query('subscription { procedures { totalCount } }');
    expect(r.status).toBe(400);
    expect(r.errors![0]).toMatchObject({ message: 'This API has no subscription operations', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(t.loggedErrors).toEqual([]);
  });

  it('refuse documents of more tokens than the limit, batches, and bodies over 100 kB', async () => {
    const tokens = await t.query(`{ ${'__typename '.repeat(QUERY_LIMITS.tokens)} }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors![0].message).toMatch(/5000 tokens/);
    const batch = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batch/i);
    const huge = await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(101 * 1024)}` }));
    expect(huge.status).toBe(413);
    // None of it hurt the server.
    expect((await t.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect(t.loggedErrors).toEqual([]);
  });

  it('answer TIMEOUT when an operation runs past its deadline, and keep serving', async () => {
    const hurried = await createTestApp({ db: t.db, countCacheSize: 0, responseCacheBytes: 0, operationDeadlineMs: 1 });
    try {
      const slow = await fetch(hurried.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ unitRanking(parentCode: "20", from: "2022-01-01", to: "2025-12-31", metric: ON_TIME_RATE) { entries { rank } } }' }),
      });
      expect(slow.status).toBe(503);
      const body: any = await slow.json();
      expect(body.errors[0].extensions).toEqual({ code: 'TIMEOUT', deadlineMs: 1 });
    } finally {
      await hurried.close();
    }
    expect((await t.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
