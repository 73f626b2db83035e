import { ProcedureService } from '../../src/catalogue/procedure.service';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A known query made of `procedure` alone is answered with the JSON text PostgreSQL builds for its
 * selection (see jsonPlan and procedureJson), not by executing it. It must answer what execution
 * answers, to the byte. A directive keeps an operation off that path (its condition depends on
 * the variables), so the same query with `@include(if: true)` on the field is the executed one.
 * The response cache is off: every request is answered anew.
 */
const asJson = jest.spyOn(ProcedureService.prototype, 'findJsonByCode');

let t: TestApp;
beforeAll(async () => (t = await createTestApp({ responseCacheBytes: 0 })));
afterAll(() => t.close());

const EVERY_FIELD = `__typename id code version name nameEn level isOneStop isInterconnected onlineServiceLevel subjects results
  conditions announcementDecision status effectiveFrom effectiveTo updatedAt minProcessingDays isFree minFeeVnd isRepresentative
  representativeFields field { __typename id code name } implementingAgency { id code name level }
  channels { channel processingTime { value unit description } fees { kind amountVnd description } }
  requiredDocuments { caseName name originals copies isRequired formName formUrl } steps { position caseName description }
  legalBasis { number title issuer issuedOn }`;

const executed = (query: string) => query.replace(/(procedure\([^)]*\))/, '$1 @include(if: true)');

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, raw: await response.text() };
}

/** The answers `findJsonByCode` gave since the spy was last cleared (undefined: it left the field to execution). */
const jsonTexts = () => Promise.all(asJson.mock.results.map(({ value }) => value as Promise<string | undefined>));

/** Asks `query` until it is known (Apollo answers it once, then it is compiled), then asks it for each of `variables`, and the executed query too. */
async function compare(query: string, variables: Record<string, unknown>[]) {
  await post(query, variables[0]);
  await post(query, variables[0]);
  asJson.mockClear();
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
