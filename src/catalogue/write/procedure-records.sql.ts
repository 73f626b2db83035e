import type { ClientBase } from 'pg';
import type { ChangeKind } from '../history/change-kind';
import type { ChangeAuthor, ProcedureRecord, ProcedureScope } from './catalogue-record';

export interface WrittenProcedure {
  id: number;
  code: string;
}

/** A procedure's latest change, and its row unless the change removed it. */
export interface LatestVersion {
  version: number;
  kind: ChangeKind;
  validFrom: string;
  /** The row of the version; null after a removal. */
  id: number | null;
  /** Whether the row is still in force with no end recorded (valid_to IS NULL). */
  open: boolean;
  contentHash: string | null;
  fieldHashes: Record<string, string>;
  status: string | null;
}

/** The latest change of each of these codes that has any. */
export async function latestVersions(db: ClientBase, codes: readonly string[]): Promise<Map<string, LatestVersion>> {
  const { rows } = await db.query<LatestVersion & { code: string }>(
    `SELECT DISTINCT ON (c.procedure_code) c.procedure_code AS code, c.version, c.kind, to_char(c.valid_from, 'YYYY-MM-DD') AS "validFrom",
            p.id, p.id IS NOT NULL AND p.valid_to IS NULL AS open, p.content_hash AS "contentHash",
            coalesce(p.field_hashes, '{}') AS "fieldHashes", p.status
       FROM procedure_change c LEFT JOIN procedure p ON p.id = c.procedure_id
      WHERE c.procedure_code = ANY($1::text[])
      ORDER BY c.procedure_code, c.version DESC`,
    [codes],
  );
  return new Map(rows.map(({ code, ...latest }) => [code, latest]));
}

/** A version to store: the record, its number and the first day it is in force. */
export interface NewVersion {
  record: ProcedureRecord;
  version: number;
  validFrom: string;
  /** contentHash(record) and fieldHashes(record), which the writer has computed already. */
  contentHash: string;
  fieldHashes: Record<string, string>;
}

/**
 * Inserts versions as new procedure rows (a version is never rewritten), in the order given, and
 * returns their ids in that order. Field and agency codes must be known (see assertKnown): the
 * joins would drop a row that names an unknown one.
 */
export async function insertVersions(db: ClientBase, versions: readonly NewVersion[]): Promise<WrittenProcedure[]> {
  const rows = versions.map(({ record: p, version, validFrom, contentHash, fieldHashes }, position) => ({
    position,
    code: p.code,
    version,
    valid_from: validFrom,
    field_hashes: fieldHashes,
    name: p.name,
    name_en: p.nameEn,
    level: p.level,
    field_code: p.fieldCode,
    agency_code: p.agencyCode,
    status: p.status,
    effective_from: p.effectiveFrom,
    effective_to: p.effectiveTo,
    is_one_stop: p.isOneStop,
    is_interconnected: p.isInterconnected,
    online_service_level: p.onlineServiceLevel,
    subjects: p.subjects,
    conditions: p.conditions,
    results: p.results,
    announcement_decision: p.announcementDecision,
    is_representative: p.isRepresentative,
    representative_fields: p.representativeFields,
    updated_at: p.updatedAt,
    content_hash: contentHash,
  }));
  const result = await db.query<WrittenProcedure & { position: number }>(
    `WITH inserted AS (
       INSERT INTO procedure (code, version, valid_from, field_hashes, name, name_en, level, field_id, implementing_agency_id, status,
                              effective_from, effective_to, is_one_stop, is_interconnected, online_service_level, subjects,
                              conditions, results, announcement_decision, is_representative, representative_fields, updated_at, content_hash)
       SELECT r.code, r.version, r.valid_from, r.field_hashes, r.name, r.name_en, r.level, f.id, a.id, r.status, r.effective_from,
              r.effective_to, r.is_one_stop, r.is_interconnected, r.online_service_level, r.subjects, r.conditions, r.results,
              r.announcement_decision, r.is_representative, r.representative_fields, r.updated_at, r.content_hash
         FROM jsonb_to_recordset($1) AS r(position int, code text, version int, valid_from date, field_hashes jsonb, name text,
                name_en text, level text, field_code text, agency_code text, status text, effective_from date, effective_to date,
                is_one_stop boolean, is_interconnected boolean, online_service_level text, subjects text[], conditions text,
                results text[], announcement_decision text, is_representative boolean, representative_fields text[], updated_at timestamptz,
                content_hash text)
         JOIN field f ON f.code = r.field_code
         JOIN agency a ON a.code = r.agency_code
        -- New rows get their ids in the order of the records.
        ORDER BY r.position
       RETURNING id, code, version
     )
     SELECT i.id, i.code FROM inserted i JOIN jsonb_to_recordset($1) AS r(position int, code text, version int) USING (code, version)
      ORDER BY r.position`,
    [JSON.stringify(rows)],
  );
  return result.rows;
}

/** Ends versions in force: each row is in force up to (not including) its day. */
export async function closeVersions(db: ClientBase, closing: readonly { id: number; validTo: string }[]): Promise<void> {
  if (closing.length === 0) return;
  await db.query(
    `UPDATE procedure p SET valid_to = greatest(c."validTo", p.valid_from)
       FROM jsonb_to_recordset($1) AS c(id int, "validTo" date) WHERE p.id = c.id`,
    [JSON.stringify(closing)],
  );
}

/** A change to record in the feed, in the order given. */
export interface ChangeRow {
  code: string;
  version: number;
  kind: ChangeKind;
  validFrom: string;
  /** The version's row; null for a removal. */
  procedureId: number | null;
  legalAct: string | null;
  changedFields: string[];
}

/**
 * Appends changes to the feed in the order given. Their positions come from one sequence while the
 * writer holds its lock (see catalogue-writer), so positions are also in the order of commits.
 */
export async function recordChanges(db: ClientBase, changes: readonly ChangeRow[], author: ChangeAuthor): Promise<void> {
  if (changes.length === 0) return;
  await db.query(
    `INSERT INTO procedure_change (procedure_code, version, kind, valid_from, procedure_id, legal_act_id, changed_fields,
                                   origin, author, author_key_id, author_agency_id)
     SELECT c.code, c.version, c.kind, c."validFrom", c."procedureId", a.id, c."changedFields",
            $2, $3, $4, (SELECT id FROM agency WHERE code = $5)
       FROM jsonb_to_recordset($1) AS c(position int, code text, version int, kind text, "validFrom" date, "procedureId" int,
              "legalAct" text, "changedFields" text[])
       LEFT JOIN legal_act a ON a.number = c."legalAct"
      ORDER BY c.position`,
    [JSON.stringify(changes.map((change, position) => ({ ...change, position }))), author.origin, author.name, author.keyId, author.agencyCode],
  );
}

/** The versions with no end recorded of these codes. */
export async function openVersionsOf(db: ClientBase, codes: readonly string[]): Promise<{ id: number; code: string; version: number }[]> {
  const { rows } = await db.query<{ id: number; code: string; version: number }>(
    `SELECT p.id, p.code, p.version FROM procedure p WHERE p.valid_to IS NULL AND p.code = ANY($1::text[]) ORDER BY p.code`,
    [codes],
  );
  return rows;
}

/** The versions in force with no end recorded, of the procedures of `scope` whose codes are not among `carried`. */
export async function openOutside(db: ClientBase, scope: ProcedureScope, carried: readonly string[]): Promise<{ id: number; code: string; version: number }[]> {
  const { rows } = await db.query<{ id: number; code: string; version: number }>(
    `SELECT p.id, p.code, p.version FROM procedure p
      WHERE p.valid_to IS NULL
        AND ($1::text IS NULL OR starts_with(p.code, $1))
        AND ($2::boolean IS NULL OR p.is_representative = $2)
        AND NOT EXISTS (SELECT FROM unnest($3::text[]) AS carried(code) WHERE carried.code = p.code)
      ORDER BY p.code`,
    [scope.codePrefix ?? null, scope.representative ?? null, carried],
  );
  return rows;
}

/**
 * Deletes representative procedures whose codes start with one of `codePrefixes`, with their whole
 * history (children and search rows by ON DELETE CASCADE). For generated measurement data only
 * (the scale generator's copies): a real procedure is removed by a REMOVED change, and its history
 * stays. Returns how many procedures went.
 */
export async function purgeRepresentative(db: ClientBase, codePrefixes: readonly string[]): Promise<number> {
  const matches = (column: string) => `EXISTS (SELECT FROM unnest($1::text[]) AS prefix WHERE starts_with(${column}, prefix))`;
  const { rows } = await db.query<{ procedures: number }>(
    `WITH gone AS (
       DELETE FROM procedure_change c WHERE ${matches('c.procedure_code')}
          AND NOT EXISTS (SELECT FROM procedure p WHERE p.code = c.procedure_code AND NOT p.is_representative)
       RETURNING c.procedure_code
     )
     SELECT count(DISTINCT procedure_code)::int AS procedures FROM gone`,
    [codePrefixes],
  );
  await db.query(
    `DELETE FROM procedure p WHERE ${matches('p.code')} AND p.is_representative
        AND NOT EXISTS (SELECT FROM procedure_change c WHERE c.procedure_id = p.id)`,
    [codePrefixes],
  );
  return rows[0].procedures;
}

/**
 * The list helpers and the search projection of these procedures (refresh_procedure_derived,
 * which also recounts how many procedures use each document name).
 */
export async function refreshDerived(db: ClientBase, procedureIds: readonly number[]): Promise<void> {
  await db.query(`SELECT refresh_procedure_derived($1::int[])`, [procedureIds]);
}

/** After removals alone: the documents' use counts, which refreshDerived would otherwise recount. */
export async function recountDocumentUses(db: ClientBase): Promise<void> {
  await db.query(`SELECT refresh_search_document_uses()`);
}
