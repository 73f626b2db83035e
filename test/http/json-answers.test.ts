import { ProcedureService } from '../../src/catalogue/procedure.service';
import * as argumentValidation from '../../src/graphql/argument-validation';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A known query made of `procedure` alone is answered with the JSON text PostgreSQL builds for its
 * selection (see jsonPlan and procedureJson), not by executing it. It must answer what execution
 * answers, to the byte. A directive keeps an operation off that path (its condition depends on
 * the variables), so the same query with `@include(if: true)` on the field is the executed one.
 * The response cache is off: every request is answered anew.
 */
const asJson = jest.spyOn(ProcedureService.prototype, 'findJsonByCode');
const pageAsJson = jest.spyOn(ProcedureService.prototype, 'listJson');
// The checks a JSON answer makes of its arguments (execution's own, validateArgument, are not counted).
jest.mock('../../src/graphql/argument-validation', () => {
  const actual = jest.requireActual<typeof argumentValidation>('../../src/graphql/argument-validation');
  return { ...actual, checkInput: jest.fn(actual.checkInput) };
});
const checkInput = argumentValidation.checkInput as jest.MockedFunction<typeof argumentValidation.checkInput>;

let t: TestApp;
beforeAll(async () => (t = await createTestApp({ responseCacheBytes: 0 })));
afterAll(() => t.close());

const EVERY_FIELD = `__typename id code version name nameEn level isOneStop isInterconnected onlineServiceLevel subjects results
  conditions announcementDecision status effectiveFrom effectiveTo updatedAt minProcessingDays isFree minFeeVnd isRepresentative
  representativeFields field { __typename id code name } implementingAgency { id code name level }
  channels { channel processingTime { value unit description } fees { kind amountVnd description } }
  requiredDocuments { caseName name originals copies isRequired formName formUrl } steps { position caseName description }
  legalBasis { number title issuer issuedOn }`;

const executed = (query: string) => query.replace(/(procedures?\([^)]*\))/, '$1 @include(if: true)');

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, raw: await response.text() };
}

/** The answers `findJsonByCode` (or `spy`) gave since it was last cleared (undefined: it left the field to execution). */
const jsonTexts = (spy: jest.SpyInstance = asJson) => Promise.all(spy.mock.results.map(({ value }) => value as Promise<string | undefined>));

/** Asks `query` until it is known (Apollo answers it once, then it is compiled), then asks it for each of `variables`, and the executed query too. */
async function compare(query: string, variables: Record<string, unknown>[]) {
  await post(query, variables[0]);
  await post(query, variables[0]);
  asJson.mockClear();
  pageAsJson.mockClear();
  checkInput.mockClear();
  const answers = [];
  for (const values of variables) answers.push({ values, json: await post(query, values), executed: await post(executed(query), values) });
  return answers;
}

describe('a procedure answered as JSON built by PostgreSQL', () => {
  it('answers every field of every procedure in force as execution does, to the byte', async () => {
    const codes = await t.db.sql.rows<{ code: string }>('SELECT DISTINCT code FROM procedure ORDER BY code');
    expect(codes.length).toBeGreaterThan(1800);
    const query = `query Whole($code: String!) { procedure(code: $code) { ${EVERY_FIELD} } }`;
    const answers = await compare(
      query,
      codes.map(({ code }) => ({ code })),
    );
    for (const { values, json, executed: expected } of answers) {
      expect({ values, ...json }).toEqual({ values, ...expected });
      expect(json.status).toBe(200);
    }
    // Each was built by PostgreSQL (none was left to execution), and the values the API serialises specially were among them.
    const texts = await jsonTexts();
    expect(texts).toHaveLength(codes.length);
    expect(texts.every((text) => typeof text === 'string')).toBe(true);
    const all = answers.map(({ json }) => json.raw).join('\n');
    expect(all).toMatch(/"formUrl":"https:\/\//);
    expect(all).toMatch(/"minProcessingDays":\d+\.\d+/);
    expect(all).toMatch(/"updatedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
    expect(all).toMatch(/"effectiveTo":null/);
  });

  it.each([
    {
      why: 'aliases, named and inline fragments, __typename at every level, another day',
      query: `query ($code: String!, $asOf: Date) { it: procedure(code: $code, asOf: $asOf) { ...Names ... on Procedure { kind: __typename level }
        ... { channels { c: channel fees { ...Fee } } } requiredDocuments { n: name url: formUrl } } }
        fragment Names on Procedure { name title: nameEn field { name __typename } } fragment Fee on Fee { amountVnd __typename }`,
      variables: [
        { code: '1.001193', asOf: '2024-06-01' },
        { code: '1.000894', asOf: null },
      ],
    },
    {
      why: 'a field selected twice under one key, merged',
      query: `query ($code: String!) { procedure(code: $code) { code channels { channel } ... on Procedure { channels { fees { kind } } code } } }`,
      variables: [{ code: '1.001193' }],
    },
    {
      why: 'keys as long as PostgreSQL keeps a column name (63 bytes)',
      query: `query ($code: String!) { procedure(code: $code) { ${'n'.repeat(63)}: name field { ${'c'.repeat(63)}: code } } }`,
      variables: [{ code: '1.001193' }],
    },
    {
      why: 'a procedure that does not exist, and one not yet in force',
      query: `query ($code: String!, $asOf: Date) { procedure(code: $code, asOf: $asOf) { code name } }`,
      variables: [{ code: '9.999999' }, { code: '1.001193', asOf: '1950-01-01' }],
    },
  ])('answers as execution does: $why', async ({ query, variables }) => {
    const answers = await compare(query, variables);
    for (const { json, executed: expected } of answers) expect(json).toEqual(expected);
    expect((await jsonTexts()).every((text) => typeof text === 'string')).toBe(true);
    expect(asJson).toHaveBeenCalledTimes(variables.length);
    expect(t.loggedErrors).toEqual([]);
  });

  it.each([
    { why: 'a directive', query: `query ($code: String!, $on: Boolean!) { procedure(code: $code) { code name @include(if: $on) } }`, variables: { on: false } },
    { why: 'a fragment on an interface', query: `query ($code: String!) { procedure(code: $code) { code ... on Node { id } } }` },
    {
      why: 'a field selected twice under two keys',
      query: `query ($code: String!) { procedure(code: $code) { a: steps { position } b: steps { description } } }`,
    },
    {
      why: 'a field with a resolver of its own',
      query: `query ($code: String!) { procedure(code: $code) { code implementingAgency { unit { code name } } } }`,
    },
    { why: 'two root fields', query: `query ($code: String!) { procedure(code: $code) { code } fields { code } }` },
    // PostgreSQL would cut the name of the column the key is written from.
    { why: 'a key longer than 63 bytes', query: `query ($code: String!) { procedure(code: $code) { code field { ${'c'.repeat(64)}: code } } }` },
  ])('leaves to execution what it cannot answer exactly: $why', async ({ query, variables }) => {
    const values = { code: '1.001193', ...variables };
    const answers = await compare(query, [values]);
    expect(answers[0].json).toEqual(answers[0].executed);
    expect(answers[0].json.status).toBe(200);
    expect(asJson).not.toHaveBeenCalled();
  });

  it('answers a refused argument as execution does (the same error), by executing it', async () => {
    const query = `query ($code: String!) { procedure(code: $code) { code } }`;
    const answers = await compare(query, [{ code: '1.001193' }, { code: '9'.repeat(200) }]);
    for (const { json, executed: expected } of answers) expect(json).toEqual(expected);
    expect(JSON.parse(answers[1].json.raw).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(t.loggedErrors).toEqual([]);
  });

  it('leaves a record to execution when a stored form URL is not in the form the URL scalar gives it', async () => {
    const { code } = (await t.db.sql.one<{ code: string }>(
      `SELECT p.code FROM procedure p JOIN required_document d ON d.procedure_id = p.id WHERE d.form_url IS NOT NULL AND p.valid_to IS NULL ORDER BY p.code LIMIT 1`,
    ))!;
    await t.db.sql.rows(
      `UPDATE required_document SET form_url = 'HTTPS://Forms.Example.GOV.vn' WHERE form_url IS NOT NULL AND procedure_id IN (SELECT id FROM procedure WHERE code = $1)`,
      [code],
    );
    const answers = await compare(`query ($code: String!) { procedure(code: $code) { code requiredDocuments { formUrl } } }`, [{ code }]);
    expect(answers[0].json).toEqual(answers[0].executed);
    expect(answers[0].json.raw).toContain('"formUrl":"https://forms.example.gov.vn/"');
    expect(await jsonTexts()).toEqual([undefined]);
  });
});

describe('a page of procedures answered as JSON built by PostgreSQL', () => {
  const PAGE_NODE = EVERY_FIELD.replace(' formName formUrl', ' formName');
  const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $filter: ProcedureFilter, $orderBy: ProcedureOrder, $asOf: Date) {
    procedures(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy, asOf: $asOf) {
      __typename edges { __typename cursor node { ${PAGE_NODE} } } pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } } }`;

  /** Reads the whole list page by page (the JSON answers' cursors lead on), comparing each page with the executed one. */
  async function walk(variables: Record<string, unknown>, backward = false) {
    let cursor: string | null = null;
    let procedures = 0;
    await post(PAGE, variables);
    await post(PAGE, variables);
    pageAsJson.mockClear();
    for (let pages = 0; pages < 40; pages++) {
      const values: Record<string, unknown> = { ...variables, ...(backward ? { last: 100, before: cursor } : { first: 100, after: cursor }) };
      const [json, expected] = [await post(PAGE, values), await post(executed(PAGE), values)];
      expect({ values, ...json }).toEqual({ values, ...expected });
      const { edges, pageInfo } = JSON.parse(json.raw).data.procedures as { edges: unknown[]; pageInfo: Record<string, any> };
      procedures += edges.length;
      if (!(backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage)) return { procedures, pages: pages + 1 };
      cursor = backward ? pageInfo.startCursor : pageInfo.endCursor;
    }
    throw new Error('the list did not end');
  }

  it.each([
    { field: 'NAME', direction: 'ASC' },
    { field: 'NAME', direction: 'DESC' },
    { field: 'CODE', direction: 'ASC' },
    { field: 'UPDATED_AT', direction: 'DESC' },
    { field: 'PROCESSING_TIME', direction: 'ASC' },
    { field: 'PROCESSING_TIME', direction: 'DESC' },
  ])('answers every page of the catalogue in $field $direction order as execution does, to the byte', async (orderBy) => {
    const { procedures, pages } = await walk({ orderBy });
    expect(procedures).toBe(1823);
    // Each page was built by PostgreSQL, none left to execution.
    const texts = await jsonTexts(pageAsJson);
    expect(texts).toHaveLength(pages);
    expect(texts.every((text) => typeof text === 'string')).toBe(true);
  });

  it('answers pages read backwards from the end as execution does', async () => {
    const { procedures, pages } = await walk({ orderBy: { field: 'CODE', direction: 'ASC' } }, true);
    expect(procedures).toBe(1823);
    expect(await jsonTexts(pageAsJson)).toEqual(Array(pages).fill(expect.any(String)));
  });

  it.each([
    { why: 'a level and one-stop', variables: { first: 50, filter: { levels: ['DISTRICT'], isOneStop: true } } },
    { why: 'a field and an online level', variables: { first: 20, filter: { fieldCodes: ['ho-tich'], onlineServiceLevels: ['FULL', 'PARTIAL'] } } },
    { why: 'a fee and a processing time', variables: { first: 30, filter: { maxFeeVnd: 50000, maxProcessingDays: 5 } } },
    { why: 'an empty page', variables: { first: 10, filter: { fieldCodes: ['no-such-field'] } } },
    { why: 'a blank search and another day', variables: { last: 5, asOf: '2024-06-01', search: '  ' } },
  ])('answers a page filtered by $why as execution does', async ({ variables }) => {
    const query = PAGE.replace('$asOf: Date)', '$asOf: Date, $search: String)').replace('asOf: $asOf)', 'asOf: $asOf, search: $search)');
    const [{ json, executed: expected }] = await compare(query, [variables]);
    expect(json).toEqual(expected);
    expect(json.status).toBe(200);
    expect(await jsonTexts(pageAsJson)).toEqual([expect.any(String)]);
  });

  it('answers aliases and fragments as execution does', async () => {
    const query = `query ($after: String) { list: procedures(first: 100, after: $after) { ... on ProcedureConnection { e: edges { n: node { ...N } } }
      info: pageInfo { more: hasNextPage end: endCursor } } } fragment N on Procedure { code name kind: __typename f: field { name } }`;
    const first = JSON.parse((await post(query)).raw).data.list.info.end;
    const answers = await compare(query, [{ after: null }, { after: first }]);
    for (const { json, executed: expected } of answers) expect(json).toEqual(expected);
    expect(await jsonTexts(pageAsJson)).toEqual([expect.any(String), expect.any(String)]);
    expect(t.loggedErrors).toEqual([]);
  });

  it.each([
    { why: 'a search', query: `{ procedures(first: 5, search: "khai sinh") { edges { node { code field { code } } } } }` },
    { why: 'a code search', query: `{ procedures(first: 5, search: "1.0011") { edges { node { code field { code } } } } }` },
  ])('leaves $why to execution, the search having its own order', async ({ query }) => {
    const [{ json, executed: expected }] = await compare(query, [{}]);
    expect(json).toEqual(expected);
    expect(JSON.parse(json.raw).data.procedures.edges.length).toBeGreaterThan(0);
    // Declined before its arguments are checked (execution checks them) and before the service is asked.
    expect(pageAsJson).not.toHaveBeenCalled();
    expect(checkInput).not.toHaveBeenCalled();
  });

  it.each([
    { why: 'totalCount', query: `{ procedures(first: 5) { totalCount edges { node { code field { code } } } } }` },
    { why: 'an edge field of a search', query: `{ procedures(first: 5) { edges { searchRank node { code field { code } } } } }` },
    { why: 'form URLs', query: `{ procedures(first: 5) { edges { node { requiredDocuments { formUrl } } } } }` },
    // A page of plain values costs PostgreSQL as much more as JSON as it saves the server (see connectionJson).
    { why: 'no related records', query: `{ procedures(first: 100) { edges { cursor node { code name } } pageInfo { hasNextPage } } }` },
  ])('does not plan a page with $why', async ({ query }) => {
    const [{ json, executed: expected }] = await compare(query, [{}]);
    expect(json).toEqual(expected);
    expect(json.status).toBe(200);
    expect(pageAsJson).not.toHaveBeenCalled();
  });

  it.each([
    { why: 'a page size out of range', variables: { first: 101 } },
    { why: 'a foreign cursor', variables: { first: 5, after: 'eyJvIjoiQ09ERTpBU0MiLCJrIjoiMSIsImkiOjF9' } },
    { why: 'an empty filter list (class-validator)', variables: { first: 5, filter: { fieldCodes: [] } } },
    { why: 'a processing time out of range (class-validator)', variables: { first: 5, filter: { maxProcessingDays: -1 } } },
    { why: 'contradictory filters', variables: { first: 5, filter: { isInterconnected: true, isOneStop: false } } },
  ])('answers $why with the error execution gives', async ({ variables }) => {
    const query = `query ($first: Int, $after: String, $filter: ProcedureFilter) { procedures(first: $first, after: $after, filter: $filter) { edges { node { code field { code } } } } }`;
    const answers = await compare(query, [{ first: 5 }, variables]);
    for (const { json, executed: expected } of answers) expect(json).toEqual(expected);
    expect(JSON.parse(answers[1].json.raw).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // The first was answered as JSON: the same operation, refused by the same checks.
    await expect(pageAsJson.mock.results[0].value).resolves.toEqual(expect.any(String));
    expect(t.loggedErrors).toEqual([]);
  });
});
