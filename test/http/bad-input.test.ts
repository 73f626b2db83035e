import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

/** The contract for every rejected request: one clear error, a stable code, nothing internal. */
async function expectBadInput(query: string, variables?: Record<string, unknown>, messagePart?: RegExp) {
  const response = await t.query(query, variables);
  expect(response.status).toBeLessThan(500);
  expect(response.errors?.length).toBeGreaterThan(0);
  const [error] = response.errors!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  if (messagePart) expect(error.message).toMatch(messagePart);
  expect(response.raw).not.toMatch(/stacktrace|\bat .*\.(js|ts):\d+|SELECT |procedure_channel/);
  expect(response.data?.procedures ?? null).toBeNull();
  return error;
}

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: ProcedureFilter, $orderBy: ProcedureOrder) {
  procedures(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { code } }
  }
}`;

describe('bad input', () => {
  afterEach(() => expect(t.loggedErrors).toEqual([]));

  it.each([0, -1, 101, 1000])('first = %i is refused', (first) => expectBadInput(PAGE, { first }, /first must be between 1 and 100/));
  it.each([0, 101])('last = %i is refused', (last) => expectBadInput(PAGE, { last }, /last must be between 1 and 100/));
  it('first and last together are refused', () => expectBadInput(PAGE, { first: 5, last: 5 }, /either first or last/));
  it('a page size beyond Int is refused', () => expectBadInput(PAGE, { first: 2 ** 40 }));

  it.each(['not a cursor!', 'eyJ4IjoxfQ', 'bm90IGpzb24', 'x'.repeat(5000), Buffer.from('{"o":"NAME:ASC","k":1,"i":"2"}').toString('base64url')])(
    'malformed cursor %#',
    (after) => expectBadInput(PAGE, { first: 5, after }, /after is not a valid cursor/),
  );

  it('a cursor from another ordering is refused', async () => {
    const { data } = await t.query(PAGE, { first: 1, orderBy: { field: 'CODE', direction: 'ASC' } });
    await expectBadInput(PAGE, { first: 1, after: data!.procedures.edges[0].cursor }, /another ordering/);
  });

  it('a numeric cursor key that is not a number is refused', () =>
    expectBadInput(
      PAGE,
      {
        first: 1,
        orderBy: { field: 'PROCESSING_TIME', direction: 'ASC' },
        after: Buffer.from(JSON.stringify({ o: 'PROCESSING_TIME:ASC', k: "1'); DROP TABLE procedure; --", i: 1 })).toString('base64url'),
      },
      /not a valid cursor/,
    ));

  it('an unknown enum value in a variable is refused', () => expectBadInput(PAGE, { filter: { levels: ['MINISTRY'] } }, /MINISTRY/));
  it('an unknown enum value written in the query is refused', () =>
    expectBadInput(`{ procedures(filter: { levels: [MINISTRY] }) { totalCount } }`, undefined, /MINISTRY/));
  it('an unknown order field is refused', () => expectBadInput(PAGE, { orderBy: { field: 'POPULARITY' } }));
  it('a negative fee bound is refused', () => expectBadInput(PAGE, { filter: { maxFeeVnd: -1 } }));
  it('a negative day bound is refused', () => expectBadInput(PAGE, { filter: { maxProcessingDays: -2 } }, /maxProcessingDays/));
  it('an empty list is refused rather than matching nothing', () => expectBadInput(PAGE, { filter: { levels: [] } }, /levels/));
  it('an over-long list is refused', () => expectBadInput(PAGE, { filter: { fieldCodes: Array.from({ length: 101 }, (_, i) => `f${i}`) } }, /fieldCodes/));
  it('an over-long code in a list is refused', () => expectBadInput(PAGE, { filter: { agencyCodes: ['a'.repeat(81)] } }, /agencyCodes/));
  it('an invalid date is refused', () => expectBadInput(PAGE, { filter: { updatedSince: 'yesterday' } }));
  it('contradictory one-stop flags are refused', () => expectBadInput(PAGE, { filter: { isInterconnected: true, isOneStop: false } }, /contradicts/));
  it('contradictory fee conditions are refused', () => expectBadInput(PAGE, { filter: { isFree: false, maxFeeVnd: 0 } }, /contradicts/));
  it('an over-long procedure code is refused', () =>
    expectBadInput(`query ($code: String!) { procedure(code: $code) { code } }`, { code: '1'.repeat(81) }, /longer than 80/));
  it('an over-long unit code is refused', () =>
    expectBadInput(`query ($code: String!) { administrativeUnit(code: $code) { code } }`, { code: '1'.repeat(11) }));
  it('a malformed global id is refused', () => expectBadInput(`{ node(id: "%%%") { id } }`, undefined, /global id/));
  it('a global id of an unknown kind is refused', () =>
    expectBadInput(`query ($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('User:1').toString('base64url') }));

  it('summary filters are validated the same way', () => expectBadInput(`{ catalogueSummary(filter: { levels: [] }) { total } }`, undefined, /levels/));

  it('an unknown code is null, not an error', async () => {
    const { data, errors } = await t.query(`{ procedure(code: "9.999999") { code } administrativeUnit(code: "99999") { code } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ procedure: null, administrativeUnit: null });
  });

  it('injection-looking text is just a value', async () => {
    const { data, errors } = await t.query(`query ($code: String!) { procedure(code: $code) { code } }`, {
      code: "1.001193' OR '1'='1",
    });
    expect(errors).toBeUndefined();
    expect(data!.procedure).toBeNull();
    const [{ n }] = await t.db.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure');
    expect(n).toBe(1823);
  });

  it('a syntax error is reported without internals', async () => {
    const response = await t.query(`{ procedures(first: ) {`);
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.raw).not.toMatch(/stacktrace/);
  });
});
