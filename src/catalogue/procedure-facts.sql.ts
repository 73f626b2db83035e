import type { Sql } from '../db/sql';

/** What other features record of a procedure with their own data (a dossier: its field, and whether it is offered fully online). */
export interface ProcedureFacts {
  fieldCode: string;
  fullOnline: boolean;
}

/**
 * The facts of the procedures with these codes the catalogue has, by code (of each, its latest
 * version: a dossier may be reported after its procedure was removed); codes it never had are absent.
 */
export async function procedureFacts(sql: Sql, codes: string[]): Promise<Map<string, ProcedureFacts>> {
  if (!codes.length) return new Map();
  const rows = await sql.rows<{ code: string; field_code: string; full_online: boolean }>(
    `SELECT DISTINCT ON (p.code) p.code, f.code AS field_code, p.online_service_level = 'FULL' AS full_online
     FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.code = ANY($1) ORDER BY p.code, p.version DESC`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { fieldCode: r.field_code, fullOnline: r.full_online }]));
}
