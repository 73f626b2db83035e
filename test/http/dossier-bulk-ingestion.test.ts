import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_LIMITS } from '../../src/http/http-limits';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { ingestRoute, MAX_ITEMS_PER_ANSWER, MAX_ITEMS_PER_CHUNK } from '../../src/http/routes/ingest.route';
import { createHttpServer } from '../../src/http/server';
import { MAX_CHUNK as C, type IngestItemResult } from '../../src/dossiers/dossier-ingestion.service';
import type { DossierInput } from '../../src/dossiers/dossier-input';
import { apiKey, dossier, resolvedDossier } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let key: string; // Đô Lương (427) and its communes
let bulkUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await apiKey(t.db.sql, '427', 'Đô Lương bulk loader');
  bulkUrl = t.url.replace(/\/graphql$/, '/ingest/dossiers');
});
afterAll(() => t.close());
afterEach(() => expect(t.loggedErrors).toEqual([]));

// May 2019: the seed leaves 2019 empty, and the other test files use other months.
const resolved = (externalCode: string, changes: Record<string, unknown> = {}) =>
  resolvedDossier(externalCode, { returnedAt: '2019-05-04T11:00:00+07:00', updatedAt: '2019-05-04T11:00:00+07:00', electronicResult: true, ...changes });

const ndjson = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

interface Answer {
  status: number;
  contentType: string | null;
  lines: any[];
  raw: string;
}
async function post(body: string | Buffer, contentType = 'application/x-ndjson', bearer: string | null = key): Promise<Answer> {
  const response = await fetch(bulkUrl, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
  const raw = await response.text();
  const contentTypeHeader = response.headers.get('content-type');
  const lines = contentTypeHeader?.startsWith('application/x-ndjson')
    ? raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [JSON.parse(raw)];
  return { status: response.status, contentType: contentTypeHeader, lines, raw };
}

const may = async () => {
  const r = await t.query(
    `{ dossierStatistics(unitCode: "17641", from: "2019-05-01", to: "2019-05-31") { newlyReceived resolved resolvedEarly pendingAtEnd } }`,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.dossierStatistics as { newlyReceived: number; resolved: number; resolvedEarly: number; pendingAtEnd: number };
};
const count = async (prefix: string) =>
  (await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM dossier WHERE external_code LIKE $1`, [`${prefix}%`]))[0].n;

/** Dossier i of a load: every third one resolved, the others in process. */
const loadItem = (prefix: string, i: number) => (i % 3 === 0 ? resolved(`${prefix}${i}`) : dossier(`${prefix}${i}`));

describe('POST /ingest/dossiers', () => {
  it('stores two and a half chunks of NDJSON dossiers in three committed chunks, with their statistics; a replay changes nothing', async () => {
    const before = await may();
    const body = ndjson(Array.from({ length: 2.5 * C }, (_, i) => loadItem('BLK-A-', i)));
    expect(Buffer.byteLength(body)).toBeGreaterThan(100 * 1024); // past the /graphql body limit

    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^application\/x-ndjson/);
    expect(first.lines).toEqual([
      {
        chunk: 1,
        firstLine: 1,
        lastLine: C,
        applied: true,
        created: C,
        updated: 0,
        unchanged: 0,
        stale: 0,
        rejected: 0,
        rejectedByCode: {},
        items: [],
        itemsOmitted: 0,
      },
      {
        chunk: 2,
        firstLine: C + 1,
        lastLine: 2 * C,
        applied: true,
        created: C,
        updated: 0,
        unchanged: 0,
        stale: 0,
        rejected: 0,
        rejectedByCode: {},
        items: [],
        itemsOmitted: 0,
      },
      {
        chunk: 3,
        firstLine: 2 * C + 1,
        lastLine: 2.5 * C,
        applied: true,
        created: C / 2,
        updated: 0,
        unchanged: 0,
        stale: 0,
        rejected: 0,
        rejectedByCode: {},
        items: [],
        itemsOmitted: 0,
      },
      { done: true, chunks: 3, records: 2.5 * C, created: 2.5 * C, updated: 0, unchanged: 0, stale: 0, rejected: 0, rejectedByCode: {}, itemsOmitted: 0 },
    ]);
    expect(await count('BLK-A-')).toBe(2.5 * C);
    const resolvedCount = Math.ceil((2.5 * C) / 3);
    const after = await may();
    expect(after).toEqual({
      newlyReceived: before.newlyReceived + 2.5 * C,
      resolved: before.resolved + resolvedCount,
      resolvedEarly: before.resolvedEarly + resolvedCount,
      pendingAtEnd: before.pendingAtEnd + 2.5 * C - resolvedCount,
    });

    const replay = await post(body);
    expect(replay.lines.map((l) => l.unchanged)).toEqual([C, C, C / 2, 2.5 * C]);
    expect(replay.lines.at(-1)).toMatchObject({ done: true, created: 0, updated: 0, unchanged: 2.5 * C });
    expect(await may()).toEqual(after);
    expect(await count('BLK-A-')).toBe(2.5 * C);
  });

  it('applies versions of one dossier in the order sent, though chunks are written at the same time', async () => {
    // The small second chunk would commit long before the first; its version of the last dossier
    // has the same updatedAt as the first chunk's, so whichever is stored first wins.
    const last = `BLK-O-${C - 1}`;
    const body = ndjson([...Array.from({ length: C }, (_, i) => dossier(`BLK-O-${i}`)), dossier(last, { channel: 'IN_PERSON' })]);
    const r = await post(body);
    expect(r.lines).toEqual([
      expect.objectContaining({ chunk: 1, applied: true, created: C }),
      {
        chunk: 2,
        firstLine: C + 1,
        lastLine: C + 1,
        applied: true,
        created: 0,
        updated: 0,
        unchanged: 0,
        stale: 1,
        rejected: 0,
        rejectedByCode: {},
        items: [expect.objectContaining({ line: C + 1, externalCode: last, outcome: 'STALE', code: 'STALE' })],
        itemsOmitted: 0,
      },
      { done: true, chunks: 2, records: C + 1, created: C, updated: 0, unchanged: 0, stale: 1, rejected: 0, rejectedByCode: {}, itemsOmitted: 0 },
    ]);
    expect(await t.db.sql.rows(`SELECT channel FROM dossier WHERE external_code = $1`, [last])).toEqual([{ channel: 'ONLINE' }]);
  });

  it('reads CSV with a BOM, CRLF, spreadsheet booleans and empty cells', async () => {
    const before = await may();
    const header =
      'externalCode,procedureCode,unitCode,level,channel,status,receivedAt,dueAt,finishedAt,returnedAt,updatedAt,digitisedOnReceipt,electronicResult,paidOnline,feeBearing,satisfaction';
    const rows = Array.from({ length: C + 200 }, (_, i) =>
      i % 2 === 0
        ? `BLK-C-${i},1.001193,17641,COMMUNE,IN_PERSON,4,2019-05-03 08:00,,,,2019-05-03 08:00,1,,,0,`
        : `BLK-C-${i},1.001193,17641,COMMUNE,ONLINE,10,2019-05-03T08:00:00+07:00,2019-05-07T17:00:00+07:00,2019-05-05T09:00:00+07:00,2019-05-05T10:00:00+07:00,2019-05-05T10:00:00+07:00,false,TRUE,true,TRUE,5`,
    );
    const body = Buffer.from(`\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`, 'utf8');

    const first = await post(body, 'text/csv; charset=utf-8');
    expect(first.status).toBe(200);
    expect(first.lines).toEqual([
      {
        chunk: 1,
        firstLine: 2,
        lastLine: C + 1,
        applied: true,
        created: C,
        updated: 0,
        unchanged: 0,
        stale: 0,
        rejected: 0,
        rejectedByCode: {},
        items: [],
        itemsOmitted: 0,
      },
      {
        chunk: 2,
        firstLine: C + 2,
        lastLine: C + 201,
        applied: true,
        created: 200,
        updated: 0,
        unchanged: 0,
        stale: 0,
        rejected: 0,
        rejectedByCode: {},
        items: [],
        itemsOmitted: 0,
      },
      { done: true, chunks: 2, records: C + 200, created: C + 200, updated: 0, unchanged: 0, stale: 0, rejected: 0, rejectedByCode: {}, itemsOmitted: 0 },
    ]);
    const stored = await t.db.sql.rows<Record<string, unknown>>(
      `SELECT external_code, status, due_at, finished_at, digitised_on_receipt, electronic_result, paid_online, fee_bearing, satisfaction, received_at
       FROM dossier WHERE external_code IN ('BLK-C-0', 'BLK-C-1') ORDER BY external_code`,
    );
    expect(stored).toEqual([
      {
        external_code: 'BLK-C-0',
        status: 4,
        due_at: null,
        finished_at: null,
        digitised_on_receipt: true,
        electronic_result: false,
        paid_online: false,
        fee_bearing: false,
        satisfaction: null,
        received_at: new Date('2019-05-03T01:00:00Z'),
      },
      {
        external_code: 'BLK-C-1',
        status: 10,
        due_at: new Date('2019-05-07T10:00:00Z'),
        finished_at: new Date('2019-05-05T02:00:00Z'),
        digitised_on_receipt: false,
        electronic_result: true,
        paid_online: true,
        fee_bearing: true,
        satisfaction: 5,
        received_at: new Date('2019-05-03T01:00:00Z'),
      },
    ]);
    const after = await may();
    expect(after).toMatchObject({ newlyReceived: before.newlyReceived + C + 200, resolved: before.resolved + C / 2 + 100 });

    const replay = await post(body, 'text/csv');
    expect(replay.lines.at(-1)).toEqual({
      done: true,
      chunks: 2,
      records: C + 200,
      created: 0,
      updated: 0,
      unchanged: C + 200,
      stale: 0,
      rejected: 0,
      rejectedByCode: {},
      itemsOmitted: 0,
    });
    expect(await may()).toEqual(after);
  });

  it('reports a malformed line, an out-of-scope unit and impossible dates by line number, and stores the rest of their chunk', async () => {
    const before = await may();
    const body = ndjson([
      dossier('BLK-M-1'),
      dossier('BLK-M-2'),
      '{"externalCode": "BLK-M-3", "unitCode": ', // line 3: cut short
      '',
      dossier('BLK-M-5', { unitCode: '188' }), // Lộc Bình, Lạng Sơn: not Đô Lương
      '[1, 2]',
      resolved('BLK-M-7', { finishedAt: '2019-05-01T09:00:00+07:00' }), // finished before it was received
      dossier('BLK-M-8', { applicantName: 'Nguyễn Văn A' }), // personal data is not a dossier field
      resolved('BLK-M-9'),
    ]);
    const r = await post(body);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatchObject({ chunk: 1, firstLine: 1, lastLine: 9, applied: true, created: 3, rejected: 5, itemsOmitted: 0 });
    expect(r.lines[0].rejectedByCode).toEqual({ MALFORMED_RECORD: 3, OUT_OF_SCOPE: 1, IMPOSSIBLE_DATES: 1 });
    expect(r.lines[0].items.map((i: any) => [i.line, i.outcome, i.code, i.field])).toEqual([
      [3, 'REJECTED', 'MALFORMED_RECORD', null],
      [5, 'REJECTED', 'OUT_OF_SCOPE', 'unitCode'],
      [6, 'REJECTED', 'MALFORMED_RECORD', null],
      [7, 'REJECTED', 'IMPOSSIBLE_DATES', 'finishedAt'],
      [8, 'REJECTED', 'MALFORMED_RECORD', 'applicantName'],
    ]);
    expect(r.lines[0].items[1]).toMatchObject({ unitCode: '188', externalCode: 'BLK-M-5' });
    expect(r.lines[0].items[0].message).toMatch(/not valid JSON/);
    expect(r.lines[0].items.every((i: any) => i.message.length > 10)).toBe(true);
    expect(r.lines[1]).toEqual({
      done: true,
      chunks: 1,
      records: 8,
      created: 3,
      updated: 0,
      unchanged: 0,
      stale: 0,
      rejected: 5,
      rejectedByCode: { MALFORMED_RECORD: 3, OUT_OF_SCOPE: 1, IMPOSSIBLE_DATES: 1 },
      itemsOmitted: 0,
    });
    const codes = await t.db.sql.rows<{ external_code: string }>(`SELECT external_code FROM dossier WHERE external_code LIKE 'BLK-M-%' ORDER BY 1`);
    expect(codes.map((c) => c.external_code)).toEqual(['BLK-M-1', 'BLK-M-2', 'BLK-M-9']);
    expect(await may()).toMatchObject({ newlyReceived: before.newlyReceived + 3, resolved: before.resolved + 1 });

    // A CSV row with a wrong cell count or a value that is no boolean is rejected alone too.
    const csv =
      `externalCode,procedureCode,unitCode,level,channel,status,receivedAt,updatedAt,paidOnline\n` +
      `BLK-M-20,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00,\n` +
      `BLK-M-21,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00\n` +
      `BLK-M-22,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00,yes\n` +
      `BLK-M-23,1.001193,17641,COMMUNE,ONLINE,42,2019-05-02 09:00,2019-05-02 09:00,\n`;
    const c = await post(csv, 'text/csv');
    expect(c.lines[0].items.map((i: any) => [i.line, i.code, i.field])).toEqual([
      [3, 'MALFORMED_RECORD', null],
      [4, 'INVALID_VALUE', 'paidOnline'],
      [5, 'UNKNOWN_STATUS', 'status'],
    ]);
    expect(c.lines[1]).toMatchObject({ done: true, records: 4, created: 1, rejected: 3 });
  });

  it('reports an update older than the stored one as STALE and leaves the row as it is', async () => {
    await post(ndjson([resolved('BLK-S-1')]));
    const r = await post(ndjson([dossier('BLK-S-2'), dossier('BLK-S-1', { status: 5, updatedAt: '2019-05-03T08:00:00+07:00' })]));
    expect(r.lines[0]).toMatchObject({ created: 1, stale: 1, rejected: 0 });
    expect(r.lines[0].items).toEqual([
      { line: 2, unitCode: '17641', externalCode: 'BLK-S-1', outcome: 'STALE', code: 'STALE', field: 'updatedAt', message: expect.stringMatching(/not older/) },
    ]);
    expect(r.lines[1]).toMatchObject({ done: true, stale: 1 });
    const [row] = await t.db.sql.rows<{ status: number }>(`SELECT status FROM dossier WHERE external_code = 'BLK-S-1'`);
    expect(row.status).toBe(10);
  });

  it('rejects a record with a NUL or another control character alone, in NDJSON and CSV, and stores the rest of the body', async () => {
    const before = await may();
    // The bad records are in the first of two chunks: it is stored without them, and the second one after it.
    const bad = [
      dossier('BLK-N-1\u0000'),
      dossier('BLK-N-2', { procedureCode: '1.001193\u0000' }),
      dossier('BLK-N-3', { unitCode: '\u000017641' }),
      dossier('BLK-N-4', { status: '4\u0000' }),
      dossier('BLK-N-5', { dueAt: '2019-05-06T17:00:00\u0000+07:00' }),
      dossier('BLK-N-6\u001b[31m'),
    ];
    const body = ndjson([...bad, ...Array.from({ length: C }, (_, i) => dossier(`BLK-N-${10 + i}`))]);
    const r = await post(body);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[0]).toMatchObject({ chunk: 1, applied: true, created: C - bad.length, rejected: bad.length, rejectedByCode: { INVALID_VALUE: bad.length } });
    expect(r.lines[0].items.map((i: any) => [i.line, i.code, i.field])).toEqual([
      [1, 'INVALID_VALUE', 'externalCode'],
      [2, 'INVALID_VALUE', 'procedureCode'],
      [3, 'INVALID_VALUE', 'unitCode'],
      [4, 'INVALID_VALUE', 'status'],
      [5, 'INVALID_VALUE', 'dueAt'],
      [6, 'INVALID_VALUE', 'externalCode'],
    ]);
    expect(r.lines[1]).toMatchObject({ chunk: 2, applied: true, created: bad.length, rejected: 0 });
    expect(r.lines[2]).toMatchObject({ done: true, records: C + bad.length, created: C, rejected: bad.length });
    expect(await count('BLK-N-')).toBe(C);
    expect((await may()).newlyReceived).toBe(before.newlyReceived + C);

    const csv =
      `externalCode,procedureCode,unitCode,level,channel,status,receivedAt,updatedAt\n` +
      `BLK-N-C1,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00\n` +
      `BLK-N-C2\u0000,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00\n` +
      `BLK-N-C3,1.0011\u000093,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00\n` +
      `BLK-N-C4,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00\n`;
    const c = await post(csv, 'text/csv');
    expect(c.lines[0].items.map((i: any) => [i.line, i.code, i.field])).toEqual([
      [3, 'INVALID_VALUE', 'externalCode'],
      [4, 'INVALID_VALUE', 'procedureCode'],
    ]);
    expect(c.lines[1]).toMatchObject({ done: true, records: 4, created: 2, rejected: 2 });
    expect(await count('BLK-N-C')).toBe(2);
  });

  it('answers 2 MB of lines that are not JSON in a small fraction of its size, with exact counts', async () => {
    // A client that sends its whole body before it reads the answer stalls once the unread answer
    // fills the sockets' buffers: the answer must stay far smaller than the body.
    const records = 1024 * 1024;
    const body = 'x\n'.repeat(records);
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(r.raw.length).toBeLessThan(body.length / 5);
    const chunks = Math.ceil(records / C);
    expect(r.lines).toHaveLength(chunks + 1);
    let listed = 0;
    for (const [n, line] of r.lines.slice(0, -1).entries()) {
      const inChunk = Math.min(C, records - n * C);
      const shown = Math.min(MAX_ITEMS_PER_CHUNK, MAX_ITEMS_PER_ANSWER - listed);
      expect(line).toMatchObject({
        chunk: n + 1,
        firstLine: n * C + 1,
        applied: true,
        created: 0,
        rejected: inChunk,
        rejectedByCode: { MALFORMED_RECORD: inChunk },
        itemsOmitted: inChunk - shown,
      });
      // The first records of the chunk, by line.
      expect(line.items.map((i: any) => i.line)).toEqual(Array.from({ length: shown }, (_, i) => n * C + 1 + i));
      listed += shown;
    }
    expect(r.lines[0].items[0]).toEqual({
      line: 1,
      unitCode: null,
      externalCode: null,
      outcome: 'REJECTED',
      code: 'MALFORMED_RECORD',
      field: null,
      message: 'a line must hold one JSON object: a dossier',
    });
    expect(r.lines.at(-1)).toEqual({
      done: true,
      chunks,
      records,
      created: 0,
      updated: 0,
      unchanged: 0,
      stale: 0,
      rejected: records,
      rejectedByCode: { MALFORMED_RECORD: records },
      itemsOmitted: records - MAX_ITEMS_PER_ANSWER,
    });
  });

  it("lists a chunk's first problems by line up to the limit, counts all of them by code, and never echoes a long value", async () => {
    // Lines 1 to 300: every other one out of scope, STALE or (one) with a 60 kB status.
    await post(ndjson([dossier('BLK-L-0', { updatedAt: '2019-05-03T09:00:00+07:00' })]));
    const records = Array.from({ length: 300 }, (_, i) => {
      if (i % 2 === 0) return dossier(`BLK-L-${i + 1}`);
      if (i === 1) return dossier(`BLK-L-${i + 1}`, { status: '7'.repeat(60_000) });
      return i % 10 === 3 ? dossier('BLK-L-0') : dossier(`BLK-L-${i + 1}`, { unitCode: '188' });
    });
    const r = await post(ndjson(records));
    const chunk = r.lines[0];
    const stale = records.filter((d) => d.externalCode === 'BLK-L-0').length;
    expect(chunk).toMatchObject({ created: 150, stale, rejected: 150 - stale, rejectedByCode: { UNKNOWN_STATUS: 1, OUT_OF_SCOPE: 149 - stale } });
    expect(chunk.items).toHaveLength(MAX_ITEMS_PER_CHUNK);
    expect(chunk.itemsOmitted).toBe(150 - MAX_ITEMS_PER_CHUNK);
    expect(chunk.items.map((i: any) => i.line)).toEqual(Array.from({ length: MAX_ITEMS_PER_CHUNK }, (_, i) => 2 * i + 2));
    expect(chunk.items.filter((i: any) => i.outcome === 'STALE')).toHaveLength(stale - Math.floor((150 - MAX_ITEMS_PER_CHUNK) / 5));
    expect(chunk.items[0]).toMatchObject({ line: 2, code: 'UNKNOWN_STATUS', field: 'status' });
    expect(Math.max(...chunk.items.map((i: any) => i.message.length))).toBeLessThan(200);
    expect(r.lines[1]).toMatchObject({ done: true, created: 150, stale, rejected: 150 - stale, itemsOmitted: 150 - MAX_ITEMS_PER_CHUNK });
  });

  it('answers 401 without a valid key, 415 for other media types and 400 for an unknown CSV column, storing nothing', async () => {
    const body = ndjson([dossier('BLK-E-1')]);
    for (const bearer of [null, 'vnp_not-a-key', 'not even the format']) {
      const r = await post(body, 'application/x-ndjson', bearer);
      expect(r.status).toBe(401);
      expect(r.contentType).toMatch(/^application\/problem\+json/);
      expect(r.lines[0]).toEqual({
        type: '/problems/unauthenticated',
        title: 'Unauthenticated',
        status: 401,
        code: 'UNAUTHENTICATED',
        detail: expect.any(String),
      });
    }
    for (const type of ['application/json', 'text/plain', 'text/csv; charset=windows-1258']) {
      const r = await post(body, type);
      expect(r.status).toBe(415);
      expect(r.lines[0]).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect((await post(body, 'application/json')).lines[0].detail).toMatch(/application\/x-ndjson.*text\/csv/);

    const csv =
      'externalCode,procedureCode,unitCode,level,channel,status,receivedAt,updatedAt,applicantName\n' +
      'BLK-E-2,1.001193,17641,COMMUNE,ONLINE,4,2019-05-02 09:00,2019-05-02 09:00,Nguyễn Văn A\n';
    const r = await post(csv, 'text/csv');
    expect(r.status).toBe(400);
    expect(r.lines[0]).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: expect.stringMatching(/unknown CSV column "applicantName"/) });
    expect(await count('BLK-E-')).toBe(0);

    // The bulk route's parser is its own: /graphql keeps its 100 kB limit.
    const big = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(200 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await t.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('answers each chunk before the body has ended: the body is streamed, not buffered', async () => {
    const all = Array.from({ length: 2 * C + 200 }, (_, i) => `${JSON.stringify(loadItem('BLK-F-', i))}\n`);
    const { port } = t.app.server.address() as AddressInfo;
    const lines: any[] = [];
    let firstLineBeforeEnd = false;
    await new Promise<void>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/ingest/dossiers',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
      });
      request.on('error', reject);
      // A server that waited for the whole body would never answer: fail fast rather than at the test timeout.
      const timer = setTimeout(() => {
        request.destroy();
        reject(new Error('no chunk report before the body ended'));
      }, 30_000);
      let ended = false;
      request.on('response', (response) => {
        expect(response.statusCode).toBe(200);
        response.setEncoding('utf8');
        let buffered = '';
        response.on('data', (data: string) => {
          buffered += data;
          let nl;
          while ((nl = buffered.indexOf('\n')) !== -1) {
            lines.push(JSON.parse(buffered.slice(0, nl)));
            buffered = buffered.slice(nl + 1);
          }
          if (!ended && lines.length) {
            // Only now the rest of the body is sent.
            firstLineBeforeEnd = true;
            ended = true;
            clearTimeout(timer);
            request.end(all.slice(C + 200).join(''));
          }
        });
        response.on('end', resolve);
        response.on('error', reject);
      });
      request.write(all.slice(0, C + 200).join(''));
    });
    expect(firstLineBeforeEnd).toBe(true);
    expect(lines[0]).toMatchObject({ chunk: 1, applied: true, created: C });
    expect(lines.at(-1)).toEqual({
      done: true,
      chunks: 3,
      records: 2 * C + 200,
      created: 2 * C + 200,
      updated: 0,
      unchanged: 0,
      stale: 0,
      rejected: 0,
      rejectedByCode: {},
      itemsOmitted: 0,
    });
    expect(await count('BLK-F-')).toBe(2 * C + 200);
  });

  it('survives a sender that goes away mid-stream, keeping the chunks already committed', async () => {
    const { port } = t.app.server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/ingest/dossiers',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
      });
      request.on('error', () => resolve());
      request.on('response', (response) => {
        response.on('error', () => resolve());
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.write(Array.from({ length: 1.5 * C }, (_, i) => `${JSON.stringify(dossier(`BLK-D-${i}`))}\n`).join(''));
    });
    // The committed first chunk stays; the server goes on serving.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count('BLK-D-')).toBe(C);
    const next = await post(ndjson([dossier('BLK-D-after')]));
    expect(next.lines.at(-1)).toMatchObject({ done: true, created: 1 });
  });
});

describe('POST /ingest/dossiers when the database fails', () => {
  /** The route over an ingestion that fails on its second call (after `delayMs`), answering `body`. */
  const failing = async (error: Error, body = ndjson(Array.from({ length: 2.5 * C }, (_, i) => dossier(`BLK-X-${i}`))), delayMs = 0) => {
    const logged: unknown[] = [];
    let calls = 0;
    const ingestion = {
      async ingest(_principal: unknown, inputs: DossierInput[]): Promise<IngestItemResult[]> {
        if (++calls === 2) {
          // Without a delay it fails at once, before the next chunk can have been read: nothing else may start after it.
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          throw error;
        }
        return inputs.map((_, index) => ({ index, unitCode: '17641', externalCode: `x${index}`, outcome: 'CREATED', error: null }));
      },
    };
    const logError = (details: unknown) => logged.push(details);
    const route = ingestRoute({ apiKeys: new ApiKeyService(t.db.sql), ingestion, logError, bodyPace: HTTP_LIMITS.bulkBody });
    const app = await createHttpServer({ routes: [route], logError, pools: {} });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/ingest/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
        body,
      });
      const raw = await response.text();
      return {
        status: response.status,
        raw,
        lines: raw
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
        logged,
        calls,
      };
    } finally {
      await app.close();
    }
  };

  it('reports the failed chunk as not applied, keeps the earlier ones and stops reading', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const r = await failing(down);
    expect(r.status).toBe(200);
    expect(r.lines).toEqual([
      expect.objectContaining({ chunk: 1, applied: true, created: C }),
      {
        chunk: 2,
        firstLine: C + 1,
        lastLine: 2 * C,
        applied: false,
        error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/send it again later/) },
      },
      { done: false, chunks: 1, records: C, created: C, updated: 0, unchanged: 0, stale: 0, rejected: 0, rejectedByCode: {}, itemsOmitted: 0 },
    ]);
    expect(r.calls).toBe(2); // the third chunk was never ingested
    // An outage is expected, not a bug to report: nothing is logged as unexpected.
    expect(r.logged).toEqual([]);
    expect(r.raw).not.toMatch(/5432|ECONNREFUSED/);
  });

  it('does not start a chunk that waited for the failed one: it shares dossiers with it', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const codes = ['BLK-X-', 'BLK-Y-'].flatMap((prefix) => Array.from({ length: C }, (_, i) => `${prefix}${i}`));
    // Chunk 3 holds BLK-Y-0 again: it waits for chunk 2, which fails after a while.
    const r = await failing(down, ndjson([...codes, 'BLK-Y-0'].map((code) => dossier(code))), 300);
    expect(r.lines).toEqual([
      expect.objectContaining({ chunk: 1, applied: true, created: C }),
      expect.objectContaining({ chunk: 2, applied: false, error: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) }),
      { chunk: 3, firstLine: 2 * C + 1, lastLine: 2 * C + 1, applied: false, error: { code: 'NOT_STARTED', message: expect.any(String) } },
      { done: false, chunks: 1, records: C, created: C, updated: 0, unchanged: 0, stale: 0, rejected: 0, rejectedByCode: {}, itemsOmitted: 0 },
    ]);
    expect(r.calls).toBe(2);
  });

  it('masks an unexpected error without its message or stack', async () => {
    const bug = new Error('column "statuz" of relation "dossier" does not exist');
    const r = await failing(bug);
    expect(r.lines[1]).toMatchObject({ chunk: 2, applied: false, error: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(r.lines.at(-1)).toMatchObject({ done: false, chunks: 1 });
    expect(r.raw).not.toMatch(/statuz|does not exist|\.ts:\d/);
    expect(r.logged).toHaveLength(1);
  });
});
