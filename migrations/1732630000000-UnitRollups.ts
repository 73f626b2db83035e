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

/**
 * The counters per unit and level only, by day and by month: what a statistic without a field or
 * procedure filter reads. With the field and procedure in the key, a province's year touched
 * hundreds of thousands of rows at ten million dossiers; per unit and level it touches a few
 * thousand. Filled from dossier_daily; ingestion keeps them in the same statement as the others.
 */
export class UnitRollups1732630000000 implements MigrationInterface {
  name = 'UnitRollups1732630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dossier_unit_daily (unit_id integer NOT NULL, day date NOT NULL, level varchar(10) NOT NULL, ${counterColumns}, PRIMARY KEY (unit_id, day, level))`);
    await q.query(`CREATE TABLE dossier_unit_monthly (unit_id integer NOT NULL, month date NOT NULL, level varchar(10) NOT NULL, ${counterColumns}, PRIMARY KEY (unit_id, month, level))`);
    await q.query(`INSERT INTO dossier_unit_daily (unit_id, day, level, ${columns}) SELECT unit_id, day, level, ${sums} FROM dossier_daily GROUP BY 1, 2, 3`);
    await q.query(`INSERT INTO dossier_unit_monthly (unit_id, month, level, ${columns}) SELECT unit_id, date_trunc('month', day)::date, level, ${sums} FROM dossier_daily GROUP BY 1, 2, 3`);
    await q.query(`GRANT SELECT ON dossier_unit_daily, dossier_unit_monthly TO procedures_reader`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON dossier_unit_daily, dossier_unit_monthly TO procedures_ingest`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dossier_unit_monthly`);
    await q.query(`DROP TABLE dossier_unit_daily`);
  }
}
