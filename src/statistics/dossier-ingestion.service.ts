import type { PoolClient } from 'pg';
import { float8Array, int4Array, textArray } from '../db/pg-binary';
import type { Sql } from '../db/sql';
import type { ApiKeyPrincipal } from './api-key.service';
import { CHANNELS, LEVEL_INDEX, LEVELS, sameVersion, type DossierVersion } from './dossier';
import { DossierRejection, validateDossier, type DossierInput, type RejectionCode, type ValidDossier } from './dossier-input';
import { RollupDelta } from './rollup-delta';

export type IngestOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'STALE' | 'REJECTED';

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
 * Why a chunk's transaction is tried again from the start: another writer created one of its
 * dossiers meanwhile (the unique key on unit and external code; the retry reads it as stored),
 * or PostgreSQL broke a deadlock.
 */
const RETRY_CONSTRAINT = 'dossier_unit_external_code_key';
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 5;
const retryable = (error: unknown): boolean => {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === DEADLOCK || (code === '23505' && constraint === RETRY_CONSTRAINT);
};

const COLUMNS = [
  'unit_id', 'external_code', 'procedure_code', 'field_code', 'full_online_offered', 'level', 'channel', 'status',
  'received_at', 'due_at', 'finished_at', 'returned_at', 'updated_at', 'digitised_on_receipt', 'electronic_result',
  'paid_online', 'fee_bearing', 'population_data_used', 'apology_issued', 'satisfaction', 'is_representative',
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
  ...(Object.fromEntries(FLAG_BITS.map(([, column], i) => [column, `r.word & ${1 << (FIRST_FLAG_BIT + i)} <> 0`])) as Record<(typeof FLAG_BITS)[number][1], string>),
};

const INSERT_DOSSIERS = `INSERT INTO dossier (${COLUMNS.join(', ')})
  SELECT ${COLUMNS.map((c) => UNPACKED_COLUMNS[c]).join(', ')}
  FROM unnest($1::int[], $2::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[])
    AS r(unit_id, external_code, product, word, received_at, due_at, finished_at, returned_at, updated_at)
  JOIN unnest($3::text[], $4::text[]) WITH ORDINALITY AS p(field_code, procedure_code, product) USING (product)`;
const UPSERT_DOSSIERS = `${INSERT_DOSSIERS}
  ON CONFLICT (unit_id, external_code) DO UPDATE SET
    ${COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}, ingested_at = now()`;

/** Writes dossier versions as rows: `insert` for new ones only, `upsert` replacing stored ones. */
export async function writeDossierVersions(client: PoolClient, versions: DossierVersion[], mode: 'insert' | 'upsert'): Promise<void> {
  const n = versions.length;
  const unitIds = new Array<number>(n);
  const externalCodes = new Array<string>(n);
  const productOf = new Array<number>(n);
  const words = new Array<number>(n);
  const times = [new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n), new Array<number | null>(n)];
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
  await client.query(mode === 'insert' ? INSERT_DOSSIERS : UPSERT_DOSSIERS, [
    int4Array(unitIds), textArray(externalCodes), textArray(fieldCodes), textArray(procedureCodes), int4Array(productOf), int4Array(words),
    ...times.map(float8Array),
  ]);
}

interface StoredRow {
  unit_id: number; external_code: string; procedure_code: string; field_code: string; full_online_offered: boolean;
  level: DossierVersion['level']; channel: DossierVersion['channel']; status: DossierVersion['status'];
  received_at: number; due_at: number | null; finished_at: number | null; returned_at: number | null; updated_at: number;
  digitised_on_receipt: boolean; electronic_result: boolean; paid_online: boolean; fee_bearing: boolean;
  population_data_used: boolean; apology_issued: boolean; satisfaction: number | null; is_representative: boolean;
}

/** Stored columns as a version reads them: times as epoch milliseconds (a float, not a Date to parse). */
const STORED_COLUMNS = COLUMNS.map((c) => (c.endsWith('_at') ? `(extract(epoch FROM d.${c}) * 1000)::float8 AS ${c}` : `d.${c}`)).join(', ');

const fromRow = (r: StoredRow): DossierVersion => ({
  unitId: r.unit_id, externalCode: r.external_code, procedureCode: r.procedure_code, fieldCode: r.field_code,
  fullOnlineOffered: r.full_online_offered, level: r.level, channel: r.channel, status: r.status,
  receivedAt: r.received_at, dueAt: r.due_at, finishedAt: r.finished_at, returnedAt: r.returned_at,
  updatedAt: r.updated_at, digitisedOnReceipt: r.digitised_on_receipt, electronicResult: r.electronic_result,
  paidOnline: r.paid_online, feeBearing: r.fee_bearing, populationDataUsed: r.population_data_used,
  apologyIssued: r.apology_issued, satisfaction: r.satisfaction, isRepresentative: r.is_representative,
});

/** Unit, then external code: the order in which every writer inserts new dossiers. */
const byKey = (a: DossierVersion, b: DossierVersion): number =>
  a.unitId - b.unitId || (a.externalCode < b.externalCode ? -1 : a.externalCode > b.externalCode ? 1 : 0);

export interface IngestOptions {
  now?: number;
  representative?: boolean;
}

/** A validated chunk, ready to write: its accepted versions, and the results so far (rejections). */
interface PreparedChunk {
  accepted: { index: number; unitCode: string; version: DossierVersion }[];
  results: IngestItemResult[];
}

/**
 * Dossier upserts from agencies' systems. A chunk is validated item by item (a bad item is
 * rejected with its reason, the others go on), then written in one transaction together with
 * the rollup change it makes: either all of the chunk's accepted items and their counts land, or
 * none. Idempotent on (unit, external code): a replay is UNCHANGED, an older version is STALE.
 */
export class DossierIngestionService {
  constructor(private readonly sql: Sql) {}

  /** `representative` is for the seed only: its dossiers are labelled as not real in every statistic. */
  async ingest(principal: ApiKeyPrincipal, inputs: DossierInput[], options: IngestOptions = {}): Promise<IngestItemResult[]> {
    return this.apply(await this.prepare(principal, inputs, options));
  }

  /**
   * The part of `ingest` before the transaction: validation and the catalogue's view of the
   * procedures.
   */
  private async prepare(principal: ApiKeyPrincipal, inputs: DossierInput[], options: IngestOptions = {}): Promise<PreparedChunk> {
    const now = options.now ?? Date.now();
    if (inputs.length > MAX_CHUNK) throw new Error(`at most ${MAX_CHUNK} dossiers per chunk`);
    const results: IngestItemResult[] = new Array(inputs.length);
    const valid: { index: number; dossier: ValidDossier; unitId: number }[] = [];
    const procedureCodes = new Set<string>();
    for (let index = 0; index < inputs.length; index++) {
      const input = inputs[index];
      try {
        const dossier = validateDossier(input, now);
        const unitId = principal.scope.get(dossier.unitCode);
        if (unitId === undefined) {
          throw new DossierRejection('OUT_OF_SCOPE', `unit ${dossier.unitCode} is not ${principal.unitCode} or one of its sub-units, which this key may write`, 'unitCode');
        }
        valid.push({ index, dossier, unitId });
        procedureCodes.add(dossier.procedureCode);
      } catch (error) {
        if (!(error instanceof DossierRejection)) throw error;
        const raw = (field: 'unitCode' | 'externalCode') => (typeof input[field] === 'string' ? (input[field] as string).slice(0, 100) : null);
        results[index] = { index, unitCode: raw('unitCode'), externalCode: raw('externalCode'), outcome: 'REJECTED', error: { code: error.code, message: error.message, field: error.field } };
      }
    }

    const procedures = await this.catalogueView([...procedureCodes]);
    const representative = options.representative ?? false;
    const accepted = valid.map(({ index, dossier: d, unitId }) => {
      const known = procedures.get(d.procedureCode);
      const version: DossierVersion = {
        unitId, externalCode: d.externalCode, procedureCode: d.procedureCode, fieldCode: known?.fieldCode ?? '',
        fullOnlineOffered: known?.fullOnline ?? false, level: d.level, channel: d.channel, status: d.status,
        receivedAt: d.receivedAt, dueAt: d.dueAt, finishedAt: d.finishedAt, returnedAt: d.returnedAt, updatedAt: d.updatedAt,
        digitisedOnReceipt: d.digitisedOnReceipt, electronicResult: d.electronicResult, paidOnline: d.paidOnline,
        feeBearing: d.feeBearing, populationDataUsed: d.populationDataUsed, apologyIssued: d.apologyIssued,
        satisfaction: d.satisfaction, isRepresentative: representative,
      };
      return { index, unitCode: d.unitCode, version };
    });
    return { accepted, results };
  }

  /**
   * Writes a prepared chunk in one transaction with its rollup change; the per-item results.
   * Writers of other chunks run at the same time: they wait for each other only on the dossiers
   * and rollup rows they share.
   */
  private async apply(chunk: PreparedChunk): Promise<IngestItemResult[]> {
    const { accepted, results } = chunk;
    if (!accepted.length) return results;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sql.transaction((client) => this.write(client, accepted, results));
        return results;
      } catch (error) {
        if (attempt === MAX_ATTEMPTS || !retryable(error)) throw error;
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

  /** Field and full-online offer of the procedures the catalogue has; others are kept by code alone. */
  private async catalogueView(codes: string[]): Promise<Map<string, { fieldCode: string; fullOnline: boolean }>> {
    if (!codes.length) return new Map();
    const rows = await this.sql.rows<{ code: string; field_code: string; full_online: boolean }>(
      `SELECT p.code, f.code AS field_code, p.online_service_level = 'FULL' AS full_online
       FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, { fieldCode: r.field_code, fullOnline: r.full_online }]));
  }

  /**
   * Sets every accepted item's result. Locks are taken in one order by every writer (stored rows
   * by key, then new rows by key, then rollup rows by key), so writers never wait in a circle.
   */
  private async write(client: PoolClient, accepted: { index: number; unitCode: string; version: DossierVersion }[], results: IngestItemResult[]) {
    // The stored versions, locked: a writer of the same dossiers waits here until this one commits.
    const { rows } = await client.query<StoredRow>(
      `SELECT ${STORED_COLUMNS} FROM dossier d JOIN unnest($1::int[], $2::text[]) AS k(unit_id, external_code) USING (unit_id, external_code)
       ORDER BY d.unit_id, d.external_code FOR UPDATE OF d`,
      [int4Array(accepted.map((a) => a.version.unitId)), textArray(accepted.map((a) => a.version.externalCode))],
    );
    const key = (v: { unitId: number; externalCode: string }) => `${v.unitId}\u0000${v.externalCode}`;
    const stored = new Map<string, DossierVersion>();
    for (const row of rows) {
      const version = fromRow(row);
      stored.set(key(version), version);
    }
    const current = new Map(stored);

    // In batch order, so that several versions of one dossier in a batch apply as they were sent.
    for (const { index, unitCode, version } of accepted) {
      const k = key(version);
      const before = current.get(k);
      const result: IngestItemResult = { index, unitCode, externalCode: version.externalCode, outcome: 'CREATED', error: null };
      if (before && sameVersion(before, version)) result.outcome = 'UNCHANGED';
      else if (before && version.updatedAt <= before.updatedAt) {
        result.outcome = 'STALE';
        result.error = { code: 'STALE', message: `ignored: the stored version (updatedAt ${new Date(before.updatedAt).toISOString()}) is not older than this one`, field: 'updatedAt' };
      } else {
        result.outcome = before ? 'UPDATED' : 'CREATED';
        current.set(k, version);
      }
      results[index] = result;
    }

    const created: DossierVersion[] = [];
    const replaced: DossierVersion[] = [];
    const delta = new RollupDelta();
    for (const [k, version] of current) {
      const before = stored.get(k);
      if (before === version) continue;
      if (before) {
        replaced.push(version);
        delta.add(before, -1);
      } else {
        created.push(version);
      }
      delta.add(version, 1);
    }
    // A plain INSERT for new dossiers: one another writer created meanwhile fails the unique key
    // (and the chunk is tried again), where an upsert would overwrite it and count it twice.
    if (created.length) await writeDossierVersions(client, created.sort(byKey), 'insert');
    if (replaced.length) await writeDossierVersions(client, replaced.sort(byKey), 'upsert');
    if (delta.size) await delta.write(client);
  }
}
