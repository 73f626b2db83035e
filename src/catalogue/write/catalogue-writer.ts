import type { ClientBase } from 'pg';
import type { Sql } from '../../db/sql';
import { LEVELS } from '../../shared/levels';
import type { CatalogueWrite, ProcedureRecord } from './catalogue-record';
import { replaceChildren } from './procedure-children.sql';
import { recountDocumentUses, refreshDerived, removeOutside, upsertProcedures } from './procedure-records.sql';
import { assertKnown, assertUnique } from './record-checks';
import { proceduresOf, upsertAgencies, upsertFields, upsertLegalDocuments, upsertUnits } from './reference-records.sql';

export interface CatalogueWriteResult {
  /** Procedures inserted, or rewritten because their content changed. */
  proceduresWritten: number;
  /** Procedures of the `replacing` scope the write did not carry. */
  proceduresRemoved: number;
  /** Units, fields, agencies and legal documents inserted or changed. */
  referencesWritten: number;
  /** The catalogue version after the write: the one before it when nothing changed. */
  version: number;
}

/**
 * Two writes at once would interleave their upserts: the second waits for the first to commit.
 * The key the seed loader took before the writer existed, so an older instance waits too.
 */
const WRITE_LOCK = 727002;
/** Procedures per statement: a bulk write streams its records instead of sending them at once. */
const PROCEDURES_PER_STATEMENT = 2_000;
/** Procedures per refresh of the derived columns: each refresh ends with a pass over every document name's uses. */
const PROCEDURES_PER_REFRESH = 10_000;
/** From this many procedures written or removed on, search's statistics are refreshed at once rather than left to autovacuum. */
const ANALYZE_FROM = 1_000;

/**
 * The only code that writes the catalogue tables. A write upserts every record by its natural key
 * (unit and field codes, agency code, legal document number, procedure code) and rewrites a
 * procedure only when its content hash differs; it refreshes what search derives from the
 * procedures it changed, in the same transaction, so the catalogue version (raised by the tables'
 * triggers) goes up once for a write that changed something and not at all for one that did not.
 * A record that refers to an unknown code refuses the whole write.
 */
export class CatalogueWriter {
  /** `sql`: the catalogue role's pool (RoleSql.catalogue). */
  constructor(private readonly sql: Sql) {}

  /** One write, in a transaction of its own: all of it or nothing. */
  write(change: CatalogueWrite): Promise<CatalogueWriteResult> {
    return this.sql.transaction((client) => writeCatalogue(client, change));
  }
}

/** The same write in the caller's transaction, for a caller that holds one already. */
export async function writeCatalogue(db: ClientBase, change: CatalogueWrite): Promise<CatalogueWriteResult> {
  await db.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
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
    const uses = (code: (p: ProcedureRecord) => string[]) => chunk.flatMap((p) => code(p).map((c) => ({ record: `procedure ${p.code}`, code: c })));
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
    const written = await upsertProcedures(db, chunk);
    if (written.length === 0) continue;
    const byCode = new Map(chunk.map((p) => [p.code, p]));
    await replaceChildren(
      db,
      written.map(({ id, code }) => ({ id, record: byCode.get(code)! })),
    );
    await pending.add(written.map((w) => w.id));
    proceduresWritten += written.length;
  }

  const proceduresRemoved = change.replacing ? await removeOutside(db, change.replacing, [...carried]) : 0;
  // Refreshing recounts the documents' uses, which removals change too.
  if (!(await pending.flush()) && proceduresRemoved > 0) await recountDocumentUses(db);
  if (proceduresWritten + proceduresRemoved >= ANALYZE_FROM) await db.query('SELECT analyze_catalogue_search()');

  const { rows } = await db.query<{ version: number | string }>('SELECT version FROM catalogue_version');
  return { proceduresWritten, proceduresRemoved, referencesWritten: references.written, version: Number(rows[0].version) };
}

/** Units (a level at a time, parents first), fields, agencies, legal documents. */
async function writeReferences(db: ClientBase, change: CatalogueWrite): Promise<{ written: number; affectedProcedures: number[] }> {
  const { units = [], fields = [], agencies = [], legalDocuments = [] } = change;
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
  written += changedFields.length + changedAgencies.length + changedDocuments.length;
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
