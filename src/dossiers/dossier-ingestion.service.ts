import type { PoolClient } from 'pg';
import { procedureFacts } from '../catalogue/procedure-facts.sql';
import type { Sql } from '../db/sql';
import type { ApiKeyPrincipal } from './api-key.service';
import { sameVersion, type DossierVersion } from './dossier';
import { DossierRejection, validateDossier, type DossierInput, type RejectionCode, type ValidDossier } from './dossier-input';
import { byKey, insertNewDossiers, keyOf, lockRepresentative, lockStored, writeDossierVersions } from './dossier-rows.sql';
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
        const rows = await lockRepresentative(client, after, prefix, batchSize);
        if (!rows.length) return 0;
        after = rows[rows.length - 1].id;
        const delta = new RollupDelta();
        for (const { version } of rows) delta.add(version, -1);
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
