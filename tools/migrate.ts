import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL or the embedded cluster. */
async function run() {
  const database = await openDatabase(loadConfig(), (line) => process.stdout.write(`${line}\n`), { joinRunning: true });
  try {
    const applied = await runMigrations(database.dataSource);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  } finally {
    await database.close();
  }
}

run().catch((error) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
