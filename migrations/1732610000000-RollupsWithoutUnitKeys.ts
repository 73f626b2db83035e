import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollup tables lose their foreign keys to administrative_unit. Every rollup row is written
 * from dossiers, whose own unit_id is checked on insert, and units are never deleted; the rollups'
 * checks only repeated that, one trigger call per row: about a fifth of the database's work per
 * ingested chunk (each dossier changes two or three daily rows and a monthly one).
 */
export class RollupsWithoutUnitKeys1732610000000 implements MigrationInterface {
  name = 'RollupsWithoutUnitKeys1732610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier_daily DROP CONSTRAINT dossier_daily_unit_id_fkey`);
    await q.query(`ALTER TABLE dossier_monthly DROP CONSTRAINT dossier_monthly_unit_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier_daily ADD CONSTRAINT dossier_daily_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES administrative_unit(id)`);
    await q.query(`ALTER TABLE dossier_monthly ADD CONSTRAINT dossier_monthly_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES administrative_unit(id)`);
  }
}
