import type { Sql } from '../db/sql';

/**
 * The statistics' version now, and when it last went up (null before anything changed). Every
 * committed transaction that changed a table statistics are read from (the rollups, the published
 * figures) raises it by one (see the StatisticsVersion migration), so a statistics download made
 * at version v is current for as long as the version reads v.
 */
export async function readStatisticsVersion(sql: Sql): Promise<{ version: number; changedAt: Date | null }> {
  const [row] = await sql.prepared<{ version: number | string; changed_at: Date | null }>(
    'statistics_version',
    'SELECT version, changed_at FROM statistics_version',
  );
  return { version: Number(row.version), changedAt: row.changed_at };
}
