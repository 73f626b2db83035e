import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/shared/project-root';
import { LAST_STORED_SQL, toStoredRecord, type StoredRecord } from '../../src/catalogue/stored-record.sql';
import { contentHash } from '../../src/catalogue/write/content-hash';
import { apiKey, catalogueKey } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

/** The server's clock: 1 March 2026 in Vietnam. */
const TODAY = '2026-03-01';
const now = () => new Date(`${TODAY}T12:00:00+07:00`);
let t: TestApp;
let province: string;
let justice: string;
let finance: string;
/** A procedure of the Department of Justice (20.STP) and its version. */
let own: { code: string; version: number };

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const RESULT = 'outcome code version kind validFrom changedFields errors { code field message }';

const UPDATE = `mutation ($code: String!, $v: Int!, $patch: ProcedurePatch!, $act: LegalActInput, $from: Date) {
  updateProcedure(code: $code, expectedVersion: $v, patch: $patch, legalAct: $act, effectiveFrom: $from) { ${RESULT} procedure { code name channels { channel fees { amountVnd } } } }
}`;
const CREATE = `mutation ($input: ProcedureInput!, $act: LegalActInput) { createProcedure(input: $input, legalAct: $act) { ${RESULT} procedure { code name version } } }`;
const ABOLISH = `mutation ($code: String!, $v: Int!, $from: Date) { abolishProcedure(code: $code, expectedVersion: $v, effectiveFrom: $from) { ${RESULT} procedure { status effectiveTo } } }`;
const REMOVE = `mutation ($code: String!, $v: Int!) { removeProcedure(code: $code, expectedVersion: $v) { ${RESULT} procedure { code } } }`;
const RESTORE = `mutation ($code: String!, $v: Int!, $patch: ProcedurePatch) { restoreProcedure(code: $code, expectedVersion: $v, patch: $patch) { ${RESULT} procedure { code name } } }`;
const AUDIT = `query ($code: String, $agency: String, $since: DateTime, $first: Int, $after: String) {
  catalogueAudit(procedureCode: $code, agencyCode: $agency, since: $since, first: $first, after: $after) {
    totalCount
    edges { cursor node { procedureCode version kind origin author authorAgency { code name } legalAct { number } changedFields changes { field path before after summary } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const act = {
  number: '77/QĐ-UBND-THU',
  title: 'Quyết định công bố thủ tục hành chính được sửa đổi (thử nghiệm)',
  issuer: 'Chủ tịch UBND tỉnh Lạng Sơn',
  issuedOn: '2026-02-25',
};

async function versionOf(code: string): Promise<number> {
  const rows = await t.db.sql.rows<{ version: number }>('SELECT max(version) AS version FROM procedure_change WHERE procedure_code = $1', [code]);
  return rows[0].version;
}

beforeAll(async () => {
  t = await createTestApp({ clock: now });
  province = await catalogueKey(t.db.sql, { province: true }, 'Văn phòng UBND tỉnh');
  justice = await catalogueKey(t.db.sql, { agencyCode: '20.STP' }, 'Sở Tư pháp - cổng kết nối');
  finance = await catalogueKey(t.db.sql, { agencyCode: '20.STC' }, 'Sở Tài chính');
  const row = await t.db.sql.one<{ code: string }>(
    `SELECT p.code FROM procedure p JOIN agency a ON a.id = p.implementing_agency_id
      WHERE a.code = '20.STP' AND p.valid_to IS NULL AND p.status = 'PUBLIC' ORDER BY p.is_representative, p.code LIMIT 1`,
  );
  own = { code: row!.code, version: await versionOf(row!.code) };
});
afterAll(() => t.close());

describe('stored records', () => {
  it('read back as the writer took them: every seed procedure hashes as it was written', async () => {
    const codes = (await t.db.sql.rows<{ code: string }>('SELECT DISTINCT code FROM procedure')).map((r) => r.code);
    const rows = (await t.db.sql.rows<StoredRecord & { hash: string }>(LAST_STORED_SQL, [codes])).map(toStoredRecord);
    const hashes = new Map(
      (await t.db.sql.rows<{ id: number; content_hash: string }>('SELECT id, content_hash FROM procedure')).map((r) => [r.id, r.content_hash]),
    );
    const differing = rows.filter((row) => contentHash(row.record) !== hashes.get(row.id)).map((row) => row.record.code);
    expect(rows.length).toBeGreaterThan(1800);
    expect(differing).toEqual([]);
  });
});

describe('catalogue keys', () => {
  it('a dossier key cannot touch the catalogue, and a catalogue key cannot push dossiers', async () => {
    const dossierKey = await apiKey(t.db.sql);
    const edit = await t.query(UPDATE, { code: own.code, v: own.version, patch: { nameEn: 'x' } }, bearer(dossierKey));
    expect(edit.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const push = await t.query(
      `mutation { upsertDossiers(dossiers: [{ externalCode: "K1", procedureCode: "1.001193", unitCode: "17641", level: COMMUNE, channel: ONLINE, status: 1,
         receivedAt: "2026-02-01T09:00:00+07:00", updatedAt: "2026-02-01T09:00:00+07:00" }]) { created } }`,
      {},
      bearer(province),
    );
    expect(push.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bulk = await fetch(`${t.base}/ingest/dossiers`, {
      method: 'POST',
      headers: { ...bearer(justice), 'content-type': 'application/x-ndjson' },
      body: '{}\n',
    });
    expect(bulk.status).toBe(403);
  });

  it('npm run apikey:create makes agency and province keys, and refuses an unclear scope', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [path.join(projectRoot, 'dist', 'tools', 'api-key.js'), 'create', ...args], {
        env: { ...process.env, DATABASE_URL: t.db.url },
      });
    const agency = await cli('--catalogue', '--agency', '20.STP', '--name', 'Sở Tư pháp (CLI)');
    expect(agency.stdout).toMatch(/^Catalogue key \d+ for the procedures of agency 20\.STP/);
    const key = agency.stdout.trim().split('\n').at(-1)!;
    const edit = await t.query(UPDATE, { code: own.code, v: -1, patch: {} }, bearer(key));
    expect(edit.data!.updateProcedure.outcome).toBe('CONFLICT');
    expect((await cli('--catalogue', '--province', '--name', 'Văn phòng (CLI)')).stdout).toMatch(/for the whole catalogue/);
    for (const unclear of [
      ['--catalogue', '--name', 'x'],
      ['--catalogue', '--province', '--agency', '20.STP', '--name', 'x'],
      ['--catalogue', '--unit', '427', '--name', 'x'],
    ]) {
      await expect(cli(...unclear)).rejects.toMatchObject({ stderr: expect.stringMatching(/^usage:/) });
    }
    await expect(cli('--catalogue', '--agency', 'NO.SUCH', '--name', 'x')).rejects.toMatchObject({
      stderr: expect.stringMatching(/no agency has code NO.SUCH/),
    });
  });

  it('an edit needs a key', async () => {
    const response = await t.query(UPDATE, { code: own.code, v: own.version, patch: { nameEn: 'x' } });
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('updateProcedure', () => {
  it("changes a nested list with the agency's key: a version, a feed entry and an audit entry with item-by-item differences", async () => {
    const channels = [
      {
        channel: 'IN_PERSON',
        timeValue: 5,
        timeUnit: 'WORKING_DAY',
        timeDescription: '05 ngày làm việc',
        fees: [{ kind: 'CHARGE', amountVnd: 50000, description: 'Lệ phí' }],
      },
      {
        channel: 'ONLINE',
        timeValue: 5,
        timeUnit: 'WORKING_DAY',
        timeDescription: '05 ngày làm việc',
        fees: [{ kind: 'CHARGE', amountVnd: 50000, description: 'Lệ phí' }],
      },
    ];
    const first = await t.query(UPDATE, { code: own.code, v: own.version, patch: { channels }, act }, bearer(justice));
    expect(first.errors).toBeUndefined();
    expect(first.data!.updateProcedure).toMatchObject({ outcome: 'CHANGED', version: own.version + 1, kind: 'AMENDED', validFrom: TODAY, errors: [] });
    expect(first.data!.updateProcedure.changedFields).toContain('channels');

    channels[1].fees[0].amountVnd = 100000;
    const second = await t.query(UPDATE, { code: own.code, v: own.version + 1, patch: { channels } }, bearer(justice));
    expect(second.data!.updateProcedure).toMatchObject({ outcome: 'CHANGED', version: own.version + 2, changedFields: ['channels'] });
    own.version += 2;
    expect(second.data!.updateProcedure.procedure.channels.find((c: { channel: string }) => c.channel === 'ONLINE').fees[0].amountVnd).toBe(100000);

    const audit = await t.query(AUDIT, { code: own.code, first: 2 });
    const [latest, before] = audit.data!.catalogueAudit.edges.map((e: { node: unknown }) => e.node);
    expect(latest).toMatchObject({
      version: own.version,
      kind: 'AMENDED',
      origin: 'EDIT',
      author: 'Sở Tư pháp - cổng kết nối',
      authorAgency: { code: '20.STP' },
      legalAct: null,
    });
    expect(latest.changes).toEqual([
      {
        field: 'channels',
        path: 'channels[ONLINE].fees[0].amountVnd',
        before: 50000,
        after: 100000,
        summary: 'fee 1 on the ONLINE channel: 50,000 VND → 100,000 VND',
      },
    ]);
    expect(before.legalAct).toEqual({ number: act.number });

    // The audit's positions are the feed's: the change after the one before is the latest.
    const feed = await t.query(`query ($after: String) { catalogueChanges(after: $after, first: 5) { edges { node { procedureCode version kind } } } }`, {
      after: audit.data!.catalogueAudit.edges[1].cursor,
    });
    expect(feed.data!.catalogueChanges.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { procedureCode: own.code, version: own.version, kind: 'AMENDED' },
    ]);
    const history = await t.query(`query ($code: String!) { procedureHistory(code: $code, first: 1) { edges { node { version changedFields } } } }`, {
      code: own.code,
    });
    expect(history.data!.procedureHistory.edges[0].node).toEqual({ version: own.version, changedFields: ['channels'] });
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, writing nothing', async () => {
    const before = await versionOf(own.code);
    const response = await t.query(UPDATE, { code: own.code, v: before - 1, patch: { nameEn: 'Stale' } }, bearer(justice));
    expect(response.data!.updateProcedure).toMatchObject({ outcome: 'CONFLICT', version: before, errors: [{ code: 'CONFLICT', field: 'expectedVersion' }] });
    expect(await versionOf(own.code)).toBe(before);
  });

  it("refuses another agency's key (FORBIDDEN) and giving a procedure away", async () => {
    const other = await t.query(UPDATE, { code: own.code, v: own.version, patch: { nameEn: 'x' } }, bearer(finance));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const away = await t.query(UPDATE, { code: own.code, v: own.version, patch: { implementingAgency: '20.STC' } }, bearer(justice));
    expect(away.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await versionOf(own.code)).toBe(own.version);
  });

  it('answers UNCHANGED for an edit that says what the procedure says', async () => {
    const response = await t.query(UPDATE, { code: own.code, v: own.version, patch: {} }, bearer(justice));
    expect(response.data!.updateProcedure).toMatchObject({ outcome: 'UNCHANGED', version: own.version });
  });

  it.each([
    ['patch.name', 'REQUIRED', { name: '   ' }],
    ['patch.name', 'TOO_LONG', { name: 'x'.repeat(501) }],
    ['patch.conditions', 'INVALID_VALUE', { conditions: 'a\u0007b' }],
    ['patch.field', 'UNKNOWN_REFERENCE', { field: 'no-such-field' }],
    ['patch.legalBasis[0]', 'UNKNOWN_REFERENCE', { legalBasis: ['0/0000/XX'] }],
    ['patch.results', 'TOO_MANY', { results: Array.from({ length: 51 }, () => 'Giấy') }],
    ['patch.subjects[1]', 'DUPLICATE', { subjects: ['CITIZEN', 'CITIZEN'] }],
    ['patch.effectiveFrom', 'OUT_OF_RANGE', { effectiveFrom: '1900-01-01' }],
    ['patch.channels[0].timeUnit', 'REQUIRED', { channels: [{ channel: 'ONLINE', timeValue: 5, timeUnit: null, fees: [] }] }],
    ['patch.channels[0].timeValue', 'OUT_OF_RANGE', { channels: [{ channel: 'ONLINE', timeValue: 0, timeUnit: 'DAY', fees: [] }] }],
    [
      'patch.channels[1]',
      'DUPLICATE',
      {
        channels: [
          { channel: 'ONLINE', timeValue: 1, timeUnit: 'DAY' },
          { channel: 'ONLINE', timeValue: 1, timeUnit: 'DAY' },
        ],
      },
    ],
    [
      'patch.channels[0].fees[0].amountVnd',
      'OUT_OF_RANGE',
      { channels: [{ channel: 'ONLINE', timeValue: null, timeUnit: null, fees: [{ kind: 'FEE', amountVnd: -1 }] }] },
    ],
    [
      'patch.channels[0].fees[0].amountVnd',
      'OUT_OF_RANGE',
      { channels: [{ channel: 'ONLINE', timeValue: null, timeUnit: null, fees: [{ kind: 'FEE', amountVnd: 1_000_000_001 }] }] },
    ],
    [
      'patch.channels[0].fees',
      'TOO_MANY',
      { channels: [{ channel: 'ONLINE', timeValue: null, timeUnit: null, fees: Array.from({ length: 51 }, () => ({ kind: 'FEE', amountVnd: 0 })) }] },
    ],
    ['patch.requiredDocuments[0].formUrl', 'INVALID_URL', { requiredDocuments: [{ name: 'Tờ khai', formUrl: 'javascript:alert(1)' }] }],
    ['patch.requiredDocuments[0].formUrl', 'INVALID_URL', { requiredDocuments: [{ name: 'Tờ khai', formUrl: 'not a url' }] }],
    ['patch.requiredDocuments[0].copies', 'OUT_OF_RANGE', { requiredDocuments: [{ name: 'Tờ khai', copies: 101 }] }],
    ['patch.requiredDocuments[0].name', 'REQUIRED', { requiredDocuments: [{ name: '' }] }],
    ['patch.steps[0].description', 'TOO_LONG', { steps: [{ description: 'x'.repeat(5001) }] }],
  ])('rejects a wrong value (case %#: %s expects %s), writing nothing', async (field, code, patch) => {
    const response = await t.query(UPDATE, { code: own.code, v: own.version, patch }, bearer(justice));
    expect(response.errors).toBeUndefined();
    expect(response.data!.updateProcedure.outcome).toBe('REJECTED');
    expect(response.data!.updateProcedure.errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await versionOf(own.code)).toBe(own.version);
  });

  it('names every problem of an edit at once', async () => {
    const response = await t.query(
      UPDATE,
      { code: own.code, v: own.version, patch: { name: '', field: 'nope', steps: [{ description: '' }] } },
      bearer(justice),
    );
    expect(response.data!.updateProcedure.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'patch.field',
      'patch.name',
      'patch.steps[0].description',
    ]);
  });

  it('refuses a change dated before the latest one, and a new act without title', async () => {
    const early = await t.query(UPDATE, { code: own.code, v: own.version, patch: { nameEn: 'Early' }, from: '2020-01-01' }, bearer(justice));
    expect(early.data!.updateProcedure.errors).toContainEqual(expect.objectContaining({ field: 'effectiveFrom', code: 'TOO_EARLY' }));
    const untitled = await t.query(UPDATE, { code: own.code, v: own.version, patch: { nameEn: 'x' }, act: { number: '999/QĐ-NEW' } }, bearer(justice));
    expect(untitled.data!.updateProcedure.errors).toContainEqual(expect.objectContaining({ field: 'legalAct', code: 'REQUIRED' }));
  });

  it('reaches search, counts and the summary at once', async () => {
    const name = 'Thủ tục thử nghiệm đổi tên chứng thực zyxwv';
    const edit = await t.query(UPDATE, { code: own.code, v: own.version, patch: { name } }, bearer(justice));
    expect(edit.data!.updateProcedure.outcome).toBe('CHANGED');
    own.version += 1;
    const search = await t.query(`{ procedures(search: "zyxwv", first: 5) { totalCount edges { node { code name } } } }`);
    expect(search.data!.procedures).toMatchObject({ totalCount: 1, edges: [{ node: { code: own.code, name } }] });
  });
});

describe('createProcedure, abolishProcedure, removeProcedure, restoreProcedure', () => {
  const input = {
    code: 'T.009001',
    name: 'Thủ tục thử nghiệm tạo mới qua API',
    level: 'PROVINCE',
    field: 'chung-thuc',
    implementingAgency: '20.STP',
    effectiveFrom: '2026-03-01',
    channels: [
      {
        channel: 'ONLINE',
        timeValue: 3,
        timeUnit: 'WORKING_DAY',
        timeDescription: '03 ngày làm việc',
        fees: [{ kind: 'FEE', amountVnd: 0, description: 'Miễn phí' }],
      },
    ],
    requiredDocuments: [{ name: 'Đơn đề nghị', formUrl: 'https://example.gov.vn/mau.docx' }],
  };

  it('only a province key creates, removes and restores', async () => {
    for (const [query, variables] of [
      [CREATE, { input }],
      [REMOVE, { code: own.code, v: own.version }],
      [RESTORE, { code: own.code, v: own.version }],
    ] as const) {
      const response = await t.query(query, variables, bearer(justice));
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('creates, abolishes, removes and restores with a province key, each in the feed', async () => {
    const fieldExists = await t.db.sql.one(`SELECT 1 FROM field WHERE code = 'chung-thuc'`);
    expect(fieldExists).toBeDefined();
    const created = await t.query(CREATE, { input, act }, bearer(province));
    expect(created.data!.createProcedure).toMatchObject({
      outcome: 'CHANGED',
      kind: 'CREATED',
      version: 1,
      validFrom: '2026-03-01',
      procedure: { code: 'T.009001' },
    });
    const again = await t.query(CREATE, { input }, bearer(province));
    expect(again.data!.createProcedure.errors).toContainEqual(expect.objectContaining({ field: 'input.code', code: 'DUPLICATE' }));

    const abolished = await t.query(ABOLISH, { code: 'T.009001', v: 1 }, bearer(province));
    expect(abolished.data!.abolishProcedure).toMatchObject({
      outcome: 'CHANGED',
      kind: 'ABOLISHED',
      version: 2,
      procedure: { status: 'ABOLISHED', effectiveTo: TODAY },
    });
    const twice = await t.query(ABOLISH, { code: 'T.009001', v: 2 }, bearer(province));
    expect(twice.data!.abolishProcedure.errors).toContainEqual(expect.objectContaining({ code: 'ABOLISHED' }));

    const removed = await t.query(REMOVE, { code: 'T.009001', v: 2 }, bearer(province));
    expect(removed.data!.removeProcedure).toMatchObject({ outcome: 'CHANGED', kind: 'REMOVED', version: 3, procedure: null });
    const gone = await t.query(`{ procedure(code: "T.009001") { code } }`);
    expect(gone.data!.procedure).toBeNull();
    const update = await t.query(UPDATE, { code: 'T.009001', v: 3, patch: { nameEn: 'x' } }, bearer(province));
    expect(update.data!.updateProcedure.errors).toContainEqual(expect.objectContaining({ code: 'REMOVED' }));

    for (const [query, name, v] of [
      [ABOLISH, 'abolishProcedure', 1],
      [REMOVE, 'removeProcedure', 2],
      [RESTORE, 'restoreProcedure', 2],
    ] as const) {
      const stale = await t.query(query, { code: 'T.009001', v }, bearer(province));
      expect(stale.data![name]).toMatchObject({ outcome: 'CONFLICT', version: 3, errors: [{ code: 'CONFLICT', field: 'expectedVersion' }] });
    }
    const restored = await t.query(RESTORE, { code: 'T.009001', v: 3, patch: { name: 'Thủ tục thử nghiệm khôi phục' } }, bearer(province));
    expect(restored.data!.restoreProcedure).toMatchObject({
      outcome: 'CHANGED',
      kind: 'RESTORED',
      version: 4,
      procedure: { name: 'Thủ tục thử nghiệm khôi phục' },
    });

    const audit = await t.query(AUDIT, { code: 'T.009001' });
    expect(audit.data!.catalogueAudit.edges.map((e: { node: { kind: string; author: string } }) => [e.node.kind, e.node.author])).toEqual([
      ['RESTORED', 'Văn phòng UBND tỉnh'],
      ['REMOVED', 'Văn phòng UBND tỉnh'],
      ['ABOLISHED', 'Văn phòng UBND tỉnh'],
      ['CREATED', 'Văn phòng UBND tỉnh'],
    ]);
    const [restoredEntry, removedEntry, abolishedEntry] = audit.data!.catalogueAudit.edges.map((e: { node: unknown }) => e.node);
    expect(restoredEntry.changes).toContainEqual(expect.objectContaining({ path: 'name', after: 'Thủ tục thử nghiệm khôi phục' }));
    expect(removedEntry.changes).toEqual([]);
    expect(abolishedEntry.changes.map((c: { path: string }) => c.path)).toEqual(['status', 'effectiveTo']);
  });

  it('rejects a new procedure without its required fields, naming each', async () => {
    const response = await t.query(CREATE, { input: { code: 'bad code!' } }, bearer(province));
    expect(response.data!.createProcedure.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['input.code', 'input.effectiveFrom', 'input.field', 'input.implementingAgency', 'input.level', 'input.name'].sort(),
    );
  });
});

describe('catalogueAudit', () => {
  it('filters by agency and time, pages newest first, and names no person', async () => {
    const page = await t.query(AUDIT, { agency: '20.STP', since: '2026-01-01T00:00:00Z', first: 2 });
    const { edges, pageInfo, totalCount } = page.data!.catalogueAudit;
    expect(edges).toHaveLength(2);
    expect(totalCount).toBeGreaterThanOrEqual(4);
    const next = await t.query(AUDIT, { agency: '20.STP', since: '2026-01-01T00:00:00Z', first: 2, after: pageInfo.endCursor });
    const versions = [...edges, ...next.data!.catalogueAudit.edges].map(
      (e: { node: { procedureCode: string; version: number } }) => `${e.node.procedureCode}@${e.node.version}`,
    );
    expect(new Set(versions).size).toBe(4);
    const seedOnly = await t.query(AUDIT, { code: '1.001193', first: 1 });
    expect(seedOnly.data!.catalogueAudit.edges[0].node).toMatchObject({ origin: 'SEED', author: null, authorAgency: null });
  });

  it('refuses a forged cursor', async () => {
    const response = await t.query(AUDIT, { after: 'bm90LWEtY3Vyc29y' });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
