import type { Sql } from '../../src/db/sql';

/**
 * Figures of a unit (with its sub-units) and period counted directly over the raw dossiers: what
 * the rollups must add up to. Keys are the GraphQL/DossierFigureValues names they check.
 */
export async function directFigures(sql: Sql, unitCode: string, from: string, to: string): Promise<Record<string, number>> {
  const [direct] = await sql.rows<Record<string, number>>(
    `WITH RECURSIVE scope AS (SELECT id FROM administrative_unit WHERE code = $1
                              UNION ALL SELECT c.id FROM administrative_unit c JOIN scope s ON c.parent_id = s.id),
     d AS (SELECT d.*, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rday,
                  (finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS fday
           FROM dossier d WHERE unit_id IN (SELECT id FROM scope))
     SELECT count(*) FILTER (WHERE rday < $2 AND (fday IS NULL OR fday >= $2))::int AS "carriedOver",
            count(*) FILTER (WHERE rday BETWEEN $2 AND $3)::int AS "newlyReceived",
            count(*) FILTER (WHERE rday BETWEEN $2 AND $3 AND channel = 'ONLINE')::int AS "receivedOnline",
            count(*) FILTER (WHERE fday BETWEEN $2 AND $3 AND status IN (9, 10))::int AS resolved,
            count(*) FILTER (WHERE fday BETWEEN $2 AND $3 AND status IN (9, 10) AND finished_at > due_at)::int AS "resolvedOverdue",
            count(*) FILTER (WHERE fday BETWEEN $2 AND $3 AND status = 7)::int AS withdrawn,
            count(*) FILTER (WHERE rday <= $3 AND (fday IS NULL OR fday > $3))::int AS "pendingAtEnd"
     FROM d`,
    [unitCode, from, to],
  );
  return direct;
}

/** The same keys picked from figures the API or the service computed. */
export function pick(object: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]));
}
