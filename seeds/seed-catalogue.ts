import crypto from 'node:crypto';
import { CatalogueWriter } from '../src/catalogue/write/catalogue-writer';
import type { Sql } from '../src/db/sql';
import { buildCatalogueSeed } from './build-catalogue';

export interface SeedResult {
  /** false when the stored checksum showed the same data set was already applied. */
  applied: boolean;
  /** Procedures inserted or rewritten because their content changed. */
  proceduresWritten: number;
  /** Representative procedures removed because the data set no longer has them. */
  proceduresRemoved: number;
}

/**
 * Builds the deterministic seed catalogue and hands it to the catalogue writer, which writes it in
 * one transaction (or not at all), rewriting only what differs. `sql` is the catalogue role's pool
 * (RoleSql.catalogue). The seed stands for every representative procedure: one the data set no
 * longer has is removed, scaled copies among them (they are representative too).
 *
 * The checksum of the applied data set (seed_run, row 'catalogue') skips the build's write on a
 * start with the same data; `force` writes anyway. It is recorded after the write commits: a
 * process stopped in between only repeats a write that then changes nothing.
 */
export async function seedCatalogue(sql: Sql, options: { force?: boolean } = {}): Promise<SeedResult> {
  const seed = buildCatalogueSeed();
  const checksum = crypto.createHash('sha256').update(JSON.stringify(seed)).digest('hex');
  if (!options.force) {
    const stored = await sql.one<{ checksum: string }>(`SELECT checksum FROM seed_run WHERE name = 'catalogue'`);
    if (stored?.checksum === checksum) return { applied: false, proceduresWritten: 0, proceduresRemoved: 0 };
  }
  const { proceduresWritten, proceduresRemoved } = await new CatalogueWriter(sql).write({ ...seed, replacing: { representative: true } });
  await sql.rows(
    `INSERT INTO seed_run (name, checksum) VALUES ('catalogue', $1)
     ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`,
    [checksum],
  );
  return { applied: true, proceduresWritten, proceduresRemoved };
}
