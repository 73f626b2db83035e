import { ROLES } from '../../src/db/role-pools';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const code = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code?: string }) => error.code);

describe('the roles requests run as', () => {
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

  it('stop a public statement that runs past its time limit', async () => {
    expect(await db.roles.read.rows('SHOW statement_timeout')).toEqual([{ statement_timeout: `${ROLES.read.statementTimeoutMs / 1000}s` }]);
    expect(await db.roles.ingest.rows('SHOW statement_timeout')).toEqual([{ statement_timeout: `${ROLES.ingest.statementTimeoutMs / 60_000}min` }]);
    const started = Date.now();
    expect(await code(db.roles.read.rows('SELECT pg_sleep(30)'))).toBe('57014'); // query_canceled
    expect(Date.now() - started).toBeLessThan(ROLES.read.statementTimeoutMs + 2_000);
  });
});
