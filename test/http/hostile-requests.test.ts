import crypto from 'node:crypto';
import net from 'node:net';
import { QUERY_LIMITS } from '../../src/graphql/query-limits';
import { ENVELOPE_LIMITS } from '../../src/graphql/request-envelope';
import { withLongestBlock } from '../support/event-loop';
import { apiKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Requests an attacker can send in under a kilobyte or with a slow socket, each of which once
 * froze or exhausted the server (issue 13). The server runs in this process, so a request that
 * blocks it blocks the event loop the test measures.
 */
const LIMITS = {
  headersMs: 1_000,
  graphqlBody: { idleMs: 500, totalMs: 1_500 },
  bulkBody: { idleMs: 1_000, minBytesPerSecond: 400, windowMs: 1_000 },
  connectionsPerClient: 12,
};
const MAX_BLOCK_MS = 200;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ httpLimits: LIMITS, operationDeadlineMs: 500, responseCacheBytes: 0 });
});
afterAll(() => t.close());
afterEach(() => expect(t.loggedErrors).toEqual([]));

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function answer(body: unknown, headers?: Record<string, string>) {
  const { result, blockedMs } = await withLongestBlock(async () => {
    const response = await post(body, headers);
    return { status: response.status, json: (await response.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] } };
  });
  expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
  return result;
}

const fanOut = (levels: number, on = 'Query', leaf = '__typename') =>
  `fragment F${levels} on ${on} { ${leaf} } ` + Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} }`).join(' ');

describe('documents that once took seconds to check', () => {
  it('fragments that spread the next one twice, 25 levels (2^25 spreads), are checked once each', async () => {
    const { status, json } = await answer({ query: `{ ...F0 } ${fanOut(25)}` });
    expect(status).toBe(200);
    expect(json.data).toEqual({ __typename: 'Query' });
    const onObjects = await answer({ query: `{ procedures(first: 2) { ...F0 } } ${fanOut(25, 'ProcedureConnection', 'totalCount edges { node { code } }')}` });
    expect(onObjects.json.data.procedures.edges).toHaveLength(2);
    expect(onObjects.json.errors).toBeUndefined();
  });

  it('refuses more fragments spread at one place than the limit, before validating', async () => {
    const { status, json } = await answer({ query: `{ ...F0 } ${fanOut(QUERY_LIMITS.fragments + 10)}` });
    expect(status).toBe(400);
    expect(json.errors![0]).toMatchObject({ message: expect.stringMatching(/fragments at one place/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('refuses one field selected too often at one place, and too many fields once fragments are expanded', async () => {
    const repeated = await answer({ query: `{ ${'procedures { totalCount edges { node { code } } } '.repeat(200)} }` });
    expect(repeated.status).toBe(400);
    expect(repeated.json.errors![0].message).toMatch(/"procedures" 200 times at one place; at most 10/);
    // 30 aliased pages (the most aliases allowed), each of one record's every list: well over 1,000 fields.
    const record = `code name field { code name } implementingAgency { code name } legalBasis { number title }
      channels { channel processingTime { value unit } fees { kind amountVnd description } }
      requiredDocuments { name originals copies } steps { position description } subjects results`;
    const pages = Array.from({ length: QUERY_LIMITS.aliases }, (_, i) => `p${i}: procedures(first: 1) { ...Page }`).join(' ');
    const wide = await answer({ query: `{ ${pages} } fragment Page on ProcedureConnection { totalCount edges { cursor node { ${record} } } }` });
    expect(wide.status).toBe(400);
    expect(wide.json.errors![0].message).toBe(`The query selects more than ${QUERY_LIMITS.fields} fields once its fragments are expanded`);
  });

  it('still takes the standard introspection query and the portal pages', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const { status, json } = await answer({ query: getIntrospectionQuery() });
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
  });
});

describe('variables that once took seconds or gigabytes to coerce', () => {
  const UPSERT = 'mutation ($d: [DossierUpsertInput!]!) { upsertDossiers(dossiers: $d) { created } }';

  it('a list of 33,000 empty objects is refused before any item is looked at', async () => {
    const { status, json } = await answer({ query: UPSERT, variables: { d: Array.from({ length: 33_000 }, () => ({})) } });
    expect(status).toBe(400);
    expect(json.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/33000 items; at most 500/) });
  });

  it('so is one of 170,000 behind a header shaped like an API key, and 49,000 integers for fieldCodes', async () => {
    const body = JSON.stringify({ query: UPSERT, variables: { d: Array.from({ length: 170_000 }, () => ({})) } });
    const keyed = await answer(body, { authorization: `Bearer vnp_${'x'.repeat(40)}` });
    expect(keyed.status).toBe(400);
    const codes = await answer(
      {
        query: 'query ($c: [String!]) { procedures(filter: { fieldCodes: $c }) { totalCount } }',
        variables: { c: Array.from({ length: 49_000 }, (_, i) => i) },
      },
      { authorization: `Bearer vnp_${'x'.repeat(40)}` },
    );
    expect(codes.status).toBe(400);
    expect(codes.json.errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('500 wrong items are reported as bad input, the first ten, not as a server error', async () => {
    const { status, json } = await answer({
      query: 'query ($c: [String!]) { procedures(filter: { fieldCodes: $c }) { totalCount } }',
      variables: { c: Array.from({ length: ENVELOPE_LIMITS.listItems }, (_, i) => i) },
    });
    expect(status).toBe(400);
    expect(json.errors).toHaveLength(1);
    expect(json.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(json.errors![0].message.match(/Variable "\$c" got invalid value/g)).toHaveLength(10);
  });

  it('variables or extensions nested 6,000 levels are refused with 400, also in a GET', async () => {
    // 12 kB of text; JSON.stringify itself would overflow on the object it stands for.
    const deep = `${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}`;
    for (const body of [`{"query":"{ __typename }","variables":${deep}}`, `{"query":"{ __typename }","extensions":${deep}}`]) {
      const { status, json } = await answer(body);
      expect(status).toBe(400);
      expect(json.errors![0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/more than 32 levels/) });
    }
    const get = await fetch(
      `${t.url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`${'['.repeat(1_000)}${']'.repeat(1_000)}`)}`,
      { headers: { 'apollo-require-preflight': '1' } },
    );
    expect(get.status).toBe(400);
  });
});

describe('client mistakes answered as client mistakes', () => {
  const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

  it('persisted queries: a wrong hash, version 2, a persistedQuery that is not an object', async () => {
    const query = '{ __typename }';
    const cases: [unknown, string][] = [
      [{ version: 1, sha256Hash: hash('{ other }') }, 'PERSISTED_QUERY_HASH_MISMATCH'],
      [{ version: 2, sha256Hash: hash(query) }, 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED'],
      ['abc', 'BAD_REQUEST'],
      [{ version: 1, sha256Hash: 'not hex' }, 'BAD_REQUEST'],
    ];
    for (const [persistedQuery, code] of cases) {
      const { status, json } = await answer({ query, extensions: { persistedQuery } });
      expect({ status, code: json.errors![0].extensions.code }).toEqual({ status: 400, code });
    }
    const right = await answer({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash(query) } } });
    expect(right.json.data).toEqual({ __typename: 'Query' });
  });
});

describe('NUL characters, which PostgreSQL text cannot hold', () => {
  // Every row has its variables, none or some: a test function with a parameter more than the row has is given jest's `done`.
  const cases: [string, string, Record<string, unknown> | null][] = [
    ['procedure code', '{ procedure(code: "1.00\\u00001193") { code } }', null],
    ['procedure code in a variable', 'query ($c: String!) { procedure(code: $c) { code } }', { c: 'a\u0000b' }],
    ['unit code', '{ administrativeUnit(code: "4\\u000027") { code } }', null],
    ['field codes', 'query ($f: [String!]) { procedures(filter: { fieldCodes: $f }) { totalCount } }', { f: ['ok', 'x\u0000'] }],
    ['search', 'query ($s: String) { procedures(search: $s) { totalCount } }', { s: 'khai\u0000sinh' }],
    ['statistics unit', '{ dossierStatistics(unitCode: "\\u0000", from: "2024-01-01", to: "2024-03-31") { received } }', null],
    ['statistics procedure', '{ dossierStatistics(unitCode: "427", from: "2024-01-01", to: "2024-03-31", procedureCode: "1.\\u0000") { received } }', null],
    ['suggestions', '{ procedureSuggestions(prefix: "đă\\u0000ng") { code } }', null],
  ];
  it.each(cases)('in %s: 400 BAD_USER_INPUT naming the argument', async (_name, query, variables) => {
    const { status, json } = await answer({ query, variables: variables ?? undefined });
    expect(status).toBe(400);
    expect(json.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/NUL character/) });
  });
});

describe('hand-made cursors', () => {
  const page = (field: string) =>
    `query ($after: String) { procedures(first: 2, after: $after, orderBy: { field: ${field}, direction: ASC }) { edges { cursor node { code } } } }`;
  const cursor = (o: string, k: unknown, i: unknown = 1) => Buffer.from(JSON.stringify({ o, k, i })).toString('base64url');
  it.each([
    ['a timestamp only JavaScript reads', 'UPDATED_AT', cursor('UPDATED_AT:ASC', '1')],
    ['a month name', 'UPDATED_AT', cursor('UPDATED_AT:ASC', 'March 7')],
    ['30 February', 'UPDATED_AT', cursor('UPDATED_AT:ASC', '2025-02-30 00:00:00+00')],
    ['an id past PostgreSQL integers', 'UPDATED_AT', cursor('UPDATED_AT:ASC', '2025-01-01 00:00:00+00', 2 ** 31)],
    ['a NUL in a text key', 'NAME', cursor('NAME:ASC', 'Đăng\u0000')],
  ])('%s is BAD_USER_INPUT', async (_name, field, after) => {
    const { json } = await answer({ query: page(field), variables: { after } });
    expect(json.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/not a valid cursor/) });
  });

  it('the cursors the server makes still work', async () => {
    for (const field of ['UPDATED_AT', 'NAME', 'PROCESSING_TIME']) {
      const first = await answer({ query: page(field) });
      const next = await answer({ query: page(field), variables: { after: first.json.data.procedures.edges[1].cursor } });
      expect(next.json.errors).toBeUndefined();
      expect(next.json.data.procedures.edges).toHaveLength(2);
    }
  });
});

describe('slow and idle clients', () => {
  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const { port } = new URL(t.url);
      const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  /** What the server sends until it closes the connection, and how long that took. */
  const untilClosed = (socket: net.Socket) =>
    new Promise<{ text: string; ms: number }>((resolve) => {
      const started = Date.now();
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    });

  it('half-sent requests are closed once the headers timeout passes', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, connect));
    const closed = sockets.map(untilClosed);
    for (const socket of sockets) socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl');
    const results = await Promise.all(closed);
    for (const { ms } of results) expect(ms).toBeLessThan(LIMITS.headersMs + 3_000);
  });

  it('a body that stops arriving is answered 408 and closed; so is one that trickles past the total', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const head = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const stalled = await connect();
    const stalledEnd = untilClosed(stalled);
    stalled.write(head + body.slice(0, 5));
    const { text } = await stalledEnd;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);

    const trickling = await connect();
    const tricklingEnd = untilClosed(trickling);
    trickling.write(head);
    let sent = 0;
    const drip = setInterval(() => trickling.writable && sent < body.length && trickling.write(body[sent++]), 200);
    const trickled = await tricklingEnd;
    clearInterval(drip);
    expect(trickled.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(trickled.ms).toBeLessThan(LIMITS.graphqlBody.totalMs + 2_000);
  });

  it('a bulk upload that stops, or trickles slower than the minimum rate, is answered REQUEST_TIMEOUT', async () => {
    const key = await apiKey(t.db.sql, '427', 'slow uploader');
    const head = `POST /ingest/dossiers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
    const stalled = await connect();
    const stalledEnd = untilClosed(stalled);
    stalled.write(head + chunk('{"externalCode":'));
    const stopped = await stalledEnd;
    expect(stopped.text).toMatch(/^HTTP\/1\.1 408 [\s\S]*"code":"REQUEST_TIMEOUT"/);

    const trickling = await connect();
    const tricklingEnd = untilClosed(trickling);
    trickling.write(head);
    // 100 bytes every 500 ms: 200 bytes/s, half the minimum, and never a pause long enough to be idle.
    const drip = setInterval(() => trickling.writable && trickling.write(chunk(`${' '.repeat(99)}\n`)), 500);
    const trickled = await tricklingEnd;
    clearInterval(drip);
    expect(trickled.text).toMatch(/^HTTP\/1\.1 408 [\s\S]*arrives at \d+ bytes\/s; at least 400/);
    expect(trickled.ms).toBeLessThan(5_000);
  });

  it('one address may hold only so many connections: the next is answered 429 and closed', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.connectionsPerClient }, connect));
    try {
      const refused = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('TOO_MANY_CONNECTIONS');
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await post({ query: '{ __typename }' })).status).toBe(200);
  });
});

describe('the operation deadline', () => {
  it('stops the statements of an operation it answered TIMEOUT', async () => {
    const locker = await t.db.sql.pool.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE procedure IN ACCESS EXCLUSIVE MODE');
      const response = await post({ query: '{ procedure(code: "1.001193") { code } }' });
      expect(response.status).toBe(503);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('TIMEOUT');
      // Without the cancel, the statement would wait on the lock until its role's statement_timeout (5 s).
      const waiting = async () =>
        (
          await t.db.sql.rows<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%procedures_reader' AND state = 'active'`,
          )
        )[0].n;
      let left = await waiting();
      for (let i = 0; i < 20 && left > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await waiting();
      }
      expect(left).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    expect((await post({ query: '{ procedure(code: "1.001193") { code } }' })).status).toBe(200);
  });
});
