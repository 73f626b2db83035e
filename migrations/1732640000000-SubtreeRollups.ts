import type { MigrationInterface, QueryRunner } from 'typeorm';

// The counters as in DossierStatistics1732600000000; a migration never imports code that may change.
const COUNTERS = [
  'received_online', 'received_in_person', 'received_postal', 'resolved_early', 'resolved_on_time', 'resolved_overdue',
  'withdrawn', 'refused', 'digitised_on_receipt', 'population_data_used', 'fee_bearing', 'paid_online',
  'full_online_offered', 'full_online_received', 'electronic_result', 'apology_issued', 'rated', 'satisfied',
  'pending_delta', 'pending_overdue_delta', 'paused_delta', 'representative_received',
];
const columns = COUNTERS.join(', ');
const sums = COUNTERS.map((c) => `sum(${c})::int`).join(', ');
const counterColumns = COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(', ');
/** Every unit with itself and each unit above it. */
const LINEAGE = `WITH RECURSIVE lineage AS (
  SELECT id AS unit_id, id AS ancestor_id, parent_id FROM administrative_unit
  UNION ALL SELECT l.unit_id, a.id, a.parent_id FROM lineage l JOIN administrative_unit a ON a.id = l.parent_id)`;

/**
 * The per-unit rollups become per-subtree rollups: a unit's row counts the dossiers of the unit
 * and of every unit below it. A province's statistics then read the province's own rows (a few
 * hundred for a year with what it carries over) instead of the rows of its 200 units; a unit
 * without its sub-units is its row minus its children's.
 */
export class SubtreeRollups1732640000000 implements MigrationInterface {
  name = 'SubtreeRollups1732640000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, date, source] of [['dossier_subtree_daily', 'day', 'dossier_unit_daily'], ['dossier_subtree_monthly', 'month', 'dossier_unit_monthly']]) {
      await q.query(`CREATE TABLE ${table} (unit_id integer NOT NULL, ${date} date NOT NULL, level varchar(10) NOT NULL, ${counterColumns}, PRIMARY KEY (unit_id, ${date}, level))`);
      await q.query(`INSERT INTO ${table} (unit_id, ${date}, level, ${columns})
        ${LINEAGE} SELECT l.ancestor_id, r.${date}, r.level, ${sums} FROM ${source} r JOIN lineage l USING (unit_id) GROUP BY 1, 2, 3`);
      await q.query(`GRANT SELECT ON ${table} TO procedures_reader`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO procedures_ingest`);
      await q.query(`DROP TABLE ${source}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, date, source] of [['dossier_subtree_daily', 'day', 'dossier_unit_daily'], ['dossier_subtree_monthly', 'month', 'dossier_unit_monthly']]) {
      await q.query(`CREATE TABLE ${source} (unit_id integer NOT NULL, ${date} date NOT NULL, level varchar(10) NOT NULL, ${counterColumns}, PRIMARY KEY (unit_id, ${date}, level))`);
      // A unit's own counts: its subtree's less its children's subtrees.
      await q.query(`INSERT INTO ${source} (unit_id, ${date}, level, ${columns})
        SELECT unit_id, ${date}, level, ${sums} FROM (
          SELECT unit_id, ${date}, level, ${columns} FROM ${table}
          UNION ALL SELECT a.parent_id, t.${date}, t.level, ${COUNTERS.map((c) => `-t.${c}`).join(', ')} FROM ${table} t JOIN administrative_unit a ON a.id = t.unit_id WHERE a.parent_id IS NOT NULL
        ) own GROUP BY 1, 2, 3`);
      await q.query(`GRANT SELECT ON ${source} TO procedures_reader`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${source} TO procedures_ingest`);
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
