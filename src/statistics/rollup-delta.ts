import type { PoolClient } from 'pg';
import type { DossierVersion } from './dossier';
import { dossierContribution, ROLLUP_COUNTERS } from './dossier-contribution';

interface DailyKey {
  unitId: number;
  day: string;
  level: string;
  fieldCode: string;
  procedureCode: string;
}

/**
 * The change a set of dossier writes makes to the rollups: each replaced version's contribution
 * subtracted, each new one's added, summed per rollup row before anything is written, so a chunk
 * costs one statement whatever its size.
 */
export class RollupDelta {
  private readonly rows = new Map<string, { key: DailyKey; counts: number[] }>();

  add(version: DossierVersion, sign: 1 | -1): void {
    for (const [day, counts] of dossierContribution(version)) {
      const key = { unitId: version.unitId, day, level: version.level, fieldCode: version.fieldCode, procedureCode: version.procedureCode };
      const id = `${key.unitId}\u0000${day}\u0000${key.level}\u0000${key.fieldCode}\u0000${key.procedureCode}`;
      const row = this.rows.get(id) ?? { key, counts: ROLLUP_COUNTERS.map(() => 0) };
      ROLLUP_COUNTERS.forEach((counter, i) => (row.counts[i] += sign * (counts[counter] ?? 0)));
      this.rows.set(id, row);
    }
  }

  /** Adds the delta to dossier_daily and dossier_monthly, in key order (no deadlock between writers). */
  async write(client: PoolClient): Promise<void> {
    const rows = [...this.rows.values()].filter((row) => row.counts.some((n) => n !== 0));
    if (!rows.length) return;
    const keys = [
      rows.map((r) => r.key.unitId),
      rows.map((r) => r.key.day),
      rows.map((r) => r.key.level),
      rows.map((r) => r.key.fieldCode),
      rows.map((r) => r.key.procedureCode),
    ];
    const counters = ROLLUP_COUNTERS.map((_, i) => rows.map((r) => r.counts[i]));
    const columns = ROLLUP_COUNTERS.join(', ');
    const unnestCounters = ROLLUP_COUNTERS.map((_, i) => `$${i + 6}::int[]`).join(', ');
    const sums = ROLLUP_COUNTERS.map((c) => `sum(${c})::int`).join(', ');
    const accumulate = (table: string) => ROLLUP_COUNTERS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
    // One statement for both tables: the delta's arrays are sent and unnested once.
    await client.query(
      `WITH delta AS (
         SELECT * FROM unnest($1::int[], $2::date[], $3::text[], $4::text[], $5::text[], ${unnestCounters})
           AS d(unit_id, day, level, field_code, procedure_code, ${columns})
       ), daily AS (
         INSERT INTO dossier_daily (unit_id, day, level, field_code, procedure_code, ${columns})
         SELECT * FROM delta ORDER BY unit_id, day, level, field_code, procedure_code
         ON CONFLICT (unit_id, day, level, field_code, procedure_code) DO UPDATE SET ${accumulate('dossier_daily')}
       )
       INSERT INTO dossier_monthly (unit_id, month, level, field_code, ${columns})
       SELECT unit_id, date_trunc('month', day)::date, level, field_code, ${sums}
       FROM delta GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (unit_id, month, level, field_code) DO UPDATE SET ${accumulate('dossier_monthly')}`,
      [...keys, ...counters],
    );
  }
}
