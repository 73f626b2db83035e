import type { Sql } from '../src/db/sql';
import { buildCatalogueSeed } from './build-catalogue';
import { loadCatalogue, type SeedResult } from './load-catalogue';

/** Builds the deterministic seed catalogue and writes it in one transaction (or not at all). */
export async function seedCatalogue(sql: Sql, options: { force?: boolean } = {}): Promise<SeedResult> {
  const seed = buildCatalogueSeed();
  return sql.transaction(async (client) => {
    // Two instances starting at once must not both write the catalogue.
    await client.query('SELECT pg_advisory_xact_lock(727002)');
    return loadCatalogue(client, seed, options);
  });
}
