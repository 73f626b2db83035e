import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalogue keys and the audit trail.
 *
 * - `api_key.scope`: DOSSIERS (the keys there were: a unit and its sub-units, for dossiers only),
 *   CATALOGUE_AGENCY (the procedures one agency implements) or CATALOGUE_PROVINCE (the whole
 *   catalogue). A key has exactly the reference its scope needs.
 * - `procedure_change` rows are also the audit entries: who made each change (`origin`: SEED for
 *   the seed and the migrations, EDIT for a catalogue mutation, IMPORT for a national package
 *   import), the key's name and the key's agency, copied at write time so that the public trail
 *   never needs to read the key table (which holds the keys' hashes; `author_key_id` has no foreign
 *   key for that reason: the catalogue's tables know nothing of the dossier side's). The changed values are
 *   not copied: the versions they come from are immutable, so the trail shows them from there.
 * - The ingest role reads agencies, to tell a catalogue key's agency.
 */
export class CatalogueEdits1732800000000 implements MigrationInterface {
  name = 'CatalogueEdits1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_key
        ADD COLUMN scope varchar(20) NOT NULL DEFAULT 'DOSSIERS',
        ADD COLUMN agency_id integer REFERENCES agency (id),
        ALTER COLUMN unit_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE api_key ADD CONSTRAINT api_key_scope_check CHECK (
        (scope = 'DOSSIERS' AND unit_id IS NOT NULL AND agency_id IS NULL) OR
        (scope = 'CATALOGUE_AGENCY' AND unit_id IS NULL AND agency_id IS NOT NULL) OR
        (scope = 'CATALOGUE_PROVINCE' AND unit_id IS NULL AND agency_id IS NULL))`);
    await q.query(`
      ALTER TABLE procedure_change
        ADD COLUMN origin varchar(10) NOT NULL DEFAULT 'SEED' CONSTRAINT procedure_change_origin_check CHECK (origin IN ('SEED', 'EDIT', 'IMPORT')),
        ADD COLUMN author varchar(200),
        ADD COLUMN author_key_id integer,
        ADD COLUMN author_agency_id integer REFERENCES agency (id)`);
    await q.query(`CREATE INDEX procedure_change_recorded_at_idx ON procedure_change (recorded_at)`);
    await q.query(`GRANT SELECT ON agency TO procedures_ingest`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE SELECT ON agency FROM procedures_ingest`);
    await q.query(`DROP INDEX procedure_change_recorded_at_idx`);
    await q.query(`ALTER TABLE procedure_change DROP COLUMN origin, DROP COLUMN author, DROP COLUMN author_key_id, DROP COLUMN author_agency_id`);
    await q.query(`DELETE FROM api_key WHERE scope <> 'DOSSIERS'`);
    await q.query(`ALTER TABLE api_key DROP CONSTRAINT api_key_scope_check, DROP COLUMN scope, DROP COLUMN agency_id, ALTER COLUMN unit_id SET NOT NULL`);
  }
}
