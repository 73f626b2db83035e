import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many decimals a figure was published with ("87.3" has one): `value` is numeric(14,2), which
 * cannot tell 87.3 from 87.30, and a computed 87.31 agrees with the first but not the second.
 * Rows loaded before keep 2, the comparison they had.
 */
export class PublishedPrecision1733000000000 implements MigrationInterface {
  name = 'PublishedPrecision1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE published_figure ADD COLUMN decimals smallint NOT NULL DEFAULT 2 CHECK (decimals BETWEEN 0 AND 2)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE published_figure DROP COLUMN decimals`);
  }
}
