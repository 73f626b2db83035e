import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/shared/project-root';
import { apiKey, catalogueKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

const run = promisify(execFile);
const CLI = path.join(projectRoot, 'dist', 'tools', 'import-national.js');
const SAMPLE_FILE = path.join(__dirname, '../fixtures/national-packages-sample.json');
const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as { result: Record<string, unknown>[] };

let t: TestApp;
let dir: string;
let province: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'national-import-'));
  province = await catalogueKey(t.db.sql, { province: true }, 'Văn phòng UBND tỉnh - nhập gói');
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as `npm run import:national` runs it, on the test's database. */
const cliWith = (nodeFlags: string[], ...args: string[]) =>
  run(process.execPath, [...nodeFlags, CLI, ...args], { env: { ...process.env, DATABASE_URL: t.db.url }, cwd: dir, maxBuffer: 16 * 1024 * 1024 });
const cli = (...args: string[]) => cliWith([], ...args);
/** A feed position just before the change that created `code`. */
const positionBefore = async (code: string) => {
  const row = await t.db.sql.one<{ position: string }>(
    'SELECT position - 1 AS position FROM procedure_change WHERE procedure_code = $1 ORDER BY version LIMIT 1',
    [code],
  );
  return Buffer.from(`change:${row!.position}`).toString('base64url');
};
const changes = async () => (await t.db.sql.one<{ n: number }>('SELECT count(*)::int AS n FROM procedure_change'))!.n;

const post = (body: string, { key = province, type = 'application/x-ndjson', query = '' } = {}) =>
  fetch(`${t.base}/import/national-packages${query}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': type }, body });
const ndjsonOf = async (response: Response) =>
  (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, any>);

describe('npm run import:national', () => {
  it('--dry-run prints what would change, writes a JSON report and writes nothing to the catalogue', async () => {
    const before = await changes();
    const report = path.join(dir, 'dry.json');
    const { stdout, stderr } = await cli(SAMPLE_FILE, '--dry-run', '--report', report);
    expect(stdout).toMatch(/\[3\] 9\.000101 CREATED/);
    expect(stdout).toMatch(/\[0\] 1\.001193 AMENDED: .*channels/);
    expect(stdout).toMatch(/Dry run \(nothing written\): 4 packages .* 1 created, 3 amended/);
    // Not a terminal: plain progress lines.
    expect(stderr).toMatch(/^import: 4 packages, 100% of \d+ bytes/m);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written.packages.map((p: { code: string; outcome: string }) => [p.code, p.outcome])).toEqual([
      ['1.001193', 'AMENDED'],
      ['1.000894', 'AMENDED'],
      ['2.000815', 'AMENDED'],
      ['9.000101', 'CREATED'],
    ]);
    expect(written.summary.totals).toMatchObject({ packages: 4, created: 1, amended: 3 });
    expect(await changes()).toBe(before);
  });

  it('refuses a bad --decision and unknown options with its usage', async () => {
    await expect(cli(SAMPLE_FILE, '--decision', 'no date')).rejects.toMatchObject({ stderr: expect.stringMatching(/number\|date\|issuer/) });
    await expect(cli(SAMPLE_FILE, '--everything')).rejects.toMatchObject({ stderr: expect.stringMatching(/^usage:/) });
  });

  /** A file of `count` generated packages (codes `<prefix>.000000`, …) in NDJSON. */
  async function generated(prefix: string, count: number): Promise<string> {
    const file = path.join(dir, `generated-${prefix}.ndjson`);
    const out = createWriteStream(file);
    for (let i = 0; i < count; i++) {
      const code = `${prefix}.${String(i).padStart(6, '0')}`;
      out.write(`${JSON.stringify({ ...sample.result[3], MATTHC: code, TENTTHC: `Thủ tục minh họa sinh tự động ${prefix} số ${i}` })}\n`);
    }
    await new Promise((resolve) => out.end(resolve));
    return file;
  }
  const summaryOf = (stdout: string, count: number) => {
    const match = new RegExp(`Imported: ${count} packages in ([\\d.]+) s \\((\\d+)/s\\): ${count} created.*peak memory (\\d+) MB`).exec(stdout);
    expect(match).not.toBeNull();
    return { seconds: Number(match![1]), rate: Number(match![2]), peakMb: Number(match![3]) };
  };

  it('imports 10,000 generated packages in constant memory, then finds nothing to change in them', async () => {
    const file = await generated('8', 10_000);
    // A 48 MB heap: the ~20 MB file alone, held as JavaScript strings and objects, would not fit in it.
    const large = summaryOf((await cliWith(['--max-old-space-size=48'], file, '--report', path.join(dir, 'large.json'))).stdout, 10_000);
    process.stdout.write(`import of 10,000 packages: ${large.seconds} s, ${large.rate} packages/s, peak RSS ${large.peakMb} MB\n`);
    expect(large.peakMb).toBeLessThan(250);
    const second = await cli(file, '--dry-run', '--report', path.join(dir, 'again.json'));
    expect(second.stdout).toMatch(/10000 packages .* 0 created, 0 amended, 0 restored, 10000 unchanged/);
  });
});

describe('POST /import/national-packages', () => {
  it('imports with a province key and streams a report; the import reaches search, counts, the feed and the audit', async () => {
    const total = async () => (await t.query(`{ catalogueSummary { total representativeCount } }`)).data!.catalogueSummary;
    const before = await total();
    const body = sample.result.map((p) => JSON.stringify(p)).join('\n');
    const response = await post(body, { query: '?decision=' + encodeURIComponent('3001/QĐ-UBND|2026-02-01|Chủ tịch UBND tỉnh Lạng Sơn') });
    expect(response.status).toBe(200);
    const lines = await ndjsonOf(response);
    expect(lines.at(-1)).toMatchObject({ kind: 'done', dryRun: false, failure: null, totals: { packages: 4 } });
    const search = await t.query(`{ procedures(search: "biểu diễn nghệ thuật minh họa", first: 3) { totalCount edges { node { code } } } }`);
    expect(search.data!.procedures.edges[0].node.code).toBe('9.000101');
    // One procedure more, a real one.
    expect(await total()).toEqual({ total: before.total + 1, representativeCount: before.representativeCount });
    const audit = await t.query(
      `{ catalogueAudit(procedureCode: "9.000101", first: 1) { edges { node { kind origin author legalAct { number issuedOn } } } } }`,
    );
    expect(audit.data!.catalogueAudit.edges[0].node).toEqual({
      kind: 'CREATED',
      origin: 'IMPORT',
      author: 'Văn phòng UBND tỉnh - nhập gói',
      legalAct: { number: '3001/QĐ-UBND', issuedOn: '2026-02-01' },
    });
    const history = await t.query(`{ procedureHistory(code: "1.001193", first: 1) { edges { node { kind legalAct { number } changedFields } } } }`);
    expect(history.data!.procedureHistory.edges[0].node).toMatchObject({ kind: 'AMENDED', legalAct: { number: '3001/QĐ-UBND' } });
    expect(history.data!.procedureHistory.edges[0].node.changedFields).toContain('channels');
    const feed = await t.query(
      `{ catalogueChanges(first: 1000, after: ${JSON.stringify(await positionBefore('9.000101'))}) { edges { node { procedureCode kind } } } }`,
    );
    expect(feed.data!.catalogueChanges.edges.map((e: { node: { procedureCode: string } }) => e.node.procedureCode)).toContain('9.000101');
    const again = await ndjsonOf(await post(JSON.stringify(sample), { type: 'application/json' }));
    expect(again.at(-1)).toMatchObject({ kind: 'done', totals: { unchanged: 4 } });
  });

  it('accepts the portal wrapper inside a message string', async () => {
    const lines = await ndjsonOf(await post(JSON.stringify({ message: JSON.stringify(sample) }), { type: 'application/json', query: '?dryRun=true' }));
    expect(lines.at(-1)).toMatchObject({ kind: 'done', dryRun: true, totals: { packages: 4 } });
  });

  it('refuses what it cannot take before reading the body', async () => {
    expect((await post('{}', { key: 'vnp_unknown' })).status).toBe(401);
    expect((await post('{}', { key: await apiKey(t.db.sql) })).status).toBe(403);
    expect((await post('{}', { key: await catalogueKey(t.db.sql, { agencyCode: '20.STP' }) })).status).toBe(403);
    expect((await post('{}', { type: 'text/csv' })).status).toBe(415);
    expect((await post('{}', { query: '?full=maybe' })).status).toBe(400);
    expect((await post('{}', { query: '?decision=nonsense' })).status).toBe(400);
    expect((await post('{}', { query: '?everything=true' })).status).toBe(400);
    const notJson = await post('this is not json');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
