import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { ApiKeyService, type CatalogueKeyScope } from '../src/dossiers/api-key.service';

/**
 * `npm run apikey:create -- --unit 427 --name "Đô Lương one-stop desk"` prints a new dossier key once;
 * `npm run apikey:create -- --catalogue --agency 20.STP --name "Sở Tư pháp"` a key for one agency's
 * procedures, `npm run apikey:create -- --catalogue --province --name "Văn phòng UBND tỉnh"` one for
 * the whole catalogue; `npm run apikey:revoke -- --id 3` revokes one. Same database settings as `npm start`.
 */
const USAGE = [
  'usage: npm run apikey:create -- --unit <unit code> --name "<who holds it>"            (dossiers of a unit and its sub-units)',
  '       npm run apikey:create -- --catalogue --agency <agency code> --name "<who holds it>"  (the procedures of one agency)',
  '       npm run apikey:create -- --catalogue --province --name "<who holds it>"             (the whole catalogue)',
  '       names: up to 200 characters; they appear in the public audit trail of catalogue changes',
].join('\n');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

/** What to create, from the arguments; throws the usage when they do not say one thing. */
function scopeOf(): { unit: string } | CatalogueKeyScope {
  const unit = option('unit');
  const agency = option('agency');
  if (flag('catalogue')) {
    if (unit || (agency ? flag('province') : !flag('province'))) throw new Error(USAGE);
    return agency ? { agencyCode: agency } : { province: true };
  }
  if (!unit || agency || flag('province')) throw new Error(USAGE);
  return { unit };
}

async function run(): Promise<void> {
  const command = process.argv[2];
  const name = option('name');
  const id = Number(option('id'));
  const scope = command === 'create' ? scopeOf() : null;
  if (command === 'create' && (!name || name.length > 200)) throw new Error(USAGE);
  if (command === 'revoke' && !Number.isInteger(id)) throw new Error('usage: npm run apikey:revoke -- --id <key id>');
  const database = await openDatabase(loadConfig(), () => undefined, { joinRunning: true });
  try {
    await runMigrations(database.dataSource);
    const keys = new ApiKeyService(database.sql);
    if (scope && 'unit' in scope) {
      const created = await keys.create(scope.unit, name!);
      process.stdout.write(
        `API key ${created.id} for the dossiers of unit ${scope.unit} and its sub-units (shown once; only its hash is stored):\n${created.key}\n`,
      );
    } else if (scope) {
      const created = await keys.createCatalogueKey(scope, name!);
      const covers = 'agencyCode' in scope ? `the procedures of agency ${scope.agencyCode}` : 'the whole catalogue';
      process.stdout.write(`Catalogue key ${created.id} for ${covers} (shown once; only its hash is stored):\n${created.key}\n`);
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
