import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `catalogue_version_is(v)`: true while the catalogue is at version v, else an error with its own
 * SQLSTATE (CATALOGUE_CHANGED in src/catalogue/search/search-vocabulary.ts). A search whose
 * vocabulary was read by an earlier request puts it in the conditions of its statements, so that
 * a statement never runs on a vocabulary of another version than the data it reads; PostgreSQL
 * evaluates a condition without columns once per statement (a one-time filter).
 */
export class CatalogueVersionCheck1733300000000 implements MigrationInterface {
  name = 'CatalogueVersionCheck1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION catalogue_version_is(expected bigint) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      BEGIN
        IF (SELECT version FROM catalogue_version) IS DISTINCT FROM expected THEN
          RAISE EXCEPTION 'the catalogue is no longer at version %', expected USING ERRCODE = 'VC001';
        END IF;
        RETURN true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION catalogue_version_is(bigint)`);
  }
}
