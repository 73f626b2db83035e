import type { Sql } from '../db/sql';

/** What other features record of a procedure with their own data (a dossier: its field, and whether it is offered fully online). */
export interface ProcedureFacts {
  fieldCode: string;
  fullOnline: boolean;
}

/** The facts of the procedures with these codes the catalogue has, by code; codes it has not are absent. */
export async function procedureFacts(sql: Sql, codes: string[]): Promise<Map<string, ProcedureFacts>> {
  if (!codes.length) return new Map();
  const rows = await sql.rows<{ code: string; field_code: string; full_online: boolean }>(
    `SELECT p.code, f.code AS field_code, p.online_service_level = 'FULL' AS full_online
     FROM procedure p JOIN field f ON f.id = p.field_id WHERE p.code = ANY($1)`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, { fieldCode: r.field_code, fullOnline: r.full_online }]));
}
