import fc from 'fast-check';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** What must never reach a client: a stack frame, SQL or a PostgreSQL message, an internal path. */
const LEAK = /\bat .+\.(js|ts):\d+|node_modules|\/work\/|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|syntax error at or near|relation "|violates .* constraint|QueryFailedError|stacktrace/i;

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom("' OR 1=1 --", '"; DROP TABLE procedure; --', '\\u0000', '%00', '${jndi:ldap://x}', '<script>alert(1)</script>', 'ñ'.repeat(300), '🙂'.repeat(60), '1.001193', '427', '20', ''),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(2 ** 31, -1, 0, 1e308, Number.MAX_SAFE_INTEGER),
  fc.array(hostileText, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 3 }),
);
const literal = fc.oneof(
  hostileText.map((s) => JSON.stringify(s)), fc.integer().map(String), fc.double({ noNaN: true }).map(String), fc.constantFrom('true', 'null', 'ON_TIME_RATE', 'MONTH', 'COMMUNE', '[]', '{}', '"2025-02-30"', '"2025-01-01"', '99999999999999999999'),
);

/** Root fields with their arguments, each argument given a valid, a wrong or a hostile value. */
const FIELDS: [string, string[], string][] = [
  ['procedures', ['first', 'last', 'after', 'before', 'search'], '{ totalCount edges { cursor node { code name channels { fees { amountVnd } } } } }'],
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
  fc.record({
    args: fc.subarray(args).chain((chosen) => fc.tuple(...chosen.map((a) => literal.map((v) => `${a}: ${v}`)))),
    selection: fc.oneof(fc.constant(selection), fc.constant(''), fc.constant('{ __typename }'), fc.constant('{ nope }')),
  }).map(({ args, selection }) => `${name}${args.length ? `(${args.join(', ')})` : ''} ${selection}`),
);
const query = fc.oneof(
  { weight: 6, arbitrary: fc.array(fieldCall, { minLength: 1, maxLength: 3 }).map((calls) => `{ ${calls.map((c, i) => `f${i}: ${c}`).join(' ')} }`) },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => `{ administrativeUnit(code: "17641") { ${'parent { '.repeat(n)}code${' }'.repeat(n)} } }`) },
  { weight: 1, arbitrary: fc.constantFrom('mutation { upsertDossiers(dossiers: []) { created } }', 'subscription { x }', '{ __schema { types { name } } }', 'query Q($n: Int) { procedures(first: $n) { totalCount } }', '{', '}}}', 'fragment A on Query { ...A } { ...A }') },
);
/** Whole request bodies: well-formed GraphQL requests with odd variables, and bodies that are not requests at all. */
const body = fc.oneof(
  { weight: 6, arbitrary: fc.record({ query, variables: fc.option(fc.dictionary(fc.constantFrom('n', 'code', 'x'), anyValue, { maxKeys: 2 }), { nil: undefined }), operationName: fc.option(hostileText, { nil: undefined }) }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: anyValue.map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: hostileText },
);
const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/graphql', 'multipart/form-data', 'application/json; charset=latin1');
const method = fc.constantFrom('POST', 'POST', 'POST', 'GET');

describe('generated valid, invalid and hostile requests', () => {
  it('never get a 5xx, a stack trace or leaked SQL, and the server keeps answering', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(method, contentType, body, async (verb, type, text) => {
        sent += 1;
        const response = verb === 'GET'
          ? await fetch(`${t.url}?query=${encodeURIComponent(text)}`, { headers: { 'apollo-require-preflight': 'true' } })
          : await fetch(t.url, { method: 'POST', headers: { 'content-type': type }, body: text });
        const answer = await response.text();
        expect(response.status).toBeLessThan(500);
        expect(answer).not.toMatch(LEAK);
      }),
      { numRuns: 2_000, seed: 20261123 },
    );
    expect(sent).toBeGreaterThanOrEqual(2_000);
    const known = await t.query('{ procedure(code: "1.001193") { code } }');
    expect(known.data).toEqual({ procedure: { code: '1.001193' } });
    expect(t.loggedErrors).toEqual([]);
  });
});
