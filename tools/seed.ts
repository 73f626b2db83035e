import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { seedCatalogue } from '../seeds/seed-catalogue';
import { seedStatistics } from '../seeds/seed-statistics';

/**
 * `npm run seed [-- --force]`: migrates, then loads the seed catalogue through the catalogue writer
 * (as its role) and the seed dossiers (idempotent).
 */
async function run() {
  const database = await openDatabase(loadConfig(), (line) => process.stdout.write(`${line}\n`), { joinRunning: true });
  try {
    await runMigrations(database.dataSource);
    const result = await seedCatalogue(database.openRoles().catalogue, { force: process.argv.includes('--force') });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stdout.write(`${JSON.stringify(await seedStatistics(database.sql))}\n`);
    // Planner statistics for what was just loaded, rather than plans from none until autovacuum comes by.
    await database.dataSource.query('ANALYZE');
  } finally {
    await database.close();
  }
}

run().catch((error) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
