import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every table statistics are read from: the rollups (the API's figures and the monthly download)
 * and the published figures they are compared with (the published-figures download). Whatever
 * changes one of them changes a statistics answer.
 */
const VERSIONED = ['dossier_daily', 'dossier_monthly', 'dossier_subtree_daily', 'dossier_subtree_monthly', 'published_figure'];
const EVENTS = [
  { event: 'INSERT', rows: 'NEW' },
  { event: 'UPDATE', rows: 'NEW' },
  { event: 'DELETE', rows: 'OLD' },
];

/**
 * The statistics' version, for the ETag and Last-Modified of statistics downloads. Each
 * transaction that changed at least one row of a table statistics are read from adds one row to
 * `statistics_change` (statement triggers look at the rows the statement changed, through
 * transition tables, so a statement that changes nothing adds none; the row's transaction id is
 * unique, so a transaction adds one row however many statements it runs). The version is the
 * number of those rows a reader sees, and Last-Modified the latest of their times: both in the
 * reader's snapshot, so they change exactly when committed data does.
 *
 * Rows are only inserted, never updated: concurrent ingestions do not wait for each other here (a
 * single counter row, as the catalogue has, would serialise every ingestion transaction on it,
 * which the catalogue's one writer can afford and dossier ingestion cannot). One small row per
 * ingesting transaction accumulates; counting them stays cheap for millions.
 */
export class StatisticsVersion1732900000000 implements MigrationInterface {
  name = 'StatisticsVersion1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statistics_change (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        xact       xid8 NOT NULL DEFAULT pg_current_xact_id() CONSTRAINT statistics_change_xact_key UNIQUE,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE VIEW statistics_version AS SELECT count(*) AS version, max(changed_at) AS changed_at FROM statistics_change;

      CREATE FUNCTION count_statistics_change() RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO statistics_change DEFAULT VALUES ON CONFLICT (xact) DO NOTHING
      $$;

      CREATE FUNCTION bump_statistics_version() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM count_statistics_change();
        RETURN NULL;
      END $$;

      CREATE FUNCTION bump_statistics_version_if_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT FROM changed_rows) THEN PERFORM count_statistics_change(); END IF;
        RETURN NULL;
      END $$;
    `);
    for (const table of VERSIONED) {
      // A trigger with transition tables serves one event only.
      for (const { event, rows } of EVENTS) {
        await q.query(`CREATE TRIGGER ${table}_${event.toLowerCase()}_changes_statistics AFTER ${event} ON ${table}
                       REFERENCING ${rows} TABLE AS changed_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION bump_statistics_version_if_changed()`);
      }
      await q.query(`CREATE TRIGGER ${table}_truncate_changes_statistics AFTER TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_statistics_version()`);
    }
    await q.query(`GRANT SELECT ON statistics_version TO procedures_reader`);
    await q.query(`GRANT SELECT, INSERT ON statistics_change TO procedures_ingest`);
    await q.query(`GRANT USAGE ON SEQUENCE statistics_change_id_seq TO procedures_ingest`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of VERSIONED) {
      for (const event of [...EVENTS.map((e) => e.event), 'TRUNCATE']) {
        await q.query(`DROP TRIGGER ${table}_${event.toLowerCase()}_changes_statistics ON ${table}`);
      }
    }
    await q.query(`
      DROP FUNCTION bump_statistics_version_if_changed();
      DROP FUNCTION bump_statistics_version();
      DROP FUNCTION count_statistics_change();
      DROP VIEW statistics_version;
      DROP TABLE statistics_change;
    `);
  }
}
