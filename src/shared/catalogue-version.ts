import type { Sql } from '../db/sql';

/**
 * The catalogue's version now. Every statement that changes a catalogue table bumps it in the
 * same transaction (statement triggers, see the SearchProjection and CatalogueVersionCoverage
 * migrations), so an answer computed at or after version v is current for as long as the
 * version reads v.
 */
export async function readCatalogueVersion(sql: Sql): Promise<number> {
  const [row] = await sql.prepared<{ version: number }>('catalogue_version', 'SELECT version FROM catalogue_version');
  return row.version;
}
