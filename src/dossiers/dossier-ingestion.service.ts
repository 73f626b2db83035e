import type { PoolClient } from 'pg';
import { procedureFacts } from '../catalogue/procedure-facts.sql';
import { float8Array, int4Array, textArray } from '../db/pg-binary';
import type { Sql } from '../db/sql';
import type { ApiKeyPrincipal } from './api-key.service';
import { CHANNELS } from '../shared/channels';
import { LEVEL_INDEX, LEVELS } from '../shared/levels';
import { sameVersion, type DossierVersion } from './dossier';
import { DossierRejection, validateDossier, type DossierInput, type RejectionCode, type ValidDossier } from './dossier-input';
import { RollupDelta } from './rollup-delta';

type IngestOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'STALE' | 'REJECTED';

export interface IngestItemResult {
  /** Position in the batch (0-based). */
  index: number;
  unitCode: string | null;
  externalCode: string | null;
  outcome: IngestOutcome;
  error: { code: RejectionCode | 'STALE'; message: string; field: string | null } | null;
}

/** Largest number of dossiers written in one transaction. */
export const MAX_CHUNK = 5000;

/**
 * PostgreSQL breaks a deadlock by failing one of the transactions in it, and that chunk is tried
 * again from the start, after a short random pause so that the two do not meet again in step.
 * Deadlocks are rare (see `write`) and each one ends as soon as one side gives way, so ten tries
 * cannot plausibly all meet one. Nothing else is tried again: a dossier another writer creates
 * meanwhile is not a failure (see `write`).
 */
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 10;
const RETRY_PAUSE_MS = 20;

/** node-postgres's pool size when none is given. */
const DEFAULT_POOL_SIZE = 10;

const COLUMNS = [
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
const UNPACKED_COLUMNS: Record<(typeof COLUMNS)[number], string> = {
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

const INSERT_DOSSIERS = `INSERT INTO dossier (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((c) => UNPACKED_COLUMNS[c]).join(', ')}
  FROM unnest($1::int[], $2::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
    AS r(unit_id, external_code, product, word, received_at, due_at, finished_at, returned_at, updated_at)
  JOIN unnest($3::text[], $4::text[]) WITH ORDINALITY AS p(field_code, procedure_code, product) USING (product)`;
const UPSERT_DOSSIERS = `${INSERT_DOSSIERS}
  ON CONFLICT (unit_id, external_code) DO UPDATE SET
    ${COLUMNS.slice(2)
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
async function insertNewDossiers(client: PoolClient, versions: DossierVersion[]): Promise<DossierVersion[]> {
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
const STORED_COLUMNS = COLUMNS.map((c) => (c.endsWith('_at') ? `(extract(epoch FROM d.${c}) * 1000)::float8 AS ${c}` : `d.${c}`)).join(', ');

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
const keyOf = (v: DossierVersion) => dossierKey(v.unitId, v.externalCode);

/** Unit, then external code: the order in which every writer inserts new dossiers. */
const byKey = (a: DossierVersion, b: DossierVersion): number =>
  a.unitId - b.unitId || (a.externalCode < b.externalCode ? -1 : a.externalCode > b.externalCode ? 1 : 0);

export interface IngestOptions {
  now?: number;
  representative?: boolean;
}

/** An accepted item of a chunk: its position in the chunk, and the version it sends. */
interface AcceptedItem {
  index: number;
  unitCode: string;
  version: DossierVersion;
}

/** A validated chunk: its valid dossiers, and the results so far (rejections). */
interface ValidatedChunk {
  valid: { index: number; dossier: ValidDossier; unitId: number }[];
  procedureCodes: Set<string>;
  representative: boolean;
  results: IngestItemResult[];
}

/**
 * Dossier upserts from agencies' systems. A chunk is validated item by item (a bad item is
 * rejected with its reason, the others go on), then written in one transaction together with
 * the rollup change it makes: either all of the chunk's accepted items and their counts land, or
 * none. Idempotent on (unit, external code): a replay is UNCHANGED, an older version is STALE.
 */
export class DossierIngestionService {
  /** Chunks that may use the database at once: as many as its pool has connections (see `inTurn`). */
  private readonly places: number;
  private using = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly sql: Sql) {
    this.places = sql.pool.options.max ?? DEFAULT_POOL_SIZE;
  }

  /** `representative` is for the seed only: its dossiers are labelled as not real in every statistic. */
  async ingest(principal: ApiKeyPrincipal, inputs: DossierInput[], options: IngestOptions = {}): Promise<IngestItemResult[]> {
    const chunk = this.validate(principal, inputs, options);
    if (!chunk.valid.length) return chunk.results;
    return this.inTurn(() => this.apply(chunk));
  }

  /** Each item checked on its own: a bad one is rejected with its reason, the others go on. */
  private validate(principal: ApiKeyPrincipal, inputs: DossierInput[], options: IngestOptions): ValidatedChunk {
    const now = options.now ?? Date.now();
    if (inputs.length > MAX_CHUNK) throw new Error(`at most ${MAX_CHUNK} dossiers per chunk`);
    const results = new Array<IngestItemResult>(inputs.length);
    const valid: ValidatedChunk['valid'] = [];
    const procedureCodes = new Set<string>();
    for (let index = 0; index < inputs.length; index++) {
      const input = inputs[index];
      try {
        const dossier = validateDossier(input, now);
        const unitId = principal.scope.get(dossier.unitCode);
        if (unitId === undefined) {
          throw new DossierRejection(
            'OUT_OF_SCOPE',
            `unit ${dossier.unitCode} is not ${principal.unitCode} or one of its sub-units, which this key may write`,
            'unitCode',
          );
        }
        valid.push({ index, dossier, unitId });
        procedureCodes.add(dossier.procedureCode);
      } catch (error) {
        if (!(error instanceof DossierRejection)) throw error;
        const raw = (field: 'unitCode' | 'externalCode') => (typeof input[field] === 'string' ? input[field].slice(0, 100) : null);
        results[index] = {
          index,
          unitCode: raw('unitCode'),
          externalCode: raw('externalCode'),
          outcome: 'REJECTED',
          error: { code: error.code, message: error.message, field: error.field },
        };
      }
    }
    return { valid, procedureCodes, representative: options.representative ?? false, results };
  }

  /**
   * Runs `work` once fewer than `places` chunks of this service use the database. A chunk past
   * that waits here, as long as it takes, rather than for a connection, which the pool gives up on
   * after a few seconds (a limit meant for requests a person waits on): the chunks of concurrent
   * bulk uploads queue behind each other, and a deadlock holds two connections for the second
   * PostgreSQL takes to break it.
   */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.using < this.places) this.using++;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      // The place goes straight to the next in line, if any.
      const next = this.queue.shift();
      if (next) next();
      else this.using--;
    }
  }

  /**
   * Writes a validated chunk, with the catalogue's view of its procedures, in one transaction
   * with its rollup change; the per-item results. Writers of other chunks run at the same time:
   * they wait for each other only on the dossiers and rollup rows they share.
   */
  private async apply({ valid, procedureCodes, representative, results }: ValidatedChunk): Promise<IngestItemResult[]> {
    // Procedures the catalogue does not have are kept by code alone.
    const procedures = await procedureFacts(this.sql, [...procedureCodes]);
    const accepted = valid.map(({ index, dossier: d, unitId }): AcceptedItem => {
      const known = procedures.get(d.procedureCode);
      const version: DossierVersion = {
        unitId,
        externalCode: d.externalCode,
        procedureCode: d.procedureCode,
        fieldCode: known?.fieldCode ?? '',
        fullOnlineOffered: known?.fullOnline ?? false,
        level: d.level,
        channel: d.channel,
        status: d.status,
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        finishedAt: d.finishedAt,
        returnedAt: d.returnedAt,
        updatedAt: d.updatedAt,
        digitisedOnReceipt: d.digitisedOnReceipt,
        electronicResult: d.electronicResult,
        paidOnline: d.paidOnline,
        feeBearing: d.feeBearing,
        populationDataUsed: d.populationDataUsed,
        apologyIssued: d.apologyIssued,
        satisfaction: d.satisfaction,
        isRepresentative: representative,
      };
      return { index, unitCode: d.unitCode, version };
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sql.transaction((client) => this.write(client, accepted, results));
        return results;
      } catch (error) {
        if (attempt === MAX_ATTEMPTS || (error as { code?: unknown }).code !== DEADLOCK) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_PAUSE_MS * attempt));
      }
    }
  }

  /**
   * Removes representative (seed) dossiers and their counts, `batchSize` per transaction, in id
   * order; only those whose external code starts with `externalCodePrefix` (a literal) when given.
   */
  async removeRepresentative(options: { externalCodePrefix?: string; batchSize?: number; onProgress?: (removed: number) => void } = {}): Promise<number> {
    const batchSize = options.batchSize ?? MAX_CHUNK;
    const prefix = `${(options.externalCodePrefix ?? '').replace(/[\\%_]/g, '\\$&')}%`;
    let removed = 0;
    let after = '0';
    for (;;) {
      const count = await this.sql.transaction(async (client) => {
        const { rows } = await client.query<StoredRow & { id: string }>(
          `SELECT d.id, ${STORED_COLUMNS} FROM dossier d WHERE d.id > $1 AND d.is_representative AND d.external_code LIKE $2
           ORDER BY d.id LIMIT $3 FOR UPDATE`,
          [after, prefix, batchSize],
        );
        if (!rows.length) return 0;
        after = rows[rows.length - 1].id;
        const delta = new RollupDelta();
        for (const row of rows) delta.add(fromRow(row), -1);
        await delta.write(client);
        await client.query('DELETE FROM dossier WHERE id = ANY($1)', [rows.map((r) => r.id)]);
        return rows.length;
      });
      removed += count;
      if (count) options.onProgress?.(removed);
      if (count < batchSize) return removed;
    }
  }

  /**
   * Sets every accepted item's result. Each writer locks the stored rows in key order, then
   * inserts the new ones in key order, then adds to the rollup rows in key order. A dossier that
   * another writer creates after this one looked is not an error: the insert waits for that
   * writer's commit and locks the row it committed, in its place in key order, and this writer
   * weighs its items against that version. So every dossier is counted once, against the version
   * it replaces. Writers that meet no such dossier cannot wait for each other in a circle; those
   * that do can (one holds a stored row the other finds created meanwhile, and waits on a dossier
   * the other is inserting), and PostgreSQL then fails one of them, which `apply` tries again.
   */
  private async write(client: PoolClient, accepted: AcceptedItem[], results: IngestItemResult[]): Promise<void> {
    // The stored versions, locked: a writer of the same dossiers waits here until this one commits.
    const stored = await lockStored(
      client,
      accepted.map((a) => a.version),
    );
    const written = settle(accepted, stored, results);

    const fresh: DossierVersion[] = [];
    for (const [key, version] of written) if (!stored.has(key)) fresh.push(version);
    const taken = fresh.length ? await insertNewDossiers(client, fresh.sort(byKey)) : [];
    if (taken.length) {
      // Already locked by the insert: read as stored now, and their items weighed again.
      for (const [key, version] of await lockStored(client, taken)) stored.set(key, version);
      const again = new Set(taken.map(keyOf));
      for (const key of again) written.delete(key);
      for (const [key, version] of settle(accepted, stored, results, again)) written.set(key, version);
    }

    // The rollups change by what is written against what it replaces, as stored at the end.
    const replaced: DossierVersion[] = [];
    const delta = new RollupDelta();
    for (const [key, version] of written) {
      const before = stored.get(key);
      if (before) {
        replaced.push(version);
        delta.add(before, -1);
      }
      delta.add(version, 1);
    }
    if (replaced.length) await writeDossierVersions(client, replaced.sort(byKey), 'upsert');
    if (delta.size) await delta.write(client);
  }
}

/** The stored versions of the dossiers of `versions`, locked in key order, by key. */
async function lockStored(client: PoolClient, versions: DossierVersion[]): Promise<Map<string, DossierVersion>> {
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

/**
 * Sets the result of each accepted item (of the dossiers in `only`, when given) against the
 * stored version and the items before it, in batch order, so that several versions of one
 * dossier in a batch apply as they were sent. Returns the version to write of each dossier that
 * changes, by key.
 */
function settle(accepted: AcceptedItem[], stored: Map<string, DossierVersion>, results: IngestItemResult[], only?: Set<string>): Map<string, DossierVersion> {
  const written = new Map<string, DossierVersion>();
  for (const { index, unitCode, version } of accepted) {
    const key = keyOf(version);
    if (only !== undefined && !only.has(key)) continue;
    const before = written.get(key) ?? stored.get(key);
    const result: IngestItemResult = { index, unitCode, externalCode: version.externalCode, outcome: 'CREATED', error: null };
    if (before && sameVersion(before, version)) result.outcome = 'UNCHANGED';
    else if (before && version.updatedAt <= before.updatedAt) {
      result.outcome = 'STALE';
      result.error = {
        code: 'STALE',
        message: `ignored: the stored version (updatedAt ${new Date(before.updatedAt).toISOString()}) is not older than this one`,
        field: 'updatedAt',
      };
    } else {
      result.outcome = before ? 'UPDATED' : 'CREATED';
      written.set(key, version);
    }
    results[index] = result;
  }
  return written;
}
