import type { ClientBase } from 'pg';
import type { Sql } from '../../db/sql';
import { systemClock, vietnamDay, type Clock } from '../../shared/clock';
import { LEVELS } from '../../shared/levels';
import { ProcedureStatus } from '../catalogue.enums';
import type { ChangeKind } from '../history/change-kind';
import type { CatalogueWrite, ChangeAuthor, Enactment, ProcedureRecord } from './catalogue-record';
import { changedFields, contentHash, fieldHashes } from './content-hash';
import { insertChildren } from './procedure-children.sql';
import {
  closeVersions,
  insertVersions,
  latestVersions,
  openOutside,
  openVersionsOf,
  recordChanges,
  recountDocumentUses,
  refreshDerived,
  type LatestVersion,
  type NewVersion,
} from './procedure-records.sql';
import { assertKnown, assertUnique } from './record-checks';
import { proceduresOf, upsertAgencies, upsertFields, upsertLegalActs, upsertLegalDocuments, upsertUnits } from './reference-records.sql';
import { badInput } from '../../shared/errors';

export interface CatalogueWriteResult {
  /** Procedures stored as a new version because their content changed (or they are new). */
  proceduresWritten: number;
  /** Procedures of the `replacing` scope the write did not carry: each got a REMOVED change. */
  proceduresRemoved: number;
  /** Units, fields, agencies, legal documents and legal acts inserted or changed. */
  referencesWritten: number;
  /** The catalogue version after the write: the one before it when nothing changed. */
  version: number;
}

/**
 * Two writes at once would interleave their changes: the second waits for the first to commit.
 * The lock is held to the end of the transaction, and a transaction's rows are visible before its
 * locks are released, so the feed's positions (taken under the lock) are in the order of commits:
 * a reader that has seen position n has seen every position before it. The key is the one the
 * seed loader took before the writer existed, so an older instance waits too.
 */
const WRITE_LOCK = 727002;
/** Procedures per statement: a bulk write streams its records instead of sending them at once. */
const PROCEDURES_PER_STATEMENT = 2_000;
/** Procedures per refresh of the derived columns: each refresh ends with a pass over every document name's uses. */
const PROCEDURES_PER_REFRESH = 10_000;
/** From this many procedures written or removed on, search's statistics are refreshed at once rather than left to autovacuum. */
const ANALYZE_FROM = 1_000;

/**
 * The only code that writes the catalogue tables. References (units, fields, agencies, legal
 * documents and acts) are upserted by their natural keys. A procedure whose content differs from
 * its latest version is stored as a new, immutable version, in force from its enactment's date,
 * with a change in the feed naming its kind, its legal act and the fields that changed; the
 * version before it is closed on that date. An unchanged record stores nothing. The search
 * projection is derived in the same transaction, so the catalogue version (raised by the tables'
 * triggers) goes up once for a write that changed something and not at all for one that did not.
 * A record that refers to an unknown code refuses the whole write.
 */
export class CatalogueWriter {
  /** `sql`: the catalogue role's pool (RolePools.catalogue); `clock`: what "today" is for changes with no date. */
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One write, in a transaction of its own: all of it or nothing. */
  write(change: CatalogueWrite): Promise<CatalogueWriteResult> {
    return this.sql.transaction((client) => writeCatalogue(client, change, vietnamDay(this.clock())));
  }
}

/**
 * Waits for the catalogue writer's lock and holds it to the end of the caller's transaction: for a
 * caller that reads what it is about to write (an edit's expected version, an import's plan), so
 * that no other write comes between its reading and its writing.
 */
export async function lockCatalogueWrites(db: ClientBase): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
}

const SEED_AUTHOR: ChangeAuthor = { origin: 'SEED', name: null, keyId: null, agencyCode: null };

/** The same write in the caller's transaction, for a caller that holds one already; `today` in Vietnam's calendar. */
export async function writeCatalogue(db: ClientBase, change: CatalogueWrite, today = vietnamDay(new Date())): Promise<CatalogueWriteResult> {
  await lockCatalogueWrites(db);
  const references = await writeReferences(db, change);
  const pending = new PendingRefresh(db);
  await pending.add(references.affectedProcedures);

  const carried = new Set<string>();
  let proceduresWritten = 0;
  for (const chunk of chunksOf(change.procedures ?? [], PROCEDURES_PER_STATEMENT)) {
    assertUnique(
      'procedure',
      chunk.map((p) => p.code),
      carried,
    );
    const uses = (code: (p: ProcedureRecord) => (string | null | undefined)[]) =>
      chunk.flatMap((p) => code(p).flatMap((c) => (c ? [{ record: `procedure ${p.code}`, code: c }] : [])));
    await assertKnown(
      db,
      'field',
      uses((p) => [p.fieldCode]),
    );
    await assertKnown(
      db,
      'agency',
      uses((p) => [p.agencyCode]),
    );
    await assertKnown(
      db,
      'legalDocument',
      uses((p) => p.legalBasis),
    );
    await assertKnown(
      db,
      'legalAct',
      uses((p) => [enactmentOf(p, change).legalAct]),
    );
    const written = await writeVersions(db, chunk, change, today);
    await pending.add(written);
    proceduresWritten += written.length;
  }

  const removals = [
    ...(change.replacing ? await openOutside(db, change.replacing, [...carried]) : []),
    ...(change.removing?.length ? await openVersionsOf(db, change.removing) : []),
  ];
  const proceduresRemoved = await remove(db, removals, change, today);
  // Refreshing recounts the documents' uses, which removals change too.
  if (!(await pending.flush()) && proceduresRemoved > 0) await recountDocumentUses(db);
  if (proceduresWritten + proceduresRemoved >= ANALYZE_FROM) await db.query('SELECT analyze_catalogue_search()');

  const { rows } = await db.query<{ version: number | string }>('SELECT version FROM catalogue_version');
  return { proceduresWritten, proceduresRemoved, referencesWritten: references.written, version: Number(rows[0].version) };
}

const enactmentOf = (record: ProcedureRecord, change: CatalogueWrite): Enactment => record.enactedBy ?? change.enactedBy ?? { legalAct: null };

/** Stores the records of a chunk whose content changed as new versions; returns the new rows' ids. */
async function writeVersions(db: ClientBase, chunk: ProcedureRecord[], change: CatalogueWrite, today: string): Promise<number[]> {
  const latest = await latestVersions(
    db,
    chunk.map((p) => p.code),
  );
  const versions: (NewVersion & { kind: ChangeKind; changedFields: string[]; legalAct: string | null; closing: number | null })[] = [];
  for (const record of chunk) {
    const before = latest.get(record.code);
    const hash = contentHash(record);
    if (before?.id != null && before.contentHash === hash) continue;
    const hashes = fieldHashes(record);
    const kind = kindOf(record, before);
    const enactment = enactmentOf(record, change);
    const validFrom = enactment.validFrom ?? (kind === 'CREATED' ? record.effectiveFrom : today);
    if (before && validFrom < before.validFrom) {
      throw badInput(
        `catalogue write refused, nothing written: procedure ${record.code} would change from ${validFrom}, ` +
          `before its latest change (version ${before.version}, in force from ${before.validFrom}); a procedure's changes take effect in the order they are recorded`,
      );
    }
    versions.push({
      record,
      version: (before?.version ?? 0) + 1,
      validFrom,
      contentHash: hash,
      fieldHashes: hashes,
      kind,
      changedFields: before?.id != null && kind !== 'RESTORED' ? changedFields(before.fieldHashes, hashes) : Object.keys(hashes),
      legalAct: enactment.legalAct,
      closing: before?.open ? before.id : null,
    });
  }
  if (versions.length === 0) return [];

  await closeVersions(
    db,
    versions.flatMap((v) => (v.closing === null ? [] : [{ id: v.closing, validTo: v.validFrom }])),
  );
  const written = await insertVersions(db, versions);
  await insertChildren(
    db,
    written.map(({ id }, i) => ({ id, record: versions[i].record })),
  );
  await recordChanges(
    db,
    versions.map((v, i) => ({
      code: v.record.code,
      version: v.version,
      kind: v.kind,
      validFrom: v.validFrom,
      procedureId: written[i].id,
      legalAct: v.legalAct,
      changedFields: v.changedFields,
    })),
    change.author ?? SEED_AUTHOR,
  );
  return written.map((w) => w.id);
}

function kindOf(record: ProcedureRecord, before: LatestVersion | undefined): ChangeKind {
  if (!before) return 'CREATED';
  if (before.id === null) return 'RESTORED';
  if (record.status === ProcedureStatus.ABOLISHED && before.status !== ProcedureStatus.ABOLISHED) return 'ABOLISHED';
  return 'AMENDED';
}

/** Ends these versions, each with a REMOVED change; returns how many. */
async function remove(db: ClientBase, removed: { id: number; code: string; version: number }[], change: CatalogueWrite, today: string): Promise<number> {
  if (removed.length === 0) return 0;
  const enactment = change.enactedBy ?? { legalAct: null };
  await assertKnown(db, 'legalAct', enactment.legalAct ? [{ record: 'the removal', code: enactment.legalAct }] : []);
  const validFrom = enactment.validFrom ?? today;
  await closeVersions(
    db,
    removed.map(({ id }) => ({ id, validTo: validFrom })),
  );
  await recordChanges(
    db,
    removed.map(({ code, version }) => ({
      code,
      version: version + 1,
      kind: 'REMOVED',
      validFrom,
      procedureId: null,
      legalAct: enactment.legalAct,
      changedFields: [],
    })),
    change.author ?? SEED_AUTHOR,
  );
  return removed.length;
}

/** Units (a level at a time, parents first), fields, agencies, legal documents. */
async function writeReferences(db: ClientBase, change: CatalogueWrite): Promise<{ written: number; affectedProcedures: number[] }> {
  const { units = [], fields = [], agencies = [], legalDocuments = [], legalActs = [] } = change;
  assertUnique(
    'unit',
    units.map((u) => u.code),
  );
  assertUnique(
    'field',
    fields.map((f) => f.code),
  );
  assertUnique(
    'agency',
    agencies.map((a) => a.code),
  );
  assertUnique(
    'legal document',
    legalDocuments.map((d) => d.number),
  );
  assertUnique(
    'legal act',
    legalActs.map((a) => a.number),
  );

  let written = 0;
  for (const level of LEVELS) {
    const atLevel = units.filter((unit) => unit.level === level);
    if (atLevel.length === 0) continue;
    await assertKnown(
      db,
      'unit',
      atLevel.flatMap((u) => (u.parentCode === null ? [] : [{ record: `unit ${u.code}`, code: u.parentCode }])),
    );
    written += (await upsertUnits(db, atLevel)).length;
  }
  const changedFields = fields.length ? await upsertFields(db, fields) : [];
  await assertKnown(
    db,
    'unit',
    agencies.map((a) => ({ record: `agency ${a.code}`, code: a.unitCode })),
  );
  const changedAgencies = agencies.length ? await upsertAgencies(db, agencies) : [];
  const changedDocuments = legalDocuments.length ? await upsertLegalDocuments(db, legalDocuments) : [];
  const changedActs = legalActs.length ? await upsertLegalActs(db, legalActs) : [];
  written += changedFields.length + changedAgencies.length + changedDocuments.length + changedActs.length;
  // A renamed field or agency changes the search text of every procedure under it.
  return { written, affectedProcedures: await proceduresOf(db, changedFields, changedAgencies) };
}

/** Procedures whose derived columns are due, refreshed in batches as they come. */
class PendingRefresh {
  private readonly ids = new Set<number>();

  constructor(private readonly db: ClientBase) {}

  async add(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.ids.add(id);
    if (this.ids.size >= PROCEDURES_PER_REFRESH) await this.flush();
  }

  /** Refreshes what is due; false when nothing was. */
  async flush(): Promise<boolean> {
    if (this.ids.size === 0) return false;
    await refreshDerived(this.db, [...this.ids]);
    this.ids.clear();
    return true;
  }
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
