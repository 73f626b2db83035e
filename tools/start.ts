import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { serve, startFailed } from '../src/main';
import { seedCatalogue } from '../seeds/seed-catalogue';
import { seedStatistics } from '../seeds/seed-statistics';

/**
 * `npm start`: the server as deployed (src/main.ts), with the seed catalogue (through the
 * catalogue writer, as its role) and the seed dossiers loaded first when they are missing or
 * changed (SEED_ON_START, default true). The seed's generators
 * are not part of the production build; a deployment loads its catalogue with `npm run seed`
 * or an import.
 */
const config = loadConfig();
serve(config, async (database, log) => {
  if (!config.seedOnStart) return;
  const seeded = await seedCatalogue(database.openRoles().catalogue);
  log.info({ ...seeded }, seeded.applied ? 'seed catalogue loaded' : 'seed catalogue already up to date');
  const statistics = await seedStatistics(database.sql);
  log.info({ ...statistics }, statistics.applied ? 'seed dossiers and published figures loaded' : 'seed dossiers already up to date');
  // Planner statistics for what was just loaded, rather than plans from none until autovacuum comes by.
  if (seeded.applied || statistics.applied) await database.dataSource.query('ANALYZE');
}).catch(startFailed);
