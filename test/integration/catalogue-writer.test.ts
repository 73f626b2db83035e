import { buildCatalogueSeed } from '../../seeds/build-catalogue';
import { FeeKind } from '../../src/catalogue/catalogue.enums';
import type { ProcedureRecord } from '../../src/catalogue/write/catalogue-record';
import { CatalogueWriter } from '../../src/catalogue/write/catalogue-writer';
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
  const id = `(SELECT id FROM procedure WHERE code = $1)`;
  const tables: Record<string, string> = {
    administrative_unit: 'true',
    field: 'true',
    agency: 'true',
    legal_document: 'true',
    search_document: 'true',
    procedure: 'code <> $1',
    procedure_channel: `procedure_id IS DISTINCT FROM ${id}`,
    channel_fee: `channel_id NOT IN (SELECT c.id FROM procedure_channel c WHERE c.procedure_id IS NOT DISTINCT FROM ${id})`,
    required_document: `procedure_id IS DISTINCT FROM ${id}`,
    procedure_step: `procedure_id IS DISTINCT FROM ${id}`,
    procedure_legal_basis: `procedure_id IS DISTINCT FROM ${id}`,
    procedure_search: `procedure_id IS DISTINCT FROM ${id}`,
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
        WHERE p.code = $1`,
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
    expect(await db.sql.rows(`SELECT code FROM procedure WHERE code LIKE 'T.%'`)).toEqual([]);
  });
});
