import { seedCatalogue } from '../../seeds/seed-catalogue';
import { writeCatalogue } from '../../src/catalogue/write/catalogue-writer';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => (db = await createTestDatabase()));
afterAll(() => db.drop());

/** A fingerprint of every catalogue table and what search derives, row ids included: any rewrite changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = [
    'administrative_unit',
    'field',
    'agency',
    'legal_document',
    'procedure',
    'procedure_channel',
    'channel_fee',
    'required_document',
    'procedure_step',
    'procedure_legal_basis',
    'procedure_search',
    'search_document',
    'search_term',
    'catalogue_version',
  ];
  const result: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await db.sql.rows<{ md5: string }>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${table} t`);
    result[table] = row.md5;
  }
  return result;
}

const version = async () => Number((await db.sql.one<{ version: string }>('SELECT version FROM catalogue_version'))!.version);

describe('seed', () => {
  it('skips a data set it has already applied', async () => {
    expect(await seedCatalogue(db.roles.catalogue)).toEqual({ applied: false, proceduresWritten: 0, proceduresRemoved: 0 });
  });

  it('re-applied in full, changes nothing (not a single row id or timestamp, not the catalogue version)', async () => {
    const before = await fingerprint();
    const result = await seedCatalogue(db.roles.catalogue, { force: true });
    expect(result).toEqual({ applied: true, proceduresWritten: 0, proceduresRemoved: 0 });
    expect(await fingerprint()).toEqual(before);
  });

  it('repairs a procedure that was changed or removed, and only that one, each with a version of its own', async () => {
    const before = await fingerprint();
    await db.sql.rows(`UPDATE procedure SET name = 'x', content_hash = 'changed' WHERE code = '1.001193'`);
    await db.roles.catalogue.transaction((client) => writeCatalogue(client, { replacing: { codePrefix: 'R.000010' } }));
    const versionBefore = await version();
    const result = await seedCatalogue(db.roles.catalogue, { force: true });
    expect(result.proceduresWritten).toBe(2);
    // One write, one version, however many statements it took.
    expect(await version()).toBe(versionBefore + 1);
    const [{ name }] = await db.sql.rows<{ name: string }>(`SELECT name FROM procedure WHERE code = '1.001193' AND valid_to IS NULL`);
    expect(name).toBe('Đăng ký khai sinh');
    const changes = await db.sql.rows(
      `SELECT procedure_code AS code, version, kind FROM procedure_change WHERE procedure_code IN ('1.001193', 'R.000010') AND version > 1 ORDER BY procedure_code, version`,
    );
    expect(changes).toEqual([
      { code: '1.001193', version: 2, kind: 'AMENDED' },
      { code: 'R.000010', version: 2, kind: 'REMOVED' },
      { code: 'R.000010', version: 3, kind: 'RESTORED' },
    ]);
    const after = await fingerprint();
    // Children of the two procedures were rewritten (new ids); the reference tables were not touched.
    for (const table of ['administrative_unit', 'field', 'agency', 'legal_document']) expect(after[table]).toBe(before[table]);
    const [{ n }] = await db.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure WHERE valid_to IS NULL');
    expect(n).toBe(1823);
  });

  it('derives the list helpers from the channels', async () => {
    const rows = await db.sql.rows<{ code: string; is_free: boolean; min_fee_vnd: number | null; min_processing_days: number | null }>(
      `SELECT code, is_free, min_fee_vnd, min_processing_days FROM procedure WHERE code IN ('2.001263', '1.001193')`,
    );
    const adoption = rows.find((r) => r.code === '2.001263')!;
    expect(adoption.is_free).toBe(false);
    expect(adoption.min_fee_vnd).toBeGreaterThan(0);
  });
});
