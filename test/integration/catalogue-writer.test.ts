import { buildCatalogueSeed } from '../../seeds/build-catalogue';
import { FeeKind, ProcedureStatus } from '../../src/catalogue/catalogue.enums';
import type { ProcedureRecord } from '../../src/catalogue/write/catalogue-record';
import { CatalogueWriter } from '../../src/catalogue/write/catalogue-writer';
import { fieldHashes } from '../../src/catalogue/write/content-hash';
import { procedureRecord as record } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
let writer: CatalogueWriter;
beforeAll(async () => {
  db = await createTestDatabase();
  // As the service will: through the catalogue role's pool.
  writer = new CatalogueWriter(db.roles.catalogue);
});
afterAll(() => db.drop());

const BIRTH = '1.001193';

const version = async () => Number((await db.sql.one<{ version: string }>('SELECT version FROM catalogue_version'))!.version);

/**
 * A fingerprint per table, row ids included, leaving out the rows of the procedure `except`
 * (its row, children and search row): what must not change when only that procedure does.
 */
async function fingerprint(except = ''): Promise<Record<string, string>> {
  // Every version of the procedure: its rows and their children.
  const ids = `(SELECT id FROM procedure WHERE code = $1)`;
  const tables: Record<string, string> = {
    administrative_unit: 'true',
    field: 'true',
    agency: 'true',
    legal_document: 'true',
    search_document: 'true',
    procedure: 'code <> $1',
    procedure_channel: `procedure_id NOT IN ${ids}`,
    channel_fee: `channel_id NOT IN (SELECT c.id FROM procedure_channel c WHERE c.procedure_id IN ${ids})`,
    required_document: `procedure_id NOT IN ${ids}`,
    procedure_step: `procedure_id NOT IN ${ids}`,
    procedure_legal_basis: `procedure_id NOT IN ${ids}`,
    procedure_search: `procedure_id NOT IN ${ids}`,
    procedure_change: `procedure_code <> $1`,
  };
  const result: Record<string, string> = {};
  for (const [table, where] of Object.entries(tables)) {
    const row = await db.sql.one<{ md5: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${table} t WHERE ${where}`,
      where.includes('$1') ? [except] : [],
    );
    result[table] = row!.md5;
  }
  return result;
}

describe('the catalogue writer', () => {
  it('writing the same records again changes nothing, not even the version', async () => {
    const before = { tables: await fingerprint(), version: await version() };
    const result = await writer.write({ procedures: buildCatalogueSeed().procedures });
    expect(result).toEqual({ proceduresWritten: 0, proceduresRemoved: 0, referencesWritten: 0, version: before.version });
    expect({ tables: await fingerprint(), version: await version() }).toEqual(before);
  });

  it('writing a changed record bumps the version once and changes only that record', async () => {
    const original = record(BIRTH);
    const [desk, ...others] = original.channels;
    const changed: ProcedureRecord = {
      ...original,
      name: `${original.name} (sửa đổi)`,
      channels: [{ ...desk, fees: [{ kind: FeeKind.CHARGE, amountVnd: 8000, description: 'Lệ phí: 8.000 đồng' }] }, ...others],
    };
    const before = { others: await fingerprint(BIRTH), version: await version() };

    const result = await writer.write({ procedures: [record('R.000001'), changed, record('2.000815')] });

    expect(result).toMatchObject({ proceduresWritten: 1, proceduresRemoved: 0, version: before.version + 1 });
    expect(await version()).toBe(before.version + 1);
    expect(await fingerprint(BIRTH)).toEqual(before.others);
    const written = await db.sql.one<{ name: string; amount: number; words: string; is_free: boolean }>(
      `SELECT p.name, f.amount_vnd AS amount, s.name_words AS words, p.is_free
         FROM procedure p
         JOIN procedure_channel c ON c.procedure_id = p.id AND c.channel = 'IN_PERSON'
         JOIN channel_fee f ON f.channel_id = c.id
         JOIN procedure_search s ON s.procedure_id = p.id
        WHERE p.code = $1 AND p.valid_to IS NULL`,
      [BIRTH],
    );
    // The children and what search and the lists derive come with the record.
    expect(written).toEqual({ name: changed.name, amount: 8000, words: ' dang ki khai sinh sua doi ', is_free: false });

    // And back: the original is a change again, and then nothing is.
    expect(await writer.write({ procedures: [original] })).toMatchObject({ proceduresWritten: 1, version: before.version + 2 });
    expect(await writer.write({ procedures: [original] })).toMatchObject({ proceduresWritten: 0, version: before.version + 2 });
  });

  it.each([
    ['field', { fieldCode: 'khong-co-linh-vuc' }, /procedure T\.000001 refers to an unknown field "khong-co-linh-vuc"/],
    ['agency', { agencyCode: 'KHONG-CO' }, /procedure T\.000001 refers to an unknown agency "KHONG-CO"/],
    ['legal document', { legalBasis: ['1/2099/QH99'] }, /procedure T\.000001 refers to an unknown legal document "1\/2099\/QH99"/],
    ['legal act', { enactedBy: { legalAct: '9/QĐ-KHONG-CO' } }, /procedure T\.000001 refers to an unknown legal act "9\/QĐ-KHONG-CO"/],
  ])('refuses a record with an unknown %s code, and writes nothing of the write', async (_, wrong, message) => {
    const before = { tables: await fingerprint(), version: await version() };
    const write = writer.write({
      fields: [{ code: 'linh-vuc-moi', name: 'Lĩnh vực mới' }],
      procedures: [record(BIRTH, { name: 'Đã đổi tên' }), record('R.000002', { code: 'T.000001', ...wrong })],
    });
    await expect(write).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    expect({ tables: await fingerprint(), version: await version() }).toEqual(before);
  });

  it('writes a new procedure under a field the same write adds, with its search row', async () => {
    const before = await version();
    const result = await writer.write({
      fields: [{ code: 'thu-nghiem', name: 'Thử nghiệm' }],
      procedures: [record('R.000003', { code: 'T.000002', name: 'Cấp giấy phép thử nghiệm máy bay không người lái', fieldCode: 'thu-nghiem' })],
    });
    expect(result).toEqual({ proceduresWritten: 1, proceduresRemoved: 0, referencesWritten: 1, version: before + 1 });
    const row = await db.sql.one<{ field: string; words: string }>(
      `SELECT f.code AS field, s.name_words AS words
         FROM procedure p JOIN field f ON f.id = p.field_id JOIN procedure_search s ON s.procedure_id = p.id WHERE p.code = 'T.000002'`,
    );
    expect(row).toEqual({ field: 'thu-nghiem', words: ' cap giai phep thu nghiem mai bai khong nguoi lai ' });
  });

  it('removes the procedures of the scope it replaces that it does not carry', async () => {
    const result = await writer.write({ procedures: [], replacing: { codePrefix: 'T.' } });
    expect(result.proceduresRemoved).toBe(1);
    // Ended, not deleted: its rows stay for the history, and the feed has a tombstone.
    expect(await db.sql.rows(`SELECT code FROM procedure WHERE code LIKE 'T.%' AND valid_to IS NULL`)).toEqual([]);
    expect(await db.sql.rows(`SELECT procedure_code AS code, kind FROM procedure_change WHERE procedure_code LIKE 'T.%' ORDER BY position`)).toEqual([
      { code: 'T.000002', kind: 'CREATED' },
      { code: 'T.000002', kind: 'REMOVED' },
    ]);
  });
});

describe('versions', () => {
  const CODE = 'T.000100';
  const act = (number: string, issuedOn: string) => ({
    number,
    title: `Quyết định công bố thủ tục hành chính ${number}`,
    issuer: 'Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn',
    issuedOn,
    isRepresentative: true,
  });
  const FIRST = act('1/QĐ-UBND-THU', '2024-12-20');
  const SECOND = act('2/QĐ-UBND-THU', '2026-02-20');
  const procedure = (changes: Partial<ProcedureRecord> = {}) =>
    record('R.000004', { code: CODE, effectiveFrom: '2025-01-01', enactedBy: undefined, ...changes });
  // Written on 1 March 2026, Vietnam time: what "today" is for a change with no date.
  const writer = () => new CatalogueWriter(db.roles.catalogue, () => new Date('2026-03-01T10:00:00+07:00'));

  /** The version of the procedure in force on `day`, if any. */
  const inForce = (day: string) =>
    db.sql.rows(`SELECT version, name, status FROM procedure WHERE code = $1 AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`, [
      CODE,
      day,
    ]);

  it('stores each change as a version in force from its date, with its kind, legal act and changed fields', async () => {
    await writer().write({ legalActs: [FIRST, SECOND], procedures: [procedure({ enactedBy: { legalAct: FIRST.number } })] });
    // Scheduled: recorded now, in force from July.
    await writer().write({ procedures: [procedure({ name: 'Tên mới' })], enactedBy: { legalAct: SECOND.number, validFrom: '2026-07-01' } });
    // A change cannot take effect before the latest one: it would have to rewrite it.
    await expect(writer().write({ procedures: [procedure({ name: 'Khác' })], enactedBy: { legalAct: null, validFrom: '2026-05-01' } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/T\.000100 would change from 2026-05-01, before its latest change \(version 2, in force from 2026-07-01\)/),
    });
    await writer().write({
      procedures: [procedure({ name: 'Tên mới', status: ProcedureStatus.ABOLISHED, effectiveTo: '2026-09-01' })],
      enactedBy: { legalAct: SECOND.number, validFrom: '2026-09-01' },
    });
    await writer().write({ replacing: { codePrefix: CODE }, enactedBy: { legalAct: SECOND.number, validFrom: '2026-10-01' } });
    await writer().write({ procedures: [procedure()], enactedBy: { legalAct: FIRST.number, validFrom: '2026-11-01' } });
    // Unchanged: nothing stored.
    expect(await writer().write({ procedures: [procedure()], enactedBy: { legalAct: FIRST.number } })).toMatchObject({ proceduresWritten: 0 });

    const changes = await db.sql.rows(
      `SELECT c.version, c.kind, to_char(c.valid_from, 'YYYY-MM-DD') AS "validFrom", a.number AS act, c.changed_fields AS fields, c.procedure_id IS NOT NULL AS "hasRecord"
         FROM procedure_change c LEFT JOIN legal_act a ON a.id = c.legal_act_id WHERE c.procedure_code = $1 ORDER BY c.position`,
      [CODE],
    );
    const everyField = Object.keys(fieldHashes(procedure()));
    expect(changes).toEqual([
      { version: 1, kind: 'CREATED', validFrom: '2025-01-01', act: FIRST.number, fields: everyField, hasRecord: true },
      { version: 2, kind: 'AMENDED', validFrom: '2026-07-01', act: SECOND.number, fields: ['name'], hasRecord: true },
      { version: 3, kind: 'ABOLISHED', validFrom: '2026-09-01', act: SECOND.number, fields: ['status', 'effectiveTo'], hasRecord: true },
      { version: 4, kind: 'REMOVED', validFrom: '2026-10-01', act: SECOND.number, fields: [], hasRecord: false },
      { version: 5, kind: 'RESTORED', validFrom: '2026-11-01', act: FIRST.number, fields: everyField, hasRecord: true },
    ]);
    expect(await inForce('2024-12-31')).toEqual([]);
    expect(await inForce('2026-06-30')).toEqual([{ version: 1, name: procedure().name, status: 'PUBLIC' }]);
    expect(await inForce('2026-07-01')).toEqual([{ version: 2, name: 'Tên mới', status: 'PUBLIC' }]);
    expect(await inForce('2026-09-01')).toEqual([{ version: 3, name: 'Tên mới', status: 'ABOLISHED' }]);
    expect(await inForce('2026-10-15')).toEqual([]);
    expect(await inForce('2027-01-01')).toEqual([{ version: 5, name: procedure().name, status: 'PUBLIC' }]);
  });
});
