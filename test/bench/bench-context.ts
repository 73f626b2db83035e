import { encodeKeysetCursor } from '../../src/db/keyset';
import type { Sql } from '../../src/db/sql';

/** A place in the catalogue's name order, as each contestant writes a cursor that continues after it. */
export interface PagePosition {
  ourCursor: string;
  postgraphileCursor: string;
  /** The plain key (name, id), base64url JSON. */
  baselineCursor: string;
}

/** A procedure's values that the filtered requests filter on. */
export interface ProcedureValues {
  /** Its place in the name order (index into `positions`). */
  position: number;
  level: string;
  fieldCode: string;
  fieldId: number;
  isOneStop: boolean;
  onlineServiceLevel: string;
  minFeeVnd: number | null;
  /** Its name's words, folded as a search folds them. */
  name: string;
}

/** What the bench's requests are made of: read from the database (and the peer's cursors) once. */
export interface BenchContext {
  /** Every procedure's place, in name order. */
  positions: PagePosition[];
  procedures: ProcedureValues[];
  /** Units with dossiers in their subtree, for the statistics requests. */
  units: string[];
  /** The first and the last day with a received dossier (Asia/Ho_Chi_Minh). */
  dossierDays: { first: string; last: string };
}

async function postgraphileCursors(url: string): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ procedures(orderBy: [NAME_ASC, ROW_ID_ASC]) { edges { cursor } } }` }),
  });
  const answer = (await response.json()) as { data: { procedures: { edges: { cursor: string }[] } } };
  return answer.data.procedures.edges.map((edge) => edge.cursor);
}

export async function readBenchContext(sql: Sql, postgraphileUrl: string): Promise<BenchContext> {
  const rows = await sql.rows<{
    id: number;
    name: string;
    level: string;
    field_code: string;
    field_id: number;
    is_one_stop: boolean;
    online_service_level: string;
    min_fee_vnd: string | null;
    name_words: string;
  }>(
    `SELECT p.id, p.name, p.level, f.code AS field_code, p.field_id, p.is_one_stop, p.online_service_level, p.min_fee_vnd, s.name_words
       FROM procedure p JOIN field f ON f.id = p.field_id JOIN procedure_search s ON s.procedure_id = p.id
      ORDER BY p.name, p.id`,
  );
  const peerCursors = await postgraphileCursors(postgraphileUrl);
  if (peerCursors.length !== rows.length) throw new Error(`PostGraphile lists ${peerCursors.length} procedures, the database ${rows.length}`);
  const positions = rows.map((row, i) => ({
    ourCursor: encodeKeysetCursor({ name: 'NAME:ASC', expression: 'p.name', type: 'text', descending: false }, { key: row.name, id: row.id }),
    postgraphileCursor: peerCursors[i],
    baselineCursor: Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url'),
  }));
  const procedures = rows.map((row, position) => ({
    position,
    level: row.level,
    fieldCode: row.field_code,
    fieldId: row.field_id,
    isOneStop: row.is_one_stop,
    onlineServiceLevel: row.online_service_level,
    minFeeVnd: row.min_fee_vnd === null ? null : Number(row.min_fee_vnd),
    name: row.name_words.trim(),
  }));
  const units = await sql.rows<{ code: string }>(
    `SELECT u.code FROM administrative_unit u
      WHERE EXISTS (SELECT 1 FROM dossier_subtree_monthly m WHERE m.unit_id = u.id) ORDER BY u.code`,
  );
  const [days] = await sql.rows<{ first: string; last: string }>(
    `SELECT to_char(min(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') AS first,
            to_char(max(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD') AS last FROM dossier`,
  );
  if (!units.length || !days.first) throw new Error('the bench database has no dossiers');
  return { positions, procedures, units: units.map((u) => u.code), dossierDays: days };
}
