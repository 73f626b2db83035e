import { ROLES } from '../../src/db/role-pools';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

/** What the catalogue writer writes, and what search derives from it in the writer's transaction. */
const WRITTEN = [
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
];
const CATALOGUE_TABLES = [...WRITTEN, 'procedure_search', 'search_document', 'search_term'];
const ROLLUPS = ['dossier_daily', 'dossier_monthly', 'dossier_subtree_daily', 'dossier_subtree_monthly'];

describe('the roles the service runs as', () => {
  it('public queries read the published tables, and can write nothing nor read raw dossiers or keys', async () => {
    const read = db.roles.read;
    expect(await read.rows('SELECT current_user AS role')).toEqual([{ role: 'procedures_reader' }]);
    expect(await code(read.rows('SELECT count(*) FROM procedure'))).toBe('ok');
    expect(await code(read.rows('SELECT count(*) FROM dossier_monthly'))).toBe('ok');
    // 42501: insufficient privilege.
    expect(await code(read.rows(`UPDATE procedure SET name = 'x' WHERE code = '1.001193'`))).toBe('42501');
    expect(await code(read.rows(`DELETE FROM dossier_daily`))).toBe('42501');
    expect(await code(read.rows(`INSERT INTO published_figure (unit_code) VALUES ('20')`))).toBe('42501');
    expect(await code(read.rows('SELECT count(*) FROM dossier'))).toBe('42501');
    expect(await code(read.rows('SELECT key_hash FROM api_key'))).toBe('42501');
    expect(await code(read.rows('CREATE TABLE intruder (id int)'))).toBe('42501');
  });

  it('ingestion writes the dossier tables and nothing else', async () => {
    const ingest = db.roles.ingest;
    expect(await ingest.rows('SELECT current_user AS role')).toEqual([{ role: 'procedures_ingest' }]);
    expect(await code(ingest.transaction((c) => c.query('DELETE FROM dossier_daily WHERE false')))).toBe('ok');
    expect(await code(ingest.rows(`UPDATE procedure SET name = 'x' WHERE code = '1.001193'`))).toBe('42501');
    expect(await code(ingest.rows(`UPDATE api_key SET revoked_at = NULL`))).toBe('42501');
    expect(await code(ingest.rows(`DELETE FROM administrative_unit`))).toBe('42501');
    expect(await code(ingest.rows(`DELETE FROM published_figure`))).toBe('42501');
  });

  it('catalogue writes go to the catalogue tables and the seed’s own checksum, and nowhere else', async () => {
    const catalogue = db.roles.catalogue;
    expect(await catalogue.rows('SELECT current_user AS role')).toEqual([{ role: 'procedures_catalogue' }]);
    for (const table of CATALOGUE_TABLES) {
      expect([table, await code(catalogue.rows(`SELECT count(*) FROM ${table}`))]).toEqual([table, 'ok']);
    }
    const privileges = await catalogue.rows(
      `SELECT t AS table, has_table_privilege(t, 'INSERT') AND has_table_privilege(t, 'UPDATE') AND has_table_privilege(t, 'DELETE') AS writes
         FROM unnest($1::text[]) AS t`,
      [WRITTEN],
    );
    expect(privileges).toEqual(WRITTEN.map((table) => ({ table, writes: true })));
    // The write itself, rolled back: it rewrites a procedure and its children, refreshes the search rows, bumps the version.
    const rolledBack = new Error('rolled back');
    const written = catalogue.transaction(async (client) => {
      await client.query(`UPDATE procedure SET name = name || ' (x)', content_hash = 'changed' WHERE code = '1.001193'`);
      await client.query(`DELETE FROM procedure_step WHERE procedure_id = (SELECT id FROM procedure WHERE code = '1.001193')`);
      await client.query(`SELECT refresh_procedure_derived(array_agg(id)) FROM procedure WHERE code = '1.001193'`);
      await client.query(`INSERT INTO field (code, name) VALUES ('thu-nghiem', 'Thử nghiệm')`);
      await client.query(`SELECT analyze_catalogue_search()`);
      throw rolledBack;
    });
    await expect(written).rejects.toBe(rolledBack);

    expect(await code(catalogue.rows('SELECT count(*) FROM dossier'))).toBe('42501');
    expect(await code(catalogue.rows(`DELETE FROM dossier WHERE false`))).toBe('42501');
    expect(await code(catalogue.rows('SELECT key_hash FROM api_key'))).toBe('42501');
    expect(await code(catalogue.rows(`UPDATE api_key SET revoked_at = NULL`))).toBe('42501');
    for (const table of ROLLUPS) {
      expect([table, await code(catalogue.rows(`SELECT count(*) FROM ${table}`))]).toEqual([table, '42501']);
      expect([table, await code(catalogue.rows(`DELETE FROM ${table} WHERE false`))]).toEqual([table, '42501']);
    }
    expect(await code(catalogue.rows(`DELETE FROM published_figure WHERE false`))).toBe('42501');
    expect(await code(catalogue.rows('CREATE TABLE intruder (id int)'))).toBe('42501');
    // seed_run: the catalogue's row only (a row policy); the statistics seed's is not even visible.
    expect(await catalogue.rows('SELECT name FROM seed_run')).toEqual([{ name: 'catalogue' }]);
    expect(await code(catalogue.rows(`INSERT INTO seed_run (name, checksum) VALUES ('statistics', repeat('0', 64))`))).toBe('42501');
  });

  it('neither public queries nor ingestion can write a catalogue table', async () => {
    for (const [name, sql] of [
      ['read', db.roles.read],
      ['ingest', db.roles.ingest],
    ] as const) {
      for (const table of [...CATALOGUE_TABLES, 'catalogue_version']) {
        expect([name, table, await code(sql.rows(`DELETE FROM ${table} WHERE false`))]).toEqual([name, table, '42501']);
      }
      expect([name, await code(sql.rows(`INSERT INTO field (code, name) VALUES ('x', 'x')`))]).toEqual([name, '42501']);
      expect([name, await code(sql.rows(`SELECT analyze_catalogue_search()`))]).toEqual([name, '42501']);
    }
  });

  it('stop a public statement that runs past its time limit', async () => {
    expect(await db.roles.read.rows('SHOW statement_timeout')).toEqual([{ statement_timeout: `${ROLES.read.statementTimeoutMs / 1000}s` }]);
    expect(await db.roles.ingest.rows('SHOW statement_timeout')).toEqual([{ statement_timeout: `${ROLES.ingest.statementTimeoutMs / 60_000}min` }]);
    expect(await db.roles.catalogue.rows('SHOW statement_timeout')).toEqual([{ statement_timeout: `${ROLES.catalogue.statementTimeoutMs / 60_000}min` }]);
    const started = Date.now();
    expect(await code(db.roles.read.rows('SELECT pg_sleep(30)'))).toBe('57014'); // query_canceled
    expect(Date.now() - started).toBeLessThan(ROLES.read.statementTimeoutMs + 2_000);
  });
});
