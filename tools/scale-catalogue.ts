import 'reflect-metadata';
import type { ClientBase } from 'pg';
import type { ProcedureRecord } from '../src/catalogue/write/catalogue-record';
import { writeCatalogue } from '../src/catalogue/write/catalogue-writer';
import { purgeRepresentative } from '../src/catalogue/write/procedure-records.sql';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { buildCatalogueSeed } from '../seeds/build-catalogue';
import { seedCatalogue } from '../seeds/seed-catalogue';

/**
 * Scale test data: multiplies the seed catalogue so search and lists can be measured at the
 * size of a national catalogue (1,823 × 50 = 91,150 procedures by default), as if the same
 * catalogue were published by other provinces.
 *
 *   npm run seed:scale                   # migrate, seed, then scale to ×50
 *   npm run seed:scale -- --factor 10    # ×10 (2 to 200)
 *   npm run seed:scale -- --remove       # delete the copies again
 *
 * Copy k (1 … factor-1) of a seed procedure gets the code `X<kk>.<original code>` (e.g.
 * `X07.1.001193`), `isRepresentative = true`, and everything else of the original: name, field,
 * agency, channels, fees, documents, steps and legal basis. The copies are records like any other,
 * written by the catalogue writer, which derives their search rows and gives each its own content
 * hash. The writer takes them as a stream and stands for every `X` code, so running it again with
 * the same factor changes nothing, and another factor adds or removes copies: the result is always
 * factor × the seed.
 *
 * THE COPIES STAY: they are not part of the seed data set, and the seed loader skips its work
 * while the stored `seed_run` checksum matches, so a later `npm start` or `npm run seed` leaves
 * them in place (only a changed seed or `npm run seed -- --force` drops them, because they are
 * marked representative). Undo with `removeScaledCatalogue()` / `npm run seed:scale -- --remove`,
 * or delete the data directory. Never run this against a database that serves real users.
 */

export const DEFAULT_FACTOR = 50;
export const MIN_FACTOR = 2;
export const MAX_FACTOR = 200;

/** Codes of copies start with this letter; real codes start with a digit, representative ones with `R.`. */
const COPY_PREFIX = 'X';
const CODE_MAX_LENGTH = 32;

const copyCode = (copy: number, code: string) => `${COPY_PREFIX}${String(copy).padStart(2, '0')}.${code}`;

/** Copy by copy, each in the seed's order, so the copies' ids follow the originals'. */
function* copiesOf(procedures: readonly ProcedureRecord[], factor: number): Generator<ProcedureRecord> {
  for (let copy = 1; copy < factor; copy++) {
    for (const procedure of procedures) yield { ...procedure, code: copyCode(copy, procedure.code), isRepresentative: true };
  }
}

/**
 * Deletes the scaled copies with their history (children go by ON DELETE CASCADE): measurement
 * data leaves no tombstones behind. Returns how many procedures went.
 */
export async function removeScaledCatalogue(client: ClientBase): Promise<number> {
  return purgeRepresentative(client, [COPY_PREFIX]);
}

/**
 * Makes the catalogue `factor` times the seed (see the header), in the caller's transaction: run
 * it in one to get all or nothing (the CLI does). Returns the procedure count after.
 */
export async function scaleCatalogue(client: ClientBase, factor: number): Promise<{ procedures: number }> {
  if (!Number.isInteger(factor) || factor < MIN_FACTOR || factor > MAX_FACTOR) {
    throw new RangeError(`scale factor must be an integer from ${MIN_FACTOR} to ${MAX_FACTOR}, got ${factor}`);
  }
  const { procedures } = buildCatalogueSeed();
  const tooLong = procedures.map((p) => copyCode(factor - 1, p.code)).find((code) => code.length > CODE_MAX_LENGTH);
  if (tooLong) throw new Error(`scale: copy code ${tooLong} is longer than procedure.code allows (${CODE_MAX_LENGTH})`);

  // Copies beyond the factor go with their history; the others are written like any record.
  const beyond = Array.from({ length: MAX_FACTOR - factor }, (_, i) => copyCode(factor + i, ''));
  await purgeRepresentative(client, beyond);
  await writeCatalogue(client, { procedures: copiesOf(procedures, factor) });
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM procedure`);
  return { procedures: rows[0].n };
}

/** The tables the scaling writes: a VACUUM after it leaves them as autovacuum eventually would. */
export const SCALED_TABLES = [
  'procedure',
  'procedure_channel',
  'channel_fee',
  'required_document',
  'procedure_step',
  'procedure_legal_basis',
  'procedure_search',
];

export class UsageError extends Error {}

export function parseArgs(argv: string[]): { factor: number; remove: boolean } {
  let factor = DEFAULT_FACTOR;
  let remove = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--remove') {
      remove = true;
    } else if (arg === '--factor' || arg.startsWith('--factor=')) {
      const raw = arg === '--factor' ? argv[++i] : arg.slice('--factor='.length);
      if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < MIN_FACTOR || Number(raw) > MAX_FACTOR) {
        throw new UsageError(`--factor must be a whole number from ${MIN_FACTOR} to ${MAX_FACTOR}, got ${raw === undefined ? 'nothing' : `"${raw}"`}`);
      }
      factor = Number(raw);
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { factor, remove };
}

const USAGE = 'usage: npm run seed:scale [-- --factor N (2 to 200, default 50) | --remove]';

async function main(): Promise<void> {
  const { factor, remove } = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const database = await openDatabase(loadConfig(), log);
  try {
    await runMigrations(database.dataSource);
    const catalogue = database.openRoles().catalogue;
    const seeded = await seedCatalogue(catalogue);
    if (seeded.applied) log(`seed catalogue loaded: ${JSON.stringify(seeded)}`);
    const started = Date.now();
    if (remove) {
      const removed = await catalogue.transaction((client) => removeScaledCatalogue(client));
      log(`removed ${removed} scaled copies in ${Date.now() - started} ms`);
    } else {
      const result = await catalogue.transaction((client) => scaleCatalogue(client, factor));
      log(`scaled ×${factor}: ${result.procedures} procedures in ${Date.now() - started} ms`);
    }
    // Outside the transaction, as the owner (VACUUM is the owner's): clear the dead rows of
    // replaced copies and refresh the planner's statistics.
    await database.sql.rows(`VACUUM (ANALYZE) ${SCALED_TABLES.join(', ')}`);
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`seed:scale: ${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`seed:scale failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
