import type { Sql } from '../src/db/sql';
import { seedCatalogue } from './seed-catalogue';
import { seedStatistics } from './seed-statistics';

/**
 * The whole seed, as `npm start`, `npm run seed` and the tests' template load it: the catalogue
 * through the catalogue writer (`catalogueWriter`, its role), then the dossiers and published
 * figures as the owner; each only when missing or changed (or with `force`, the catalogue
 * again). When anything was loaded, planner statistics for it: otherwise plans are made from none
 * until autovacuum comes by, at a moment nobody can predict.
 */
export async function loadSeed(catalogueWriter: Sql, owner: Sql, options: { force?: boolean } = {}) {
  const catalogue = await seedCatalogue(catalogueWriter, options);
  const statistics = await seedStatistics(owner);
  if (catalogue.applied || statistics.applied) await owner.rows('ANALYZE');
  return { catalogue, statistics };
}
