import type { PoolClient } from 'pg';
import type { Sql } from '../db/sql';
import type { ApiKeyPrincipal } from './api-key.service';
import { sameVersion, type DossierVersion } from './dossier';
import { DossierRejection, validateDossier, type DossierInput, type RejectionCode } from './dossier-input';
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
export const MAX_CHUNK = 1000;

/** Advisory-lock namespace: one lock per unit serialises writers of the same unit's dossiers. */
const UNIT_LOCK = 7301;

const COLUMNS = [
  'unit_id', 'external_code', 'procedure_code', 'field_code', 'full_online_offered', 'level', 'channel', 'status',
  'received_at', 'due_at', 'finished_at', 'returned_at', 'updated_at', 'digitised_on_receipt', 'electronic_result',
  'paid_online', 'fee_bearing', 'population_data_used', 'apology_issued', 'satisfaction', 'is_representative',
] as const;
const TYPES = [
  'int', 'text', 'text', 'text', 'bool', 'text', 'text', 'smallint', 'timestamptz', 'timestamptz', 'timestamptz',
  'timestamptz', 'timestamptz', 'bool', 'bool', 'bool', 'bool', 'bool', 'bool', 'smallint', 'bool',
];

interface StoredRow {
  unit_id: number; external_code: string; procedure_code: string; field_code: string; full_online_offered: boolean;
  level: DossierVersion['level']; channel: DossierVersion['channel']; status: DossierVersion['status'];
  received_at: Date; due_at: Date | null; finished_at: Date | null; returned_at: Date | null; updated_at: Date;
  digitised_on_receipt: boolean; electronic_result: boolean; paid_online: boolean; fee_bearing: boolean;
  population_data_used: boolean; apology_issued: boolean; satisfaction: number | null; is_representative: boolean;
}

const time = (date: Date | null) => (date === null ? null : date.getTime());
const fromRow = (r: StoredRow): DossierVersion => ({
  unitId: r.unit_id, externalCode: r.external_code, procedureCode: r.procedure_code, fieldCode: r.field_code,
  fullOnlineOffered: r.full_online_offered, level: r.level, channel: r.channel, status: r.status,
  receivedAt: r.received_at.getTime(), dueAt: time(r.due_at), finishedAt: time(r.finished_at), returnedAt: time(r.returned_at),
  updatedAt: r.updated_at.getTime(), digitisedOnReceipt: r.digitised_on_receipt, electronicResult: r.electronic_result,
  paidOnline: r.paid_online, feeBearing: r.fee_bearing, populationDataUsed: r.population_data_used,
  apologyIssued: r.apology_issued, satisfaction: r.satisfaction, isRepresentative: r.is_representative,
});
/** Times go to PostgreSQL as ISO strings: pg serialises those without per-value Date handling. */
const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const toColumns = (d: DossierVersion) => [
  d.unitId, d.externalCode, d.procedureCode, d.fieldCode, d.fullOnlineOffered, d.level, d.channel, d.status,
  at(d.receivedAt), at(d.dueAt), at(d.finishedAt), at(d.returnedAt), at(d.updatedAt), d.digitisedOnReceipt,
  d.electronicResult, d.paidOnline, d.feeBearing, d.populationDataUsed, d.apologyIssued, d.satisfaction, d.isRepresentative,
];

/**
 * Dossier upserts from agencies' systems. A chunk is validated item by item (a bad item is
 * rejected with its reason, the others go on), then written in one transaction together with
 * the rollup change it makes: either all of the chunk's accepted items and their counts land, or
 * none. Idempotent on (unit, external code): a replay is UNCHANGED, an older version is STALE.
 */
export class DossierIngestionService {
  constructor(private readonly sql: Sql) {}

  /** `representative` is for the seed only: its dossiers are labelled as not real in every statistic. */
  async ingest(principal: ApiKeyPrincipal, inputs: DossierInput[], options: { now?: number; representative?: boolean } = {}): Promise<IngestItemResult[]> {
    const now = options.now ?? Date.now();
    if (inputs.length > MAX_CHUNK) throw new Error(`at most ${MAX_CHUNK} dossiers per chunk`);
    const results: IngestItemResult[] = [];
    const accepted: { index: number; version: DossierVersion }[] = [];
    const valid = inputs.map((input, index) => {
      try {
        const dossier = validateDossier(input, now);
        const unitId = principal.scope.get(dossier.unitCode);
        if (unitId === undefined) {
          throw new DossierRejection('OUT_OF_SCOPE', `unit ${dossier.unitCode} is not ${principal.unitCode} or one of its sub-units, which this key may write`, 'unitCode');
        }
        return { index, dossier, unitId };
      } catch (error) {
        if (!(error instanceof DossierRejection)) throw error;
        const raw = (field: 'unitCode' | 'externalCode') => (typeof input[field] === 'string' ? (input[field] as string).slice(0, 100) : null);
        results[index] = { index, unitCode: raw('unitCode'), externalCode: raw('externalCode'), outcome: 'REJECTED', error: { code: error.code, message: error.message, field: error.field } };
        return null;
      }
    });

    const procedures = await this.catalogueView([...new Set(valid.flatMap((v) => (v ? [v.dossier.procedureCode] : [])))]);
    for (const v of valid) {
      if (!v) continue;
      const { unitCode: _unitCode, ...dossier } = v.dossier;
      const known = procedures.get(dossier.procedureCode);
      accepted.push({
        index: v.index,
        version: { ...dossier, unitId: v.unitId, fieldCode: known?.fieldCode ?? '', fullOnlineOffered: known?.fullOnline ?? false, isRepresentative: options.representative ?? false },
      });
    }
    if (accepted.length) await this.sql.transaction((client) => this.write(client, accepted, results, principal));
    return results;
  }

  /** Removes the representative (seed) dossiers and their counts, a chunk per transaction. */
  async removeRepresentative(): Promise<number> {
    let removed = 0;
    for (;;) {
      const count = await this.sql.transaction(async (client) => {
        const { rows } = await client.query<StoredRow & { id: string }>(
          'SELECT * FROM dossier WHERE is_representative ORDER BY id LIMIT $1 FOR UPDATE', [MAX_CHUNK]);
        const delta = new RollupDelta();
        for (const row of rows) delta.add(fromRow(row), -1);
        await delta.write(client);
        await client.query('DELETE FROM dossier WHERE id = ANY($1)', [rows.map((r) => r.id)]);
        return rows.length;
      });
      removed += count;
      if (count < MAX_CHUNK) return removed;
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

  private async write(client: PoolClient, accepted: { index: number; version: DossierVersion }[], results: IngestItemResult[], principal: ApiKeyPrincipal) {
    const unitIds = [...new Set(accepted.map((a) => a.version.unitId))].sort((a, b) => a - b);
    await client.query(`SELECT pg_advisory_xact_lock(${UNIT_LOCK}, id) FROM unnest($1::int[]) AS id ORDER BY id`, [unitIds]);
    const { rows } = await client.query<StoredRow>(
      `SELECT d.* FROM dossier d JOIN unnest($1::int[], $2::text[]) AS k(unit_id, external_code) USING (unit_id, external_code)`,
      [accepted.map((a) => a.version.unitId), accepted.map((a) => a.version.externalCode)],
    );
    const stored = new Map(rows.map((r) => [`${r.unit_id}\u0000${r.external_code}`, fromRow(r)]));
    const current = new Map(stored);
    const unitCodeOf = new Map([...principal.scope].map(([code, id]) => [id, code]));

    // In batch order, so that several versions of one dossier in a batch apply as they were sent.
    for (const { index, version } of accepted) {
      const key = `${version.unitId}\u0000${version.externalCode}`;
      const before = current.get(key);
      const result: IngestItemResult = { index, unitCode: unitCodeOf.get(version.unitId)!, externalCode: version.externalCode, outcome: 'CREATED', error: null };
      if (before && sameVersion(before, version)) result.outcome = 'UNCHANGED';
      else if (before && version.updatedAt <= before.updatedAt) {
        result.outcome = 'STALE';
        result.error = { code: 'STALE', message: `ignored: the stored version (updatedAt ${new Date(before.updatedAt).toISOString()}) is not older than this one`, field: 'updatedAt' };
      } else {
        result.outcome = before ? 'UPDATED' : 'CREATED';
        current.set(key, version);
      }
      results[index] = result;
    }

    const changed = [...current].filter(([key, version]) => stored.get(key) !== version).map(([, version]) => version);
    if (!changed.length) return;
    const delta = new RollupDelta();
    for (const version of changed) {
      const before = stored.get(`${version.unitId}\u0000${version.externalCode}`);
      if (before) delta.add(before, -1);
      delta.add(version, 1);
    }
    const rowsToWrite = changed.map(toColumns);
    const columns = COLUMNS.map((_, i) => rowsToWrite.map((row) => row[i]));
    await client.query(
      `INSERT INTO dossier (${COLUMNS.join(', ')})
       SELECT * FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
       ON CONFLICT (unit_id, external_code) DO UPDATE SET
         ${COLUMNS.slice(2).map((c) => `${c} = excluded.${c}`).join(', ')}, ingested_at = now()`,
      columns,
    );
    await delta.write(client);
  }
}
