import type { ClientBase } from 'pg';
import type { Readable } from 'node:stream';
import type { Sql } from '../db/sql';
import { systemClock, vietnamDay, type Clock } from '../shared/clock';
import { LAST_STORED_SQL, toStoredRecord, type StoredRecord } from '../catalogue/stored-record.sql';
import type { ChangeAuthor, FieldRecord, LegalActRecord, LegalDocumentRecord, ProcedureRecord } from '../catalogue/write/catalogue-record';
import { lockCatalogueWrites, writeCatalogue } from '../catalogue/write/catalogue-writer';
import { changedFields, fieldHashes, sameContent } from '../catalogue/write/content-hash';
import { latestVersions } from '../catalogue/write/procedure-records.sql';
import { mapPackage, type NationalProcedure } from './package-mapping';
import { mergePackage, type LocalReferences } from './package-merge';
import { readPackages, UnreadablePackages } from './package-reader';

export interface ImportOptions {
  /** Report what would change, write nothing. */
  dryRun: boolean;
  /** The input is the whole list: local procedures missing from it are removed (after a complete, readable input only). */
  full: boolean;
  /** The act the changes are made under; its date is when they take effect (today when none). */
  decision: (LegalActRecord & { issuedOn: string }) | null;
  author: ChangeAuthor;
}

type PackageOutcome = 'CREATED' | 'AMENDED' | 'RESTORED' | 'UNCHANGED' | 'SKIPPED' | 'INVALID';

/** What became of one package. */
export interface PackageResult {
  index: number;
  code: string | null;
  outcome: PackageOutcome;
  /** For AMENDED: the fields that change, by their names on Procedure. */
  changedFields?: string[];
  /** For INVALID: each problem as `[12].CACHTHUCTHUCHIEN[0]...: what`; for SKIPPED: why. */
  problems?: string[];
}

type ImportTotals = Record<Lowercase<PackageOutcome>, number> & { packages: number; removed: number };

/** What an import reports as it goes: results a chunk at a time, then the removals (--full), then the end. */
export type ImportEvent =
  | { kind: 'packages'; results: PackageResult[] }
  | { kind: 'removals'; codes: string[]; skipped: string | null }
  | { kind: 'done'; totals: ImportTotals; dryRun: boolean; catalogueVersion: number; failure: string | null };

/** Packages per transaction: each chunk is written (or planned) whole, so a failure loses at most one chunk's work. */
const CHUNK = 200;

/**
 * The national procedure package import: reads packages as they arrive (any size, constant
 * memory), maps each (package-mapping), merges it with the local record (package-merge) and
 * writes what changed through the catalogue writer, a chunk per transaction, holding the writer's
 * lock from reading the local records to writing. A bad package is reported with its path and not
 * written; the others are. Importing the same input again changes nothing.
 */
export class NationalImport {
  /** `sql`: the catalogue role's pool. */
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  async *run(input: Readable | AsyncIterable<Buffer | string>, options: ImportOptions): AsyncGenerator<ImportEvent> {
    const totals: ImportTotals = { packages: 0, created: 0, amended: 0, restored: 0, unchanged: 0, skipped: 0, invalid: 0, removed: 0 };
    const seen = new Map<string, number>();
    let codeless = 0;
    let failure: string | null = null;
    const known = { agencies: await this.sql.rows<{ code: string; name: string }>('SELECT code, name FROM agency') };
    const act = options.decision && !(await this.sql.one('SELECT 1 FROM legal_act WHERE number = $1', [options.decision.number])) ? options.decision : null;

    let results: PackageResult[] = [];
    let pending: { index: number; national: NationalProcedure }[] = [];
    const flush = async (): Promise<ImportEvent> => {
      const written = pending.length ? await this.chunk(pending, known, act, options) : [];
      const event: ImportEvent = { kind: 'packages', results: [...results, ...written].sort((a, b) => a.index - b.index) };
      for (const result of event.results) totals[result.outcome.toLowerCase() as Lowercase<PackageOutcome>]++;
      totals.packages += event.results.length;
      [results, pending] = [[], []];
      return event;
    };

    try {
      for await (const item of readPackages(input)) {
        if ('problem' in item) {
          codeless++;
          results.push({ index: item.index, code: null, outcome: 'INVALID', problems: [`[${item.index}]: ${item.problem}`] });
        } else {
          const mapped = mapPackage(item.value, item.index);
          const code = mapped.ok ? mapped.procedure.code : mapped.code;
          const first = code === null ? undefined : seen.get(code);
          if (code === null) codeless++;
          else if (first === undefined) seen.set(code, item.index);
          if (first !== undefined) {
            results.push({
              index: item.index,
              code,
              outcome: 'INVALID',
              problems: [`[${item.index}].MATTHC: "${code}" appears twice in the input (first at [${first}])`],
            });
          } else if (!mapped.ok) {
            results.push({ index: item.index, code, outcome: 'INVALID', problems: mapped.problems.map((p) => `${p.path}: ${p.message}`) });
          } else if (!mapped.procedure.isPublic) {
            results.push({
              index: item.index,
              code,
              outcome: 'SKIPPED',
              problems: [`TRANGTHAI "${mapped.procedure.status ?? ''}": not public, not imported (nor removed)`],
            });
          } else {
            pending.push({ index: item.index, national: mapped.procedure });
          }
        }
        if (pending.length + results.length >= CHUNK) yield await flush();
      }
    } catch (error) {
      if (!(error instanceof UnreadablePackages)) throw error;
      failure = error.message;
    }
    if (pending.length + results.length > 0) yield await flush();

    if (options.full) {
      const reason = failure ? 'the input could not be read to its end' : codeless ? `${codeless} packages have no readable MATTHC` : null;
      const codes = reason ? [] : await this.missing(seen, act, options);
      totals.removed = codes.length;
      yield { kind: 'removals', codes, skipped: reason && `nothing removed: ${reason}, so the input may not be the whole list` };
    }
    const version = await this.sql.one<{ version: string }>('SELECT version FROM catalogue_version');
    yield { kind: 'done', totals, dryRun: options.dryRun, catalogueVersion: Number(version!.version), failure };
  }

  /** Plans a chunk against the local records and, unless a dry run, writes it, in one transaction. */
  private chunk(
    pending: { index: number; national: NationalProcedure }[],
    known: Omit<LocalReferences, 'fieldCodes'>,
    act: LegalActRecord | null,
    options: ImportOptions,
  ): Promise<PackageResult[]> {
    return this.sql.transaction(async (db) => {
      if (!options.dryRun) await lockCatalogueWrites(db);
      const now = this.clock();
      const today = vietnamDay(now);
      const day = options.decision?.issuedOn ?? today;
      const codes = pending.map((p) => p.national.code);
      const latest = await latestVersions(db, codes);
      const stored = new Map((await db.query<StoredRecord>(LAST_STORED_SQL, [codes])).rows.map((row) => [row.record.code, toStoredRecord(row).record]));
      const fieldCodes = await present(
        db,
        'field',
        'code',
        pending.flatMap((p) => (p.national.field ? [p.national.field.slug] : [])),
      );
      const documents = await present(
        db,
        'legal_document',
        'number',
        pending.flatMap((p) => p.national.legalDocuments.map((d) => d.number)),
      );

      const results: PackageResult[] = [];
      const changed: ProcedureRecord[] = [];
      const newFields = new Map<string, FieldRecord>();
      const newDocuments = new Map<string, LegalDocumentRecord>();
      for (const { index, national } of pending) {
        const before = latest.get(national.code);
        const local = stored.get(national.code) ?? null;
        const merged = mergePackage(index, national, local, { ...known, fieldCodes }, day);
        if ('problems' in merged) {
          results.push({ index, code: national.code, outcome: 'INVALID', problems: merged.problems.map((p) => `${p.path}: ${p.message}`) });
          continue;
        }
        const removed = before?.kind === 'REMOVED';
        if (local && !removed && sameContent(local, merged.record)) {
          results.push({ index, code: national.code, outcome: 'UNCHANGED' });
          continue;
        }
        if (before && day < before.validFrom) {
          const problem = `[${index}]: would take effect on ${day}, before the procedure's latest change (version ${before.version}, in force from ${before.validFrom})`;
          results.push({ index, code: national.code, outcome: 'INVALID', problems: [problem] });
          continue;
        }
        const record = { ...merged.record, updatedAt: now.toISOString() };
        changed.push(record);
        if (merged.newField) newFields.set(merged.newField.code, merged.newField);
        for (const document of national.legalDocuments)
          if (!documents.has(document.number) && !newDocuments.has(document.number)) newDocuments.set(document.number, document);
        const fields = local && !removed ? changedFields(fieldHashes(local), fieldHashes(record)).filter((f) => f !== 'updatedAt') : undefined;
        results.push({ index, code: national.code, outcome: !before ? 'CREATED' : removed ? 'RESTORED' : 'AMENDED', ...(fields && { changedFields: fields }) });
      }
      if (!options.dryRun && changed.length) {
        await writeCatalogue(
          db,
          {
            fields: [...newFields.values()],
            legalDocuments: [...newDocuments.values()],
            legalActs: act ? [act] : [],
            enactedBy: { legalAct: options.decision?.number ?? null, validFrom: day },
            procedures: changed,
            author: options.author,
          },
          today,
        );
      }
      return results;
    });
  }

  /** The local procedures in force that the input does not carry, removed unless a dry run. */
  private async missing(seen: ReadonlyMap<string, number>, act: LegalActRecord | null, options: ImportOptions): Promise<string[]> {
    return this.sql.transaction(async (db) => {
      if (!options.dryRun) await lockCatalogueWrites(db);
      const { rows } = await db.query<{ code: string }>('SELECT code FROM procedure WHERE valid_to IS NULL ORDER BY code');
      const codes = rows.map((row) => row.code).filter((code) => !seen.has(code));
      if (!options.dryRun && codes.length) {
        const today = vietnamDay(this.clock());
        await writeCatalogue(
          db,
          {
            legalActs: act ? [act] : [],
            removing: codes,
            enactedBy: { legalAct: options.decision?.number ?? null, validFrom: options.decision?.issuedOn ?? today },
            author: options.author,
          },
          today,
        );
      }
      return codes;
    });
  }
}

/** Which of these values the table holds in the column. */
async function present(db: ClientBase, table: string, column: string, values: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ value: string }>(`SELECT ${column} AS value FROM ${table} WHERE ${column} = ANY($1::text[])`, [[...new Set(values)]]);
  return new Set(rows.map((row) => row.value));
}
