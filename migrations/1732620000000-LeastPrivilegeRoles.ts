import type { MigrationInterface, QueryRunner } from 'typeorm';

const PUBLISHED = [
  'administrative_unit', 'field', 'agency', 'legal_document', 'procedure', 'procedure_channel', 'channel_fee',
  'required_document', 'procedure_step', 'procedure_legal_basis', 'search_term', 'search_document', 'procedure_search',
  'catalogue_version', 'dossier_daily', 'dossier_monthly', 'published_figure',
];
const INGEST_READS = ['administrative_unit', 'procedure', 'field', 'api_key'];
const INGEST_WRITES = ['dossier', 'dossier_daily', 'dossier_monthly'];

/**
 * Two roles the service runs its requests as, so that a mistake in one path cannot do what the
 * other may: `procedures_reader` (every public query) reads the published tables and nothing else,
 * not the raw dossiers nor the API keys; `procedures_ingest` (agencies' writes) reads what it checks
 * dossiers against and writes the dossier tables only. Migrations and seeds run as the owner.
 * Roles belong to the cluster, so they are created only when missing; the grants are this database's.
 * A table added later must be granted in its own migration.
 */
export class LeastPrivilegeRoles1732620000000 implements MigrationInterface {
  name = 'LeastPrivilegeRoles1732620000000';

  async up(q: QueryRunner): Promise<void> {
    for (const role of ['procedures_reader', 'procedures_ingest']) {
      // The service connects as the owner and switches to the role (SET ROLE), so the owner must be a member.
      await q.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
        IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN GRANT ${role} TO CURRENT_USER; END IF;
      END $$`);
      await q.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    }
    await q.query(`GRANT SELECT ON ${PUBLISHED.join(', ')} TO procedures_reader`);
    await q.query(`GRANT SELECT ON ${INGEST_READS.join(', ')} TO procedures_ingest`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${INGEST_WRITES.join(', ')} TO procedures_ingest`);
    await q.query(`GRANT USAGE ON SEQUENCE dossier_id_seq TO procedures_ingest`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Other databases of the cluster may still use the roles: only this database's grants go.
    await q.query(`REVOKE ALL ON ${[...new Set([...PUBLISHED, ...INGEST_READS, ...INGEST_WRITES])].join(', ')} FROM procedures_reader, procedures_ingest`);
    await q.query(`REVOKE ALL ON SEQUENCE dossier_id_seq FROM procedures_ingest`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM procedures_reader, procedures_ingest`);
  }
}
