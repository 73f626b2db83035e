import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { ApiKeyService } from '../src/dossiers/api-key.service';

/**
 * `npm run apikey:create -- --unit 427 --name "Đô Lương one-stop desk"` prints a new key once;
 * `npm run apikey:revoke -- --id 3` revokes one. Same database settings as `npm start`.
 */
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function run(): Promise<void> {
  const command = process.argv[2];
  const unit = option('unit');
  const name = option('name');
  const id = Number(option('id'));
  if (command === 'create' && (!unit || !name || name.length > 200))
    throw new Error('usage: npm run apikey:create -- --unit <unit code> --name "<who holds it, up to 200 characters>"');
  if (command === 'revoke' && !Number.isInteger(id)) throw new Error('usage: npm run apikey:revoke -- --id <key id>');
  const database = await openDatabase(loadConfig(), () => undefined, { joinRunning: true });
  try {
    await runMigrations(database.dataSource);
    const keys = new ApiKeyService(database.sql);
    if (command === 'create') {
      const created = await keys.create(unit!, name!);
      process.stdout.write(`API key ${created.id} for unit ${unit} and its sub-units (shown once; only its hash is stored):\n${created.key}\n`);
    } else {
      process.stdout.write((await keys.revoke(id)) ? `API key ${id} revoked\n` : `no active API key has id ${id}\n`);
    }
  } finally {
    await database.close();
  }
}

run().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
