import { ApolloServer } from '@apollo/server';
import * as jit from 'graphql-jit';
import { getIntrospectionQuery } from 'graphql';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * An operation runs on graphql-js the first time and on code compiled for it from the second (see
 * compiledExecution); from the second, a query Apollo answered cleanly is answered without Apollo
 * (see KnownOperations). Whatever a client asks, all must answer alike, to the byte, errors and
 * status included. The response cache is off, so every request is executed.
 */
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof jit>('graphql-jit');
  // Each compiled operation's runs are counted: a request must run it once, whoever answers it.
  const compileQuery = (...args: Parameters<typeof jit.compileQuery>) => {
    const compiled = actual.compileQuery(...args);
    return 'query' in compiled ? { ...compiled, query: jest.fn(compiled.query) } : compiled;
  };
  return { ...actual, compileQuery: jest.fn(compileQuery) };
});
const compile = jit.compileQuery as jest.MockedFunction<typeof jit.compileQuery>;
const apolloAnswers = jest.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');

let t: TestApp;
beforeAll(async () => (t = await createTestApp({ responseCacheBytes: 0 })));
afterAll(() => t.close());

const PAGE_NODE = `code name level isOneStop onlineServiceLevel minFeeVnd updatedAt effectiveFrom field { id code name } implementingAgency { code name unit { code name } }
  channels { channel processingTime { value unit description } fees { kind amountVnd description } }
  requiredDocuments { caseName name originals copies isRequired } steps { position description } legalBasis { number title issuedOn }`;

const CODE_FIELD = 'CODE';

interface Case {
  why: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** Left to graphql-js: refused before execution (its variables do not fit), or its variables get an input field's default. */
  notCompiled?: true;
  /** Known, answered with the JSON its service builds rather than by the compiled code (see json-answers.test.ts). */
  asJson?: true;
}

const CASES: Case[] = [
  {
    why: 'a page with every related record, its cursors and page info',
    query: `{ procedures(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ${PAGE_NODE} } } } }`,
  },
  {
    why: 'a filtered page in another order, with variables',
    query: `query ($filter: ProcedureFilter, $first: Int!) { procedures(first: $first, filter: $filter, orderBy: { field: PROCESSING_TIME, direction: DESC }) { edges { node { code minProcessingDays isFree } } } }`,
    variables: { first: 15, filter: { levels: ['COMMUNE'], isOneStop: true } },
  },
  {
    why: 'a search with highlights and ranks',
    query: `query ($q: String!) { procedures(search: $q, first: 5) { totalCount edges { searchRank nameHighlight { text matched } node { code name } } } }`,
    variables: { q: 'dang ky khai sinh' },
  },
  {
    why: 'one whole record',
    query: `query ($code: String!) { procedure(code: $code) { id nameEn subjects results conditions status ${PAGE_NODE} } }`,
    variables: { code: '1.001193' },
  },
  { why: 'a procedure that does not exist', query: `{ procedure(code: "9.999999") { code } }`, asJson: true },
  {
    why: 'fragments, aliases, an interface and directives',
    query: `query ($withField: Boolean!, $id: ID!) { one: procedure(code: "1.001193") { ...P } two: procedure(code: "1.000894") { ...P field @include(if: $withField) { code } }
      node(id: $id) { __typename id ... on Procedure { code } } __typename }
      fragment P on Procedure { code name level @skip(if: $withField) }`,
    variables: { withField: true, id: Buffer.from('Procedure:1.001193').toString('base64url') },
  },
  {
    why: 'counts by every grouping',
    query: `{ catalogueSummary(filter: { levels: [DISTRICT] }) { total byLevelAndOneStop { level isOneStop count } byField { field { code } count } } }`,
  },
  { why: 'fields and agencies', query: `{ fields { code name procedureCount } agencies(first: 5) { totalCount edges { node { code name level } } } }` },
  { why: 'units, a tree', query: `{ administrativeUnits(parentCode: "178", first: 10) { totalCount edges { node { code name level parent { code } } } } }` },
  { why: 'suggestions', query: `query ($p: String!) { procedureSuggestions(prefix: $p, first: 5) { code name } }`, variables: { p: 'dang ky' } },
  {
    why: 'statistics and a series',
    query: `{ dossierStatistics(unitCode: "20", from: "2024-01-01", to: "2024-12-31") { newlyReceived resolved pendingAtEnd } dossierStatisticsSeries(unitCode: "20", from: "2024-01-01", to: "2024-03-31", interval: MONTH) { from to newlyReceived } }`,
  },
  { why: 'the change feed', query: `{ catalogueChanges(first: 3) { edges { cursor node { procedureCode version kind } } pageInfo { hasNextPage } } }` },
  { why: 'introspection', query: getIntrospectionQuery() },
  { why: "an input literal's default", query: `{ procedures(first: 5, orderBy: { field: CODE }) { edges { node { code } } } }` },
  {
    why: "a variable that gets an input field's default (a page with related records: answered as JSON)",
    query: `query ($order: ProcedureOrder) { procedures(first: 5, orderBy: $order) { edges { node { code field { code } } } } }`,
    variables: { order: { field: CODE_FIELD } },
    notCompiled: true,
    asJson: true,
  },
  { why: 'a fragment spread twice', query: `{ ...F0 } fragment F1 on Query { __typename } fragment F0 on Query { ...F1 ...F1 }` },
  { why: 'an operation name that names none', query: `query A { __typename }`, operationName: '', notCompiled: true },
  // Errors: a resolver's, a variable's (400 before execution), a limit's, on a nested field.
  {
    why: 'a bad cursor',
    query: `query ($after: String) { procedures(first: 5, after: $after) { edges { node { code } } } }`,
    variables: { after: 'not-a-cursor' },
  },
  {
    why: 'a variable of the wrong type',
    query: `query ($first: Int) { procedures(first: $first) { edges { node { code } } } }`,
    variables: { first: 'twenty' },
    notCompiled: true,
  },
  { why: 'a missing required variable', query: `query ($code: String!) { procedure(code: $code) { code } }`, variables: {}, notCompiled: true },
  {
    why: 'a page larger than allowed',
    query: `query ($first: Int) { procedures(first: $first) { edges { node { code name } } } }`,
    variables: { first: 5000 },
  },
  { why: 'an error below a field that answers', query: `{ ok: procedure(code: "1.001193") { code } bad: procedure(code: "${'9'.repeat(200)}") { code } }` },
];

describe('compiled execution', () => {
  const ask = async ({ query, variables, operationName }: Case) => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, raw: await response.text() };
  };

  it.each(CASES)('answers like graphql-js: $why', async (request) => {
    const { notCompiled, asJson } = request;
    const compilations = compile.mock.calls.length;
    apolloAnswers.mockClear();
    const [first, second, third] = [await ask(request), await ask(request), await ask(request)];
    expect(second.status).toBe(first.status);
    expect(second.raw).toBe(first.raw);
    expect(third.raw).toBe(first.raw);
    // The operation was compiled on its second run, once, and ran once for each of the two requests since (neither, when both are answered as JSON).
    expect(compile.mock.calls.length).toBe(compilations + (notCompiled ? 0 : 1));
    if (!notCompiled) {
      const compiled = compile.mock.results.at(-1)!.value as jit.CompiledQuery;
      expect(jit.isCompiledQuery(compiled)).toBe(true);
      expect(compiled.query).toHaveBeenCalledTimes(asJson ? 0 : 2);
    }
    // Apollo answered the first request, and the others when neither compiled nor answered as JSON, or not clean.
    const clean = first.status === 200 && !('errors' in JSON.parse(first.raw));
    expect(apolloAnswers).toHaveBeenCalledTimes(clean && (!notCompiled || asJson) ? 1 : 3);
    expect(t.loggedErrors).toEqual([]);
  });
});

describe('a known query asked with other variables', () => {
  const query = `query ($first: Int!, $after: String) { procedures(first: $first, after: $after) { edges { node { code } } } }`;
  const ask = async (text: string, variables: Record<string, unknown>) => {
    const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, variables }) });
    return { status: response.status, raw: await response.text() };
  };

  it.each([
    { why: 'a bad cursor (an error from its resolver)', variables: { first: 5, after: 'not-a-cursor' }, status: 200 },
    { why: 'a page larger than allowed (from its resolver too)', variables: { first: 100_000 }, status: 200 },
    { why: 'a variable of the wrong type', variables: { first: 'five' }, status: 400 },
    { why: 'a NUL in a text', variables: { first: 5, after: 'a\u0000b' }, status: 400 },
    { why: 'a clean page', variables: { first: 3 }, status: 200 },
  ])('is answered as an unknown query would be, and runs at most once: $why', async ({ variables, status }) => {
    expect((await ask(query, { first: 2 })).status).toBe(200);
    expect((await ask(query, { first: 2 })).status).toBe(200);
    const compiled = compile.mock.results.findLast(({ value }) => jit.isCompiledQuery(value))!.value as jit.CompiledQuery;
    const runs = (compiled.query as jest.Mock).mock.calls.length;

    const known = await ask(query, variables);
    // The same text with a space more is another document, never seen: Apollo answers it.
    const unknown = await ask(`${query} `, variables);
    expect(known).toEqual(unknown);
    expect(known.status).toBe(status);
    const executed = status === 200 || 'data' in JSON.parse(known.raw);
    expect(compiled.query).toHaveBeenCalledTimes(runs + (executed ? 1 : 0));
    expect(t.loggedErrors).toEqual([]);
  });
});
