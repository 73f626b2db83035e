import type { ClientBase } from 'pg';
import type { ProcedureRecord, ProcedureScope } from './catalogue-record';
import { contentHash } from './content-hash';

export interface WrittenProcedure {
  id: number;
  code: string;
}

/**
 * Upserts procedure rows and returns those inserted or rewritten: a row whose stored content hash
 * equals the record's is left alone, so `updated_at` (from the record, not the clock), the ids of
 * its children and the catalogue version stay as they were. Field and agency codes must be known
 * (see assertKnown): the joins would drop a row that names an unknown one.
 */
export async function upsertProcedures(db: ClientBase, procedures: readonly ProcedureRecord[]): Promise<WrittenProcedure[]> {
  const rows = procedures.map((p, position) => ({
    position,
    code: p.code,
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
    updated_at: p.updatedAt,
    content_hash: contentHash(p),
  }));
  const result = await db.query<WrittenProcedure>(
    `INSERT INTO procedure (code, name, name_en, level, field_id, implementing_agency_id, status, effective_from,
                            effective_to, is_one_stop, is_interconnected, online_service_level, subjects, conditions,
                            results, announcement_decision, is_representative, updated_at, content_hash)
     SELECT r.code, r.name, r.name_en, r.level, f.id, a.id, r.status, r.effective_from, r.effective_to, r.is_one_stop,
            r.is_interconnected, r.online_service_level, r.subjects, r.conditions, r.results,
            r.announcement_decision, r.is_representative, r.updated_at, r.content_hash
       FROM jsonb_to_recordset($1) AS r(position int, code text, name text, name_en text, level text, field_code text,
              agency_code text, status text, effective_from date, effective_to date, is_one_stop boolean,
              is_interconnected boolean, online_service_level text, subjects text[], conditions text,
              results text[], announcement_decision text, is_representative boolean, updated_at timestamptz,
              content_hash text)
       JOIN field f ON f.code = r.field_code
       JOIN agency a ON a.code = r.agency_code
      -- New rows get their ids in the order of the records.
      ORDER BY r.position
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, name_en = excluded.name_en, level = excluded.level, field_id = excluded.field_id,
       implementing_agency_id = excluded.implementing_agency_id, status = excluded.status,
       effective_from = excluded.effective_from, effective_to = excluded.effective_to,
       is_one_stop = excluded.is_one_stop, is_interconnected = excluded.is_interconnected,
       online_service_level = excluded.online_service_level, subjects = excluded.subjects,
       conditions = excluded.conditions, results = excluded.results,
       announcement_decision = excluded.announcement_decision, is_representative = excluded.is_representative,
       updated_at = excluded.updated_at, content_hash = excluded.content_hash
     WHERE procedure.content_hash IS DISTINCT FROM excluded.content_hash
     RETURNING id, code`,
    [JSON.stringify(rows)],
  );
  return result.rows;
}

/**
 * Deletes the procedures of `scope` whose codes are not among `carried` (their children and
 * search rows go by ON DELETE CASCADE) and returns how many went.
 */
export async function removeOutside(db: ClientBase, scope: ProcedureScope, carried: readonly string[]): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM procedure p
      WHERE ($1::text IS NULL OR starts_with(p.code, $1))
        AND ($2::boolean IS NULL OR p.is_representative = $2)
        AND NOT EXISTS (SELECT FROM unnest($3::text[]) AS carried(code) WHERE carried.code = p.code)`,
    [scope.codePrefix ?? null, scope.representative ?? null, carried],
  );
  return rowCount ?? 0;
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
