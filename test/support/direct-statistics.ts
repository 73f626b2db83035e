import type { Sql } from '../../src/db/sql';
import { ROLLUP_COUNTERS } from '../../src/dossiers/dossier-contribution';

/**
 * Figures of a unit (with its sub-units unless `includeSubunits` is false) and period counted
 * directly over the raw dossiers: what the rollups must add up to. Keys are the
 * GraphQL/DossierFigureValues names they check.
 */
export async function directFigures(sql: Sql, unitCode: string, from: string, to: string, includeSubunits = true): Promise<Record<string, number>> {
  const [direct] = await sql.rows<Record<string, number>>(
    `WITH RECURSIVE scope AS (SELECT id FROM administrative_unit WHERE code = $1
                              UNION ALL SELECT c.id FROM administrative_unit c JOIN scope s ON c.parent_id = s.id WHERE $4),
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
    [unitCode, from, to, includeSubunits],
  );
  return direct;
}

/** The same keys picked from figures the API or the service computed. */
export function pick(object: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]));
}

/**
 * Rows where a coarser rollup table differs from the sums of dossier_daily it summarises (empty
 * when they agree): dossier_monthly by field, dossier_subtree_daily and dossier_subtree_monthly by
 * unit (with every unit below it) and level.
 */
export async function rollupDisagreements(sql: Sql): Promise<Record<string, unknown>[]> {
  const counters = ROLLUP_COUNTERS;
  const sums = counters.map((c) => `sum(${c})::int AS ${c}`).join(', ');
  const list = counters.join(', ');
  // Rows whose counters are all 0 mean nothing and may or may not be kept.
  const nonZero = counters.map((c) => `${c} <> 0`).join(' OR ');
  // Each daily row again under every unit above its own: what the subtree tables sum.
  const underAncestors = `(WITH RECURSIVE lineage AS (
      SELECT id AS unit_id, id AS ancestor_id, parent_id FROM administrative_unit
      UNION ALL SELECT l.unit_id, a.id, a.parent_id FROM lineage l JOIN administrative_unit a ON a.id = l.parent_id)
    SELECT l.ancestor_id AS unit_id, d.day, d.level, ${counters.map((c) => `d.${c}`).join(', ')} FROM dossier_daily d JOIN lineage l USING (unit_id)) AS d`;
  const compare = (table: string, key: string, grouped: string, source = 'dossier_daily') => `
    (SELECT '${table}' AS "table", * FROM ((SELECT ${key}, ${list} FROM ${table} WHERE ${nonZero}) EXCEPT
      (SELECT * FROM (SELECT ${grouped}, ${sums} FROM ${source} GROUP BY ${grouped}) g WHERE ${nonZero})) AS extra LIMIT 5)
    UNION ALL
    (SELECT '${table} missing', * FROM ((SELECT * FROM (SELECT ${grouped}, ${sums} FROM ${source} GROUP BY ${grouped}) g WHERE ${nonZero}) EXCEPT
      (SELECT ${key}, ${list} FROM ${table} WHERE ${nonZero})) AS missing LIMIT 5)`;
  const tables = [
    compare('dossier_monthly', `unit_id, month, level, field_code`, `unit_id, date_trunc('month', day)::date, level, field_code`),
    compare('dossier_subtree_daily', `unit_id, day, level`, `unit_id, day, level`, underAncestors),
    compare('dossier_subtree_monthly', `unit_id, month, level`, `unit_id, date_trunc('month', day)::date, level`, underAncestors),
  ];
  return (await Promise.all(tables.map((query) => sql.rows<Record<string, unknown>>(query)))).flat();
}
