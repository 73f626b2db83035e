import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { NationalImport, type ImportEvent, type ImportOptions, type PackageResult } from '../../src/importer/national-import.service';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

const SAMPLE = readFileSync(path.join(__dirname, '../fixtures/national-packages-sample.json'), 'utf8');
const TODAY = '2026-03-01';
const now = () => new Date(`${TODAY}T12:00:00+07:00`);
const AUTHOR: ImportOptions['author'] = { origin: 'IMPORT', name: 'test import', keyId: null, agencyCode: null };

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

/** Runs an import of `body` and gathers its events. */
async function importOf(body: string, options: Partial<ImportOptions> = {}) {
  const events: ImportEvent[] = [];
  const run = new NationalImport(db.roles.catalogue, now).run(Readable.from([Buffer.from(body)]), {
    dryRun: false,
    full: false,
    decision: null,
    author: AUTHOR,
    ...options,
  });
  for await (const event of run) events.push(event);
  const results = events.flatMap((e) => (e.kind === 'packages' ? e.results : []));
  const done = events.find((e): e is Extract<ImportEvent, { kind: 'done' }> => e.kind === 'done')!;
  const removals = events.find((e): e is Extract<ImportEvent, { kind: 'removals' }> => e.kind === 'removals');
  return { results, done, removals, byCode: new Map(results.map((r) => [r.code, r])) };
}

const counts = async () =>
  (await db.sql.one<{ changes: number; version: string }>(
    'SELECT (SELECT count(*)::int FROM procedure_change) AS changes, (SELECT version FROM catalogue_version)',
  ))!;

const outcomes = (results: PackageResult[]) => Object.fromEntries(results.map((r) => [r.code, r.outcome]));

describe('national package import', () => {
  it('dry run: reports what would be created and amended (with fields) and writes nothing', async () => {
    const before = await counts();
    const { results, done } = await importOf(SAMPLE, { dryRun: true });
    expect(outcomes(results)).toEqual({ '1.001193': 'AMENDED', '1.000894': 'AMENDED', '2.000815': 'AMENDED', '9.000101': 'CREATED' });
    expect(results.find((r) => r.code === '1.001193')!.changedFields).toEqual(expect.arrayContaining(['channels', 'requiredDocuments', 'steps']));
    expect(done).toMatchObject({ dryRun: true, totals: { packages: 4, created: 1, amended: 3 } });
    expect(await counts()).toEqual(before);
  });

  it('imports the sample, keeping local values; a second import changes nothing', async () => {
    const local = (await db.sql.one<{ online_service_level: string; is_one_stop: boolean; is_interconnected: boolean; level: string }>(
      `SELECT online_service_level, is_one_stop, is_interconnected, level FROM procedure WHERE code = '2.000815' AND valid_to IS NULL`,
    ))!;
    const first = await importOf(SAMPLE);
    expect(first.done.totals).toMatchObject({ created: 1, amended: 3, invalid: 0 });
    const stored = (await db.sql.one<Record<string, unknown>>(
      `SELECT online_service_level, is_one_stop, is_interconnected, level, is_representative FROM procedure WHERE code = '2.000815' AND valid_to IS NULL`,
    ))!;
    // The package lists district and commune: the local level stays, as do the values it does not carry.
    expect(stored).toMatchObject({ ...local, is_representative: false });
    const created = (await db.sql.one<Record<string, unknown>>(
      `SELECT p.level, a.code AS agency, f.code AS field, p.online_service_level, p.is_one_stop FROM procedure p
         JOIN agency a ON a.id = p.implementing_agency_id JOIN field f ON f.id = p.field_id WHERE p.code = '9.000101'`,
    ))!;
    expect(created).toEqual({ level: 'PROVINCE', agency: '20.SVHTTDL', field: 'nghe-thuat-bieu-dien', online_service_level: 'NONE', is_one_stop: false });
    const fees = await db.sql.rows<{ amount_vnd: number | null; kind: string }>(
      `SELECT f.amount_vnd, f.kind FROM channel_fee f JOIN procedure_channel c ON c.id = f.channel_id JOIN procedure p ON p.id = c.procedure_id
        WHERE p.code = '1.001193' AND p.valid_to IS NULL AND c.channel = 'IN_PERSON' ORDER BY f.position`,
    );
    expect(fees).toEqual([
      { amount_vnd: 0, kind: 'CHARGE' },
      { amount_vnd: 8000, kind: 'CHARGE' },
    ]);
    const audit = await db.sql.one<{ origin: string; author: string }>(`SELECT origin, author FROM procedure_change WHERE procedure_code = '9.000101'`);
    expect(audit).toEqual({ origin: 'IMPORT', author: 'test import' });

    const before = await counts();
    const second = await importOf(SAMPLE);
    expect(second.done.totals).toMatchObject({ packages: 4, unchanged: 4, created: 0, amended: 0 });
    expect(await counts()).toEqual(before);
  });

  it('reports bad packages with their paths and writes the good ones', async () => {
    const sample = JSON.parse(SAMPLE) as { result: Record<string, unknown>[] };
    const good = { ...sample.result[3], MATTHC: '9.000102', TENTTHC: 'Thủ tục minh họa thứ hai' };
    const bad = JSON.parse(JSON.stringify(sample.result[0])) as Record<string, any>;
    bad.CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].SOTIEN = 'abc';
    bad.CACHTHUCTHUCHIEN[1].KENH = '7';
    const body = JSON.stringify([good, bad, { TENTTHC: 'Không có mã' }, 42]);
    const { results, done } = await importOf(body);
    expect(results.map((r) => [r.index, r.code, r.outcome])).toEqual([
      [0, '9.000102', 'CREATED'],
      [1, '1.001193', 'INVALID'],
      [2, null, 'INVALID'],
      [3, null, 'INVALID'],
    ]);
    expect(results[1].problems).toEqual([
      '[1].CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[1].SOTIEN: "abc" is not an amount',
      '[1].CACHTHUCTHUCHIEN[1].KENH: "7" is not a channel (1 in person, 2 online, 3 public post)',
    ]);
    expect(results[2].problems).toContain('[2].MATTHC: is missing');
    expect(results[3].problems![0]).toMatch(/^\[3\]: /);
    expect(done.totals).toMatchObject({ created: 1, invalid: 3 });
    expect(await db.sql.one(`SELECT 1 FROM procedure WHERE code = '9.000102'`)).toBeDefined();
  });

  it('--full lists the local procedures missing from the input in a dry run, then removes them', async () => {
    const open = async () => (await db.sql.one<{ n: number }>('SELECT count(*)::int AS n FROM procedure WHERE valid_to IS NULL'))!.n;
    const before = await open();
    const dry = await importOf(SAMPLE, { dryRun: true, full: true });
    expect(dry.removals!.codes).toHaveLength(before - 4);
    expect(dry.removals!.codes).toContain('9.000102');
    expect(await open()).toBe(before);

    const full = await importOf(SAMPLE, {
      full: true,
      decision: { number: '99/QĐ-UBND-THU', title: 'Quyết định số 99/QĐ-UBND-THU', issuer: 'Chủ tịch UBND tỉnh', issuedOn: TODAY, isRepresentative: false },
    });
    expect(full.done.totals).toMatchObject({ unchanged: 4, removed: before - 4 });
    expect(await open()).toBe(4);
    const tombstone = await db.sql.one<{ kind: string; number: string }>(
      `SELECT c.kind, a.number FROM procedure_change c JOIN legal_act a ON a.id = c.legal_act_id WHERE c.procedure_code = '9.000102' ORDER BY c.version DESC LIMIT 1`,
    );
    expect(tombstone).toEqual({ kind: 'REMOVED', number: '99/QĐ-UBND-THU' });
  });

  it('removes nothing with --full when the input was not read whole', async () => {
    const { removals, done } = await importOf(`${SAMPLE.slice(0, -3)}`, { full: true, dryRun: true });
    expect(done.failure).toMatch(/./);
    expect(removals).toEqual({ kind: 'removals', codes: [], skipped: expect.stringMatching(/nothing removed/) });
  });
});
