import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { loadSeed } from '../seeds/load-seed';

/**
 * `npm run seed [-- --force]`: migrates, then loads the seed catalogue through the catalogue writer
 * (as its role) and the seed dossiers (idempotent).
 */
async function run() {
  const database = await openDatabase(loadConfig(), (line) => process.stdout.write(`${line}\n`), { joinRunning: true });
  try {
    await runMigrations(database.dataSource);
    const { catalogue, statistics } = await loadSeed(database.openRoles().catalogue, database.sql, { force: process.argv.includes('--force') });
    process.stdout.write(`${JSON.stringify(catalogue)}\n${JSON.stringify(statistics)}\n`);
  } finally {
    await database.close();
  }
}

run().catch((error) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
