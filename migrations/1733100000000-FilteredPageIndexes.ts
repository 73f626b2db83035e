import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A page of the procedures at one level, in one field, of one agency, at one online level or
 * one-stop or not, in name order (the portal's lists), read straight from an index in that order:
 * 21 index entries, whatever the value, rather than the name index walked past every procedure
 * that does not match (hundreds for a small level) or the matches found and sorted. The field and
 * agency indexes replace their single-column ones (foreign-key lookups use the same prefix).
 */
export class FilteredPageIndexes1733100000000 implements MigrationInterface {
  name = 'FilteredPageIndexes1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX procedure_level_name_idx ON procedure (level, name, id);
      CREATE INDEX procedure_field_name_idx ON procedure (field_id, name, id);
      CREATE INDEX procedure_agency_name_idx ON procedure (implementing_agency_id, name, id);
      CREATE INDEX procedure_online_name_idx ON procedure (online_service_level, name, id);
      CREATE INDEX procedure_one_stop_name_idx ON procedure (is_one_stop, name, id);
      DROP INDEX procedure_field_idx;
      DROP INDEX procedure_agency_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX procedure_field_idx ON procedure (field_id);
      CREATE INDEX procedure_agency_idx ON procedure (implementing_agency_id);
      DROP INDEX procedure_level_name_idx, procedure_field_name_idx, procedure_agency_name_idx,
                 procedure_online_name_idx, procedure_one_stop_name_idx;
    `);
  }
}
