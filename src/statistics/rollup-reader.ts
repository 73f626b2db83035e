import type { Sql } from '../db/sql';
import { ROLLUP_COUNTERS } from '../dossiers/dossier-contribution';
import { childrenOf, subtreeCte, unitsWhere } from '../units/unit-tree.sql';
import { addDays, monthStart, type DateRange } from './period';

export type CounterSums = Record<(typeof ROLLUP_COUNTERS)[number], number>;

export interface RollupScope {
  /** The unit whose dossiers count, with its sub-units when `includeSubunits`. */
  unitId: number;
  includeSubunits: boolean;
  /** Sum per direct sub-unit of the unit instead (each with its own sub-units when `includeSubunits`). */
  perSubunit?: boolean;
  level?: string | null;
  fieldCode?: string | null;
  procedureCode?: string | null;
}

export interface RollupRow extends CounterSums {
  /** First day of the bucket; null for everything before the range (what is carried over). */
  bucket: string | null;
  level: string;
  /** The unit summed: the scope's unit, or one of its direct sub-units when `perSubunit`. */
  unitId: number;
}

export type BucketInterval = 'range' | 'month' | 'quarter' | 'year';

/**
 * Sums the rollups for a scope: one row per bucket and level for the range, plus one per level
 * (bucket null) for all days before it, whose state counters give what is carried over. Whole
 * months inside the range (and before it) come from a monthly table, the days of a partial month at
 * either end from a daily one: per subtree and level when nothing narrower is asked (a few hundred
 * rows for a province's year: its own rows hold its units' counts), with the field when a field is
 * asked, and only daily rows with the procedure when a procedure is asked (monthly rows do not
 * keep it). One statement.
 */
export async function readRollups(sql: Sql, scope: RollupScope, range: DateRange, interval: BucketInterval): Promise<RollupRow[]> {
  const fromMonth = monthStart(range.from);
  const fullFrom = range.from === fromMonth ? range.from : monthStart(addDays(fromMonth, 32));
  const fullTo = monthStart(addDays(range.to, 1)); // exclusive
  // $1 unit, $2 from, $3 to; the rest numbered as they are used
  const values: unknown[] = [scope.unitId, range.from, range.to];
  const param = (value: unknown) => `$${values.push(value)}`;
  const filters = [
    scope.level ? `level = ${param(scope.level)}` : null,
    scope.fieldCode ? `field_code = ${param(scope.fieldCode)}` : null,
    scope.procedureCode ? `procedure_code = ${param(scope.procedureCode)}` : null,
  ].filter(Boolean);
  const where = ['unit_id = s.id', ...filters].join(' AND ');
  const bySubtree = !scope.procedureCode && !scope.fieldCode;
  const sums = ROLLUP_COUNTERS.map((c) => `sum(sign * ${c})::int AS ${c}`).join(', ');
  const columns = ROLLUP_COUNTERS.join(', ');
  const [daily, monthly] = bySubtree ? ['dossier_subtree_daily', 'dossier_subtree_monthly'] : ['dossier_daily', 'dossier_monthly'];
  const days = (condition: string) => `SELECT s.root, s.sign, day, level, ${columns} FROM scope s JOIN ${daily} ON ${where} AND ${condition}`;
  const months = (condition: string) => `SELECT s.root, s.sign, month AS day, level, ${columns} FROM scope s JOIN ${monthly} ON ${where} AND ${condition}`;
  // Each source is one index range: a range of days OR-ed with another would read what lies between.
  let sources: string[];
  if (scope.procedureCode) {
    sources = [days('day <= $3')];
  } else {
    const first = param(fromMonth);
    if (fullFrom < fullTo) {
      const [wholeFrom, wholeTo] = [param(fullFrom), param(fullTo)];
      sources = [
        months(`month < ${first}`),
        months(`month >= ${wholeFrom} AND month < ${wholeTo}`),
        days(`day >= ${first} AND day < ${wholeFrom}`),
        days(`day >= ${wholeTo} AND day <= $3`),
      ];
    } else {
      sources = [months(`month < ${first}`), days(`day >= ${first} AND day <= $3`)];
    }
  }
  const bucket = interval === 'range' ? `$2::date` : `greatest(date_trunc('${interval}', day)::date, $2::date)`;
  const start = scope.perSubunit ? 'u.parent_id = $1' : 'u.id = $1';
  // The units whose rows are summed (times sign) for each root: with the subtree tables a root's
  // own row, less its children's when its sub-units are left out; with the others every unit of it.
  const roots = `SELECT id, root, 1 AS sign FROM (${unitsWhere(start)}) r`;
  const units = bySubtree
    ? scope.includeSubunits
      ? roots
      : `${roots} UNION ALL SELECT id, root, -1 FROM (${childrenOf(start)}) c`
    : scope.includeSubunits
      ? `SELECT id, root, 1 AS sign FROM tree`
      : roots;
  const tree = !bySubtree && scope.includeSubunits ? `${subtreeCte('tree', start)}, ` : '';
  return sql.rows<RollupRow>(
    `WITH RECURSIVE ${tree}scope AS (${units}),
     rows AS (${sources.join(' UNION ALL ')})
     SELECT CASE WHEN day < $2 THEN NULL ELSE to_char(${bucket}, 'YYYY-MM-DD') END AS bucket, level, root AS "unitId", ${sums}
     FROM rows GROUP BY 1, 2, 3`,
    values,
  );
}
