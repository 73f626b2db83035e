import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two tables catalogue answers read that did not bump catalogue_version: legal_document (a
 * procedure's legal basis) and search_term (the words a misspelt search is corrected to). Whole
 * answers are now cached until that version changes, so every table they read must bump it.
 */
const TABLES = ['legal_document', 'search_term'];

export class CatalogueVersionCoverage1732500000000 implements MigrationInterface {
  name = 'CatalogueVersionCoverage1732500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`CREATE TRIGGER ${table}_changes_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER ${table}_changes_catalogue ON ${table}`);
  }
}
