import fc from 'fast-check';
import { withLongestBlock } from '../support/event-loop';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The first requests compile code paths once (the JIT, lazy modules); what is measured is every request after.
  for (const query of ['{ __typename }', '{ procedures(first: 2) { edges { node { code } } } }', '{ }', '{ nope }']) {
    await fetch(`${t.url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
    await t.query(query);
  }
});
afterAll(() => t.close());

/** What must never reach a client: a stack frame, SQL or a PostgreSQL message, an internal path. */
const LEAK =
  /\bat .+\.(js|ts):\d+|node_modules|\/work\/|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|syntax error at or near|relation "|violates .* constraint|QueryFailedError|stacktrace/i;

/** No request may keep the event loop from other clients longer than this. */
const MAX_BLOCK_MS = 200;

/** NUL, the other C0 controls and DEL, among ordinary and Vietnamese letters. */
const controlText = fc.string({
  maxLength: 30,
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u007f', 'a', 'Đ', 'ă', ' ', '1', '.'),
  ),
});
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  controlText,
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE procedure; --',
    '\\u0000',
    '%00',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    'ñ'.repeat(300),
    '🙂'.repeat(60),
    '1.001193',
    '427',
    '20',
    '',
  ),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(2 ** 31, -1, 0, 1e308, Number.MAX_SAFE_INTEGER),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 3 }),
);
/** Cursors as a client could forge them: any ordering name, key and id, including keys PostgreSQL would refuse. */
const forgedCursor = fc
  .record({
    o: fc.oneof(fc.constantFrom('NAME:ASC', 'CODE:DESC', 'UPDATED_AT:ASC', 'PROCESSING_TIME:DESC', 'CODE:ASC'), hostileText),
    k: fc.oneof(
      hostileText,
      fc.constantFrom('1', 'March 7', '2025-02-30 00:00:00+00', '2025-01-01 00:00:00+00', 'Infinity', '-1e400', '9'.repeat(400)),
      fc.integer(),
      fc.array(fc.integer(), { maxLength: 3 }),
    ),
    i: fc.oneof(fc.integer(), fc.constantFrom(2 ** 31, 2 ** 53, -1, 0, 1.5), hostileText),
    p: fc.option(fc.integer(), { nil: undefined }),
  })
  .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url'));
/** Feed positions and history cursors forged around their real form: other kinds, signs, sizes, text. */
const forgedPosition = fc
  .tuple(fc.constantFrom('change', 'version', 'Change', ''), fc.oneof(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), hostileText))
  .map(([kind, value]) => Buffer.from(`${kind}:${value}`).toString('base64url'));
const literal = fc.oneof(
  hostileText.map((s) => JSON.stringify(s)),
  forgedCursor.map((c) => JSON.stringify(c)),
  fc.integer().map(String),
  fc.double({ noNaN: true }).map(String),
  fc.constantFrom('true', 'null', 'ON_TIME_RATE', 'MONTH', 'COMMUNE', '[]', '{}', '"2025-02-30"', '"2025-01-01"', '99999999999999999999'),
);

/** Root fields with their arguments, each argument given a valid, a wrong or a hostile value. */
const FIELDS: [string, string[], string][] = [
  [
    'procedures',
    ['first', 'last', 'after', 'before', 'search', 'orderBy'],
    '{ totalCount edges { cursor node { code name channels { fees { amountVnd } } } } }',
  ],
  ['procedure', ['code'], '{ code name requiredDocuments { name } }'],
  ['procedureSuggestions', ['prefix', 'first'], '{ code name }'],
  ['administrativeUnit', ['code'], '{ code name parent { code } }'],
  ['administrativeUnits', ['first', 'after', 'level'], '{ totalCount }'],
  ['catalogueSummary', [], '{ total }'],
  ['dossierStatistics', ['unitCode', 'from', 'to', 'level', 'fieldCode', 'procedureCode', 'includeSubunits'], '{ received onTimeRate { value } }'],
  ['dossierStatisticsSeries', ['unitCode', 'from', 'to', 'interval'], '{ from received }'],
  ['unitRanking', ['parentCode', 'from', 'to', 'metric'], '{ entries { rank unitCode } }'],
  ['serviceIndex', ['unitCode', 'from', 'to'], '{ score groups { key } }'],
  ['publishedFigures', ['unitCode', 'metric', 'from', 'to'], '{ metric value }'],
  ['node', ['id'], '{ id }'],
];
const fieldCall = fc.constantFrom(...FIELDS).chain(([name, args, selection]) =>
  fc
    .record({
      args: fc.subarray(args).chain((chosen) => fc.tuple(...chosen.map((a) => literal.map((v) => `${a}: ${v}`)))),
      selection: fc.oneof(fc.constant(selection), fc.constant(''), fc.constant('{ __typename }'), fc.constant('{ nope }')),
    })
    .map(({ args, selection }) => `${name}${args.length ? `(${args.join(', ')})` : ''} ${selection}`),
);
/** Fragments that each spread the next one twice: 2^levels spreads in a few hundred bytes. */
const fragmentFanOut = fc
  .record({
    levels: fc.integer({ min: 1, max: 45 }),
    place: fc.constantFrom(
      { on: 'Query', open: '', close: '', leaf: '__typename' },
      { on: 'ProcedureConnection', open: 'procedures(first: 2) {', close: '}', leaf: 'totalCount edges { node { code } }' },
    ),
  })
  .map(
    ({ levels, place: { on, open, close, leaf } }) =>
      `{ ${open} ...F0 ${close} } fragment F${levels} on ${on} { ${leaf} } ` +
      Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`).join(' '),
  );
/** One field many times, aliased or not, at the root or nested. */
const wideSelection = fc
  .record({
    n: fc.integer({ min: 1, max: 2_500 }),
    field: fc.constantFrom('__typename', 'catalogueSummary { total }', 'procedures(first: 1) { totalCount edges { node { code } } }'),
    aliased: fc.boolean(),
  })
  .map(({ n, field, aliased }) => `{ ${Array.from({ length: n }, (_, i) => (aliased ? `a${i}: ${field}` : field)).join(' ')} }`);
const deepSelection = fc.oneof(
  fc.integer({ min: 1, max: 1_500 }).map((n) => `{ administrativeUnit(code: "17641") { ${'parent { '.repeat(n)}code${' }'.repeat(n)} } }`),
  fc.integer({ min: 1, max: 1_500 }).map((n) => `{ ${'... on Query { '.repeat(n)}__typename${' }'.repeat(n)} }`),
);
const query = fc.oneof(
  { weight: 6, arbitrary: fc.array(fieldCall, { minLength: 1, maxLength: 3 }).map((calls) => `{ ${calls.map((c, i) => `f${i}: ${c}`).join(' ')} }`) },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fragmentFanOut },
  { weight: 1, arbitrary: wideSelection },
  { weight: 1, arbitrary: deepSelection },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'mutation { upsertDossiers(dossiers: []) { created } }',
      'subscription { x }',
      '{ __schema { types { name } } }',
      'query Q($n: Int) { procedures(first: $n) { totalCount } }',
      '{',
      '}}}',
      'fragment A on Query { ...A } { ...A }',
    ),
  },
);
/** Every text argument taken through a variable: NUL and other controls, forged cursors. */
const TEXT_VARIABLES = [
  'query ($s: String!) { procedure(code: $s) { code } }',
  'query ($s: String) { procedures(search: $s) { totalCount } }',
  'query ($s: String) { procedures(first: 2, after: $s, orderBy: { field: UPDATED_AT }) { totalCount } }',
  'query ($s: String) { procedures(last: 2, before: $s) { totalCount } }',
  'query ($s: String!) { procedureSuggestions(prefix: $s) { code } }',
  'query ($s: String!) { administrativeUnit(code: $s) { code } }',
  'query ($s: String!) { dossierStatistics(unitCode: $s, from: "2024-01-01", to: "2024-03-31") { received } }',
  'query ($s: String) { dossierStatistics(unitCode: "427", from: "2024-01-01", to: "2024-03-31", procedureCode: $s, fieldCode: $s) { received } }',
  'query ($s: ID!) { node(id: $s) { id } }',
  'query ($s: String) { catalogueChanges(after: $s, first: 3) { totalCount edges { node { position } } } }',
  'query ($s: String!) { procedureHistory(code: $s, first: 2) { totalCount } }',
  'query ($s: String) { procedureHistory(code: "1.001193", after: $s) { totalCount } }',
  'query ($s: Date) { procedures(first: 2, asOf: $s) { totalCount } catalogueSummary(asOf: $s) { total } }',
];
const textVariable = fc.record({ query: fc.constantFrom(...TEXT_VARIABLES), variables: fc.record({ s: fc.oneof(hostileText, forgedCursor, forgedPosition) }) });
/** Lists of every length, of good and bad items: up to the limit, and far past it. */
const LIST_VARIABLES = [
  'query ($list: [String!]) { procedures(filter: { fieldCodes: $list }) { totalCount } }',
  'query ($list: [ProcedureLevel!]) { procedures(filter: { levels: $list }) { totalCount } }',
  'mutation ($list: [DossierUpsertInput!]!) { upsertDossiers(dossiers: $list) { created rejected } }',
];
const listVariable = fc
  .record({
    query: fc.constantFrom(...LIST_VARIABLES),
    list: fc.oneof(fc.tuple(fc.integer({ min: 0, max: 600 }), anyValue), fc.tuple(fc.constantFrom(501, 33_000), fc.constantFrom({}, 7, 'COMMUNE', null))),
  })
  .map(({ query, list: [length, item] }) => ({ query, variables: { list: Array.from({ length }, () => item) } }));
/** `variables` or `extensions` nested up to 6,000 levels, as text (JSON.stringify itself would overflow). */
const deepJson = fc
  .record({ levels: fc.integer({ min: 1, max: 6_000 }), where: fc.constantFrom('variables', 'extensions'), array: fc.boolean() })
  .map(
    ({ levels, where, array }) =>
      `{"query":"{ __typename }","${where}":${array ? `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`}}`,
  );
/** Whole request bodies: well-formed GraphQL requests with odd variables, and bodies that are not requests at all. */
const body = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        query,
        variables: fc.option(fc.dictionary(fc.constantFrom('n', 'code', 'x'), anyValue, { maxKeys: 2 }), { nil: undefined }),
        operationName: fc.option(hostileText, { nil: undefined }),
      })
      .map((b) => JSON.stringify(b)),
  },
  { weight: 2, arbitrary: textVariable.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: listVariable.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: anyValue.map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: hostileText },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json',
  'text/plain',
  'application/graphql',
  'multipart/form-data',
  'application/json; charset=latin1',
);
const method = fc.constantFrom('POST', 'POST', 'POST', 'GET');

describe('generated valid, invalid and hostile requests', () => {
  it('never get a 5xx, a stack trace or leaked SQL, never hold the event loop, and the server keeps answering', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(method, contentType, body, async (verb, type, text) => {
        sent += 1;
        const { result: response, blockedMs } = await withLongestBlock(async () => {
          const sentRequest =
            verb === 'GET'
              ? await fetch(`${t.url}?query=${encodeURIComponent(text)}`, { headers: { 'apollo-require-preflight': 'true' } })
              : await fetch(t.url, { method: 'POST', headers: { 'content-type': type }, body: text });
          return { status: sentRequest.status, text: await sentRequest.text() };
        });
        expect(response.status).toBeLessThan(500);
        expect(response.text).not.toMatch(LEAK);
        expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
      }),
      { numRuns: 2_000, seed: 20261123 },
    );
    expect(sent).toBeGreaterThanOrEqual(2_000);
    const known = await t.query('{ procedure(code: "1.001193") { code } }');
    expect(known.data).toEqual({ procedure: { code: '1.001193' } });
    expect(t.loggedErrors).toEqual([]);
  });
});
