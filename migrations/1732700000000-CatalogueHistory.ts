import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHANGE_KINDS = ['CREATED', 'AMENDED', 'ABOLISHED', 'REMOVED', 'RESTORED'];

/** How many procedures use each document name: `from` is what is counted. */
const documentUses = (from: string) => `
  CREATE OR REPLACE FUNCTION refresh_search_document_uses() RETURNS void
  LANGUAGE sql AS $$
    UPDATE search_document d SET uses = c.n
      FROM (SELECT d.id, coalesce(u.n, 0) AS n
              FROM search_document d
              LEFT JOIN (SELECT unnest(document_ids) AS id, count(*)::int AS n FROM ${from} GROUP BY 1) u
                ON u.id = d.id) c
     WHERE d.id = c.id AND d.uses <> c.n;
  $$`;

/**
 * The catalogue's history (valid time and recorded time).
 *
 * - A procedure row is now one version of a procedure: `version` counts from 1 per code, and the
 *   row is in force from `valid_from` up to (not including) `valid_to`, null while no later version
 *   or removal has been recorded. A version's content never changes once written; the writer only
 *   closes its `valid_to` when a later change is recorded. Of a code, at most one row is open, and a
 *   row's dates never overlap another's of the same code (the writer records changes of a procedure
 *   in valid-time order).
 * - `procedure_change` is the change feed and the history: one row per change in the order the
 *   writer recorded them (`position`), with its kind, the version it made, the day it takes effect,
 *   when it was recorded, the legal act that made it and the names of the fields it changed. A
 *   REMOVED change has no procedure row (a tombstone); nothing is ever deleted from the feed.
 * - `legal_act`: the acts (the province's announcement decisions) that make changes; generated
 *   ones are marked `is_representative`.
 * - `representative_fields`: the fields of a version that were generated rather than taken from a
 *   source (seed data), so that no client presents a generated value as fact.
 * - `field_hashes`: a hash per field of the record, so the writer names the fields a change
 *   touches without reading the previous version back.
 *
 * - `procedure_search` carries its version's `valid_from` / `valid_to` (kept by triggers), so a
 *   search keeps the versions in force on a day without joining `procedure`.
 * - A document name's uses count each procedure once, by its latest version (a row with no end
 *   recorded), not once per version.
 *
 * The rows already stored become version 1, in force from their `effective_from`, each with a
 * CREATED change (no legal act: none was recorded).
 */
export class CatalogueHistory1732700000000 implements MigrationInterface {
  name = 'CatalogueHistory1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_act (
        id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        number            varchar(100) NOT NULL CONSTRAINT legal_act_number_key UNIQUE,
        title             text NOT NULL,
        issuer            text NOT NULL,
        issued_on         date,
        is_representative boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      ALTER TABLE procedure
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN valid_from date,
        ADD COLUMN valid_to date,
        ADD COLUMN field_hashes jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN representative_fields text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE procedure SET valid_from = effective_from`);
    await q.query(`ALTER TABLE procedure ALTER COLUMN valid_from SET NOT NULL, ALTER COLUMN version DROP DEFAULT`);
    await q.query(`ALTER TABLE procedure ADD CONSTRAINT procedure_valid_dates_check CHECK (valid_to IS NULL OR valid_to >= valid_from)`);
    await q.query(`ALTER TABLE procedure DROP CONSTRAINT procedure_code_key`);
    await q.query(`ALTER TABLE procedure ADD CONSTRAINT procedure_code_version_key UNIQUE (code, version)`);
    await q.query(`CREATE UNIQUE INDEX procedure_open_code_key ON procedure (code) WHERE valid_to IS NULL`);
    await q.query(`
      CREATE TABLE procedure_change (
        position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        procedure_code varchar(32) NOT NULL,
        version        integer NOT NULL,
        kind           varchar(16) NOT NULL CONSTRAINT procedure_change_kind_check CHECK (kind IN (${CHANGE_KINDS.map((k) => `'${k}'`).join(', ')})),
        valid_from     date NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        procedure_id   integer REFERENCES procedure (id),
        legal_act_id   integer REFERENCES legal_act (id),
        changed_fields text[] NOT NULL,
        CONSTRAINT procedure_change_code_version_key UNIQUE (procedure_code, version),
        CONSTRAINT procedure_change_removal_check CHECK ((kind = 'REMOVED') = (procedure_id IS NULL))
      )`);
    await q.query(`CREATE INDEX procedure_change_procedure_idx ON procedure_change (procedure_id)`);
    await q.query(`
      INSERT INTO procedure_change (procedure_code, version, kind, valid_from, procedure_id, changed_fields)
      SELECT code, 1, 'CREATED', valid_from, id, '{}' FROM procedure ORDER BY id`);

    await q.query(documentUses('procedure_search s JOIN procedure p ON p.id = s.procedure_id AND p.valid_to IS NULL'));

    // Search reads the projection alone where it can: it carries its version's dates, kept by triggers.
    await q.query(`ALTER TABLE procedure_search ADD COLUMN valid_from date, ADD COLUMN valid_to date`);
    await q.query(`UPDATE procedure_search s SET valid_from = p.valid_from, valid_to = p.valid_to FROM procedure p WHERE p.id = s.procedure_id`);
    await q.query(`
      CREATE FUNCTION procedure_search_dates() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT p.valid_from, p.valid_to INTO NEW.valid_from, NEW.valid_to FROM procedure p WHERE p.id = NEW.procedure_id;
        RETURN NEW;
      END $$;
      CREATE TRIGGER procedure_search_dates BEFORE INSERT OR UPDATE ON procedure_search
        FOR EACH ROW EXECUTE FUNCTION procedure_search_dates();

      CREATE FUNCTION procedure_dates_to_search() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE procedure_search s SET valid_from = n.valid_from, valid_to = n.valid_to
          FROM changed_rows n WHERE s.procedure_id = n.id AND (s.valid_from, s.valid_to) IS DISTINCT FROM (n.valid_from, n.valid_to);
        RETURN NULL;
      END $$;
      CREATE TRIGGER procedure_dates_to_search AFTER UPDATE ON procedure
        REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_dates_to_search();
    `);
    await q.query(`GRANT SELECT ON legal_act, procedure_change TO procedures_reader`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON legal_act TO procedures_catalogue`);
    // DELETE only for purgeRepresentative (the scale generator's measurement copies); the writer never deletes a change.
    await q.query(`GRANT SELECT, INSERT, DELETE ON procedure_change TO procedures_catalogue`);
    for (const table of ['legal_act', 'procedure_change']) {
      for (const [event, rows] of [
        ['INSERT', 'NEW'],
        ['UPDATE', 'NEW'],
        ['DELETE', 'OLD'],
      ]) {
        await q.query(`CREATE TRIGGER ${table}_${event.toLowerCase()}_changes_catalogue AFTER ${event} ON ${table}
                       REFERENCING ${rows} TABLE AS changed_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version_if_changed()`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(documentUses('procedure_search'));
    await q.query(`DROP TRIGGER procedure_dates_to_search ON procedure; DROP FUNCTION procedure_dates_to_search()`);
    await q.query(`DROP TRIGGER procedure_search_dates ON procedure_search; DROP FUNCTION procedure_search_dates()`);
    await q.query(`ALTER TABLE procedure_search DROP COLUMN valid_from, DROP COLUMN valid_to`);
    await q.query(`DROP TABLE procedure_change`);
    await q.query(`DELETE FROM procedure p WHERE EXISTS (SELECT FROM procedure n WHERE n.code = p.code AND n.version > p.version)`);
    await q.query(`DROP INDEX procedure_open_code_key`);
    await q.query(`ALTER TABLE procedure DROP CONSTRAINT procedure_code_version_key, DROP CONSTRAINT procedure_valid_dates_check`);
    await q.query(`ALTER TABLE procedure ADD CONSTRAINT procedure_code_key UNIQUE (code)`);
    await q.query(`ALTER TABLE procedure DROP COLUMN version, DROP COLUMN valid_from, DROP COLUMN valid_to, DROP COLUMN field_hashes, DROP COLUMN representative_fields`);
    await q.query(`DROP TABLE legal_act`);
  }
}
