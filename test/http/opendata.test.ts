import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import { CatalogueWriter } from '../../src/catalogue/write/catalogue-writer';
import { procedureRecord } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

const TODAY = '2026-03-01';
const now = () => new Date(`${TODAY}T12:00:00+07:00`);
let t: TestApp;
let dir: string;

interface TableSchema {
  fields: { name: string; type: string; constraints: { required: boolean } }[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource?: string; fields: string[] } }[];
}
interface Resource {
  name: string;
  path: string;
  schema: TableSchema;
}

beforeAll(async () => {
  t = await createTestApp({ clock: now });
  dir = mkdtempSync(path.join(os.tmpdir(), 'opendata-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (file: string, headers: Record<string, string> = {}) => fetch(`${t.base}/opendata/${file}`, { headers });
const csvRows = async (file: string) => parse(await (await get(file)).text(), { columns: true, bom: true }) as Record<string, string>[];

/** Whether a CSV cell holds a value of the Table Schema type (empty: unknown). */
const VALID: Record<string, (cell: string) => boolean> = {
  string: () => true,
  integer: (cell) => /^-?\d+$/.test(cell),
  number: (cell) => /^-?\d+(\.\d+)?$/.test(cell),
  boolean: (cell) => cell === 'true' || cell === 'false',
  date: (cell) => /^\d{4}-\d{2}-\d{2}$/.test(cell) && !Number.isNaN(Date.parse(cell)),
  datetime: (cell) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(cell),
};

describe('open-data downloads', () => {
  it('every CSV of the data package reads back against its Table Schema: types, required cells, unique keys, foreign keys that resolve', async () => {
    const pack = (await (await get('datapackage.json')).json()) as { resources: Resource[]; licenses: { name: string }[] };
    expect(pack.licenses[0].name).toBe('CC-BY-4.0');
    const tables = new Map<string, Record<string, string>[]>();
    for (const resource of pack.resources) {
      const response = await fetch(resource.path.replace(/^https?:\/\/[^/]+/, t.base));
      expect(response.status).toBe(200);
      const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0] ?? {})).toEqual(resource.schema.fields.map((f) => f.name));
      for (const field of resource.schema.fields) {
        const bad = rows.filter((row) => (row[field.name] === '' ? field.constraints.required : !VALID[field.type](row[field.name])));
        expect({ resource: resource.name, field: field.name, bad: bad.slice(0, 2) }).toEqual({ resource: resource.name, field: field.name, bad: [] });
      }
      const keys = rows.map((row) => resource.schema.primaryKey.map((k) => row[k]).join('\u0000'));
      expect(new Set(keys).size).toBe(rows.length);
      tables.set(resource.name, rows);
    }
    for (const resource of pack.resources) {
      for (const key of resource.schema.foreignKeys ?? []) {
        const target = tables.get(key.reference.resource ?? resource.name)!;
        const known = new Set(target.map((row) => key.reference.fields.map((f) => row[f]).join('\u0000')));
        const dangling = tables
          .get(resource.name)!
          .filter((row) => key.fields.every((f) => row[f] !== ''))
          .filter((row) => !known.has(key.fields.map((f) => row[f]).join('\u0000')));
        expect({ resource: resource.name, key: key.fields, dangling: dangling.slice(0, 2) }).toEqual({
          resource: resource.name,
          key: key.fields,
          dangling: [],
        });
      }
    }
    expect(tables.get('procedures')).toHaveLength(1823);
  });

  it('DuckDB reads the procedures CSV with the counts the API publishes', async () => {
    const file = path.join(dir, 'procedures.csv');
    writeFileSync(file, Buffer.from(await (await get('procedures.csv')).arrayBuffer()));
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const read = `read_csv('${file}', header = true)`;
    const total = (await duck.runAndReadAll(`SELECT count(*)::int AS n FROM ${read}`)).getRowObjects()[0].n;
    const byLevel = (
      await duck.runAndReadAll(`SELECT level, count(*)::int AS n, count(*) FILTER (WHERE is_one_stop)::int AS one_stop FROM ${read} GROUP BY level`)
    ).getRowObjects();
    const types = (await duck.runAndReadAll(`DESCRIBE SELECT is_one_stop, effective_from, min_fee_vnd FROM ${read}`)).getRowObjects().map((r) => r.column_type);
    expect(types).toEqual(['BOOLEAN', 'DATE', 'BIGINT']);
    const summary = await t.query(`{ catalogueSummary { total byLevelAndOneStop { level isOneStop count } } }`);
    expect(total).toBe(summary.data!.catalogueSummary.total);
    for (const { level, n, one_stop } of byLevel) {
      const published = summary.data!.catalogueSummary.byLevelAndOneStop.filter((g: { level: string }) => g.level === level);
      expect(n).toBe(published.reduce((sum: number, g: { count: number }) => sum + g.count, 0));
      expect(one_stop).toBe(published.find((g: { isOneStop: boolean }) => g.isOneStop)?.count ?? 0);
    }
  });

  it('Parquet has typed columns and the same rows, read by DuckDB', async () => {
    const file = path.join(dir, 'procedures.parquet');
    writeFileSync(file, Buffer.from(await (await get('procedures.parquet')).arrayBuffer()));
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const read = `read_parquet('${file}')`;
    expect((await duck.runAndReadAll(`SELECT count(*)::int AS n FROM ${read}`)).getRowObjects()[0].n).toBe(1823);
    const types = (
      await duck.runAndReadAll(`DESCRIBE SELECT code, version, is_one_stop, effective_from, min_processing_days, updated_at FROM ${read}`)
    ).getRowObjects();
    expect(types.map((r) => r.column_type)).toEqual(['VARCHAR', 'BIGINT', 'BOOLEAN', 'DATE', 'DOUBLE', 'TIMESTAMP']);
    const csv = await csvRows('procedures.csv');
    const birth = (await duck.runAndReadAll(`SELECT name, min_fee_vnd FROM ${read} WHERE code = '1.001193'`)).getRowObjects()[0];
    const fromCsv = csv.find((r) => r.code === '1.001193')!;
    expect({ name: birth.name, fee: birth.min_fee_vnd === null ? '' : String(birth.min_fee_vnd) }).toEqual({ name: fromCsv.name, fee: fromCsv.min_fee_vnd });
  });

  it('NDJSON gives the same rows, one object a line', async () => {
    const lines = (await (await get('procedures.ndjson')).text()).trim().split('\n');
    expect(lines).toHaveLength(1823);
    const first = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(typeof first.is_one_stop).toBe('boolean');
    expect(first.code).toBe((await csvRows('procedures.csv'))[0].code);
  });

  it('the whole records, one nested procedure a line, match the GraphQL Procedure', async () => {
    const lines = (await (await get('procedure-records.ndjson')).text()).trim().split('\n');
    expect(lines).toHaveLength(1823);
    const record = lines.map((line) => JSON.parse(line) as { code: string }).find((r) => r.code === '1.001193');
    const api = await t.query(
      `{ procedure(code: "1.001193") { code name field { code } channels { channel processingTime { value unit } fees { kind amountVnd description } } requiredDocuments { name formUrl } legalBasis { number } } }`,
    );
    expect(record).toMatchObject(api.data!.procedure);
  });

  it('answers as a download should: ETag and 304, Cache-Control, Last-Modified, a dated file name, the licence, HEAD, gzip and brotli, CORS', async () => {
    const first = await get('fields.csv', { origin: 'https://portal.example' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="fields-${TODAY}.csv"`);
    expect(first.headers.get('cache-control')).toMatch(/public/);
    expect(first.headers.get('link')).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('last-modified')).toMatch(/GMT$/);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const again = await get('fields.csv', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const head = await fetch(`${t.base}/opendata/procedures.csv`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"procedures-csv-/);
    expect(await head.text()).toBe('');
    for (const encoding of ['gzip', 'br']) {
      const compressed = await get('procedures.csv', { 'accept-encoding': encoding });
      expect(compressed.headers.get('content-encoding')).toBe(encoding);
      expect(parse(await compressed.text(), { columns: true })).toHaveLength(1823);
    }
  });

  it('?bom=true starts with the byte order mark Excel needs; formula-like cells are escaped', async () => {
    const bytes = Buffer.from(await (await get('fields.csv?bom=true')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const writer = new CatalogueWriter(t.db.roles.catalogue, now);
    await writer.write({
      procedures: [procedureRecord('1.001193', { conditions: '=HYPERLINK("http://evil.example","x")', enactedBy: { legalAct: null, validFrom: TODAY } })],
    });
    const row = (await csvRows('procedures.csv')).find((r) => r.code === '1.001193')!;
    expect(row.conditions).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });

  it('?asOf before and after a scheduled change gives the two versions; the feed position header continues without a gap', async () => {
    const writer = new CatalogueWriter(t.db.roles.catalogue, now);
    const before = await get('procedures.csv');
    const position = before.headers.get('catalogue-feed-position')!;
    await before.arrayBuffer();
    const renamed = 'Đăng ký khai sinh (tên mới từ 1/7/2026)';
    await writer.write({ procedures: [procedureRecord('1.000689', { name: renamed, enactedBy: { legalAct: null, validFrom: '2026-07-01' } })] });
    const name = async (query: string) => (await csvRows(`procedures.csv${query}`)).find((r) => r.code === '1.000689')!.name;
    expect(await name('')).not.toBe(renamed);
    expect(await name('?asOf=2026-07-01')).toBe(renamed);
    const after = await t.query(`query ($after: String) { catalogueChanges(after: $after) { edges { node { procedureCode effectiveFrom } } } }`, {
      after: position,
    });
    expect(after.data!.catalogueChanges.edges.map((e: { node: unknown }) => e.node)).toEqual([{ procedureCode: '1.000689', effectiveFrom: '2026-07-01' }]);
  });

  it('the datasets query lists every dataset with download paths that answer', async () => {
    const response = await t.query(
      `{ datasets { id titleVi titleEn takesAsOf licence columns { name type required } distributions { format mediaType path } } }`,
    );
    const datasets = response.data!.datasets as { id: string; takesAsOf: boolean; distributions: { path: string; mediaType: string }[] }[];
    expect(datasets.map((d) => d.id)).toEqual([
      'procedures',
      'procedure-channels',
      'channel-fees',
      'required-documents',
      'procedure-steps',
      'procedure-legal-basis',
      'fields',
      'agencies',
      'administrative-units',
      'dossier-statistics-monthly',
      'published-figures',
      'procedure-records',
      'public-services',
    ]);
    for (const distribution of datasets.flatMap((d) => d.distributions)) {
      const file = await fetch(`${t.base}${distribution.path}`, { method: 'HEAD' });
      expect({ path: distribution.path, status: file.status, type: file.headers.get('content-type') }).toEqual({
        path: distribution.path,
        status: 200,
        type: distribution.mediaType,
      });
    }
  });

  it('the DCAT-AP catalogue expands with every distribution answering 200; the CPSV-AP services carry their mandatory properties', async () => {
    // Offline: every context is inline, and nothing may be fetched.
    const documentLoader = (url: string) => Promise.reject(new Error(`no fetch in tests: ${url}`));
    const expand = async (file: string) =>
      (await jsonld.expand((await (await get(file)).json()) as JsonLdDocument, { documentLoader })) as Record<string, unknown>[];
    const expanded = await expand('catalog.jsonld');
    const nodes = expanded.flatMap(function flatten(node: unknown): Record<string, unknown>[] {
      if (Array.isArray(node)) return node.flatMap(flatten);
      if (typeof node !== 'object' || node === null) return [];
      return [node as Record<string, unknown>, ...Object.values(node).flatMap(flatten)];
    });
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const urls = nodes.flatMap((n) => (n[`${DCAT}downloadURL`] as { '@id': string }[] | undefined) ?? []).map((u) => u['@id']);
    expect(urls.length).toBeGreaterThanOrEqual(35);
    for (const url of urls) {
      const response = await fetch(url.replace(/^https?:\/\/[^/]+/, t.base), { method: 'HEAD' });
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
    }
    const graph = await expand('public-services.jsonld');
    const publicServices = graph.filter((n) => (n['@type'] as string[] | undefined)?.includes('http://purl.org/vocab/cpsv#PublicService'));
    expect(publicServices).toHaveLength(1823);
    const DCT = 'http://purl.org/dc/terms/';
    for (const property of [`${DCT}identifier`, `${DCT}title`, `${DCT}description`, 'http://data.europa.eu/m8g/hasCompetentAuthority']) {
      expect({ property, missing: publicServices.filter((s) => !s[property]).length }).toEqual({ property, missing: 0 });
    }
  });

  it('the rate limiter counts a download once, however many chunks it streams', async () => {
    const limited = await createTestApp({ db: t.db, clock: now, rateLimit: { limits: { perClient: 5, perApiKey: 5, windowMs: 60_000 } } });
    try {
      const remaining: string[] = [];
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${limited.base}/opendata/procedures.ndjson`);
        expect((await response.text()).split('\n').length).toBeGreaterThan(1823);
        remaining.push(response.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['4', '3']);
    } finally {
      await limited.close();
    }
  });

  it('refuses what it cannot serve as problem+json', async () => {
    const cases: [string, number][] = [
      ['nothing.csv', 404],
      ['procedures.xlsx', 406],
      ['procedure-records.csv', 406],
      ['procedures.ndjson?bom=true', 400],
      ['procedures.csv?asOf=yesterday', 400],
      ['procedures.csv?asOf=1900-01-01', 400],
      ['fields.csv?asOf=2026-01-01', 400],
      ['fields.csv?bom=yes', 400],
      ['fields.csv?bom=true&bom=false', 400],
    ];
    for (const [file, status] of cases) {
      const response = await get(file);
      expect({ file, status: response.status, type: response.headers.get('content-type') }).toEqual({
        file,
        status,
        type: 'application/problem+json; charset=utf-8',
      });
    }
  });
});
