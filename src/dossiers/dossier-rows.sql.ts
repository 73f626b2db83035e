import type { PoolClient } from 'pg';
import { float8Array, int4Array, textArray } from '../db/pg-binary';
import { CHANNELS } from '../shared/channels';
import { LEVEL_INDEX, LEVELS } from '../shared/levels';
import type { DossierVersion } from './dossier';

/**
 * Dossier versions as rows of the dossier table: the statements that insert, upsert and lock them,
 * with the small fields packed into one integer per row and the rows sent as binary arrays, so a
 * chunk of 5,000 costs a few parameters rather than 100,000.
 */

/** The dossier table's columns a version fills, in the order every statement here sends them. */
export const DOSSIER_COLUMNS = [
  'unit_id',
  'external_code',
  'procedure_code',
  'field_code',
  'full_online_offered',
  'level',
  'channel',
  'status',
  'received_at',
  'due_at',
  'finished_at',
  'returned_at',
  'updated_at',
  'digitised_on_receipt',
  'electronic_result',
  'paid_online',
  'fee_bearing',
  'population_data_used',
  'apology_issued',
  'satisfaction',
  'is_representative',
] as const;

/**
 * A version's small fields packed in one integer, so a chunk goes to PostgreSQL as a few arrays
 * (unit ids, codes, this word, five times) rather than 21: bits 0-1 level, 2-3 channel, 4-7
 * status, 8-10 satisfaction (0 for none), then one bit per flag from FLAG_BITS.
 */
const FLAG_BITS = [
  ['digitisedOnReceipt', 'digitised_on_receipt'],
  ['electronicResult', 'electronic_result'],
  ['paidOnline', 'paid_online'],
  ['feeBearing', 'fee_bearing'],
  ['populationDataUsed', 'population_data_used'],
  ['apologyIssued', 'apology_issued'],
  ['fullOnlineOffered', 'full_online_offered'],
  ['isRepresentative', 'is_representative'],
] as const;
const FIRST_FLAG_BIT = 11;
const CHANNEL_CODE: Record<string, number> = Object.fromEntries(CHANNELS.map((c, i) => [c, i]));

function packSmallFields(d: DossierVersion): number {
  let word = LEVEL_INDEX[d.level] | (CHANNEL_CODE[d.channel] << 2) | (d.status << 4) | ((d.satisfaction ?? 0) << 8);
  for (let i = 0; i < FLAG_BITS.length; i++) if (d[FLAG_BITS[i][0]]) word |= 1 << (FIRST_FLAG_BIT + i);
  return word;
}

const SQL_LIST = (items: readonly string[]) => `ARRAY[${items.map((i) => `'${i}'`).join(', ')}]`;
/** The stored columns from the packed arrays: the inverse of packSmallFields, in SQL. */
const UNPACKED_COLUMNS: Record<(typeof DOSSIER_COLUMNS)[number], string> = {
  unit_id: 'r.unit_id',
  external_code: 'r.external_code',
  procedure_code: 'p.procedure_code',
  field_code: 'p.field_code',
  level: `(${SQL_LIST(LEVELS)})[(r.word & 3) + 1]`,
  channel: `(${SQL_LIST(CHANNELS)})[((r.word >> 2) & 3) + 1]`,
  status: '((r.word >> 4) & 15)::smallint',
  satisfaction: 'nullif((r.word >> 8) & 7, 0)::smallint',
  received_at: 'to_timestamp(r.received_at / 1000)',
  due_at: 'to_timestamp(r.due_at / 1000)',
  finished_at: 'to_timestamp(r.finished_at / 1000)',
  returned_at: 'to_timestamp(r.returned_at / 1000)',
  updated_at: 'to_timestamp(r.updated_at / 1000)',
  ...(Object.fromEntries(FLAG_BITS.map(([, column], i) => [column, `r.word & ${1 << (FIRST_FLAG_BIT + i)} <> 0`])) as Record<
    (typeof FLAG_BITS)[number][1],
    string
  >),
};

const INSERT_DOSSIERS = `INSERT INTO dossier (${DOSSIER_COLUMNS.join(', ')})
  SELECT ${DOSSIER_COLUMNS.map((c) => UNPACKED_COLUMNS[c]).join(', ')}
  FROM unnest($1::int[], $2::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
    AS r(unit_id, external_code, product, word, received_at, due_at, finished_at, returned_at, updated_at)
  JOIN unnest($3::text[], $4::text[]) WITH ORDINALITY AS p(field_code, procedure_code, product) USING (product)`;
const UPSERT_DOSSIERS = `${INSERT_DOSSIERS}
  ON CONFLICT (unit_id, external_code) DO UPDATE SET
    ${DOSSIER_COLUMNS.slice(2)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}, ingested_at = now()`;
/**
 * A dossier another writer inserted first is left as it is, but locked: PostgreSQL waits for that
 * writer's transaction to end, then locks the row it committed (an update whose condition is never
 * true still locks the row), in the statement's key order like the rows inserted. Only the rows
 * inserted come back.
 */
const INSERT_NEW_DOSSIERS = `${INSERT_DOSSIERS}
  ON CONFLICT (unit_id, external_code) DO UPDATE SET ingested_at = dossier.ingested_at WHERE false
  RETURNING unit_id, external_code`;

/**
 * Writes dossier versions as rows: `insert` into a table no one else writes meanwhile (the scale
 * seed, which loads without the table's keys), `upsert` replacing stored ones.
 */
export async function writeDossierVersions(client: PoolClient, versions: DossierVersion[], mode: 'insert' | 'upsert'): Promise<void> {
  await client.query(mode === 'insert' ? INSERT_DOSSIERS : UPSERT_DOSSIERS, versionParameters(versions));
}

/**
 * Inserts versions of dossiers that were not stored when this writer looked (in key order, as
 * every writer inserts); returns those another writer created meanwhile, left as stored and locked.
 */
export async function insertNewDossiers(client: PoolClient, versions: DossierVersion[]): Promise<DossierVersion[]> {
  const { rows } = await client.query<{ unit_id: number; external_code: string }>(INSERT_NEW_DOSSIERS, versionParameters(versions));
  if (rows.length === versions.length) return [];
  const inserted = new Set(rows.map((r) => dossierKey(r.unit_id, r.external_code)));
  return versions.filter((v) => !inserted.has(dossierKey(v.unitId, v.externalCode)));
}

/** The statement parameters of INSERT_DOSSIERS for `versions`. */
function versionParameters(versions: DossierVersion[]): unknown[] {
  const n = versions.length;
  const unitIds = new Array<number>(n);
  const externalCodes = new Array<string>(n);
  const productOf = new Array<number>(n);
  const words = new Array<number>(n);
  const times = [
    new Array<number | null>(n),
    new Array<number | null>(n),
    new Array<number | null>(n),
    new Array<number | null>(n),
    new Array<number | null>(n),
  ];
  // Procedure and field codes repeat: each distinct pair is sent once, rows point at it.
  const fieldCodes: string[] = [];
  const procedureCodes: string[] = [];
  const products = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const d = versions[i];
    unitIds[i] = d.unitId;
    externalCodes[i] = d.externalCode;
    const pair = `${d.fieldCode}\u0000${d.procedureCode}`;
    let product = products.get(pair);
    if (product === undefined) {
      product = fieldCodes.push(d.fieldCode);
      procedureCodes.push(d.procedureCode);
      products.set(pair, product);
    }
    productOf[i] = product;
    words[i] = packSmallFields(d);
    times[0][i] = d.receivedAt;
    times[1][i] = d.dueAt;
    times[2][i] = d.finishedAt;
    times[3][i] = d.returnedAt;
    times[4][i] = d.updatedAt;
  }
  return [
    int4Array(unitIds),
    textArray(externalCodes),
    textArray(fieldCodes),
    textArray(procedureCodes),
    int4Array(productOf),
    int4Array(words),
    ...times.map(float8Array),
  ];
}

interface StoredRow {
  unit_id: number;
  external_code: string;
  procedure_code: string;
  field_code: string;
  full_online_offered: boolean;
  level: DossierVersion['level'];
  channel: DossierVersion['channel'];
  status: DossierVersion['status'];
  received_at: number;
  due_at: number | null;
  finished_at: number | null;
  returned_at: number | null;
  updated_at: number;
  digitised_on_receipt: boolean;
  electronic_result: boolean;
  paid_online: boolean;
  fee_bearing: boolean;
  population_data_used: boolean;
  apology_issued: boolean;
  satisfaction: number | null;
  is_representative: boolean;
}

/** Stored columns as a version reads them: times as epoch milliseconds (a float, not a Date to parse). */
const STORED_COLUMNS = DOSSIER_COLUMNS.map((c) => (c.endsWith('_at') ? `(extract(epoch FROM d.${c}) * 1000)::float8 AS ${c}` : `d.${c}`)).join(', ');

const fromRow = (r: StoredRow): DossierVersion => ({
  unitId: r.unit_id,
  externalCode: r.external_code,
  procedureCode: r.procedure_code,
  fieldCode: r.field_code,
  fullOnlineOffered: r.full_online_offered,
  level: r.level,
  channel: r.channel,
  status: r.status,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  finishedAt: r.finished_at,
  returnedAt: r.returned_at,
  updatedAt: r.updated_at,
  digitisedOnReceipt: r.digitised_on_receipt,
  electronicResult: r.electronic_result,
  paidOnline: r.paid_online,
  feeBearing: r.fee_bearing,
  populationDataUsed: r.population_data_used,
  apologyIssued: r.apology_issued,
  satisfaction: r.satisfaction,
  isRepresentative: r.is_representative,
});

const dossierKey = (unitId: number, externalCode: string) => `${unitId}\u0000${externalCode}`;
export const keyOf = (v: DossierVersion) => dossierKey(v.unitId, v.externalCode);

/** Unit, then external code: the order in which every writer inserts new dossiers. */
export const byKey = (a: DossierVersion, b: DossierVersion): number =>
  a.unitId - b.unitId || (a.externalCode < b.externalCode ? -1 : a.externalCode > b.externalCode ? 1 : 0);

/** The stored versions of the dossiers of `versions`, locked in key order, by key. */
export async function lockStored(client: PoolClient, versions: DossierVersion[]): Promise<Map<string, DossierVersion>> {
  const { rows } = await client.query<StoredRow>(
    `SELECT ${STORED_COLUMNS} FROM dossier d JOIN unnest($1::int[], $2::text[]) AS k(unit_id, external_code) USING (unit_id, external_code)
     ORDER BY d.unit_id, d.external_code FOR UPDATE OF d`,
    [int4Array(versions.map((v) => v.unitId)), textArray(versions.map((v) => v.externalCode))],
  );
  const stored = new Map<string, DossierVersion>();
  for (const row of rows) {
    const version = fromRow(row);
    stored.set(keyOf(version), version);
  }
  return stored;
}

/** Up to `limit` representative dossiers after id `after` whose external code is LIKE `pattern`, locked, in id order. */
export async function lockRepresentative(
  client: PoolClient,
  after: string,
  pattern: string,
  limit: number,
): Promise<{ id: string; version: DossierVersion }[]> {
  const { rows } = await client.query<StoredRow & { id: string }>(
    `SELECT d.id, ${STORED_COLUMNS} FROM dossier d WHERE d.id > $1 AND d.is_representative AND d.external_code LIKE $2
     ORDER BY d.id LIMIT $3 FOR UPDATE`,
    [after, pattern, limit],
  );
  return rows.map((row) => ({ id: row.id, version: fromRow(row) }));
}
