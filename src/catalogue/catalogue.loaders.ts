import DataLoader from 'dataloader';
import { byKey } from '../db/batch';
import type { Sql } from '../db/sql';
import { SqlParams } from '../db/sql-params';
import { toGlobalId } from '../graphql/global-id';
import type { Agency } from './agency.type';
import type { FieldType } from './field.type';
import { inForceOn } from './in-force.sql';

export const FIELD_COLUMNS = `f.id AS "dbId", f.code, f.name`;
export const AGENCY_COLUMNS = `a.id AS "dbId", a.code, a.name, a.level, a.unit_id AS "unitId"`;

export const toField = (row: Omit<FieldType, 'id'>): FieldType => ({ ...row, id: toGlobalId('Field', row.code) });
export const toAgency = (row: Omit<Agency, 'id' | 'unit'>) => ({ ...row, id: toGlobalId('Agency', row.code) }) as Agency;

/**
 * Per-request loaders for the catalogue: each turns all the keys asked for at one nesting level
 * into a single SQL statement, so a page of 100 counts costs as many statements as a page of 1.
 * (A procedure's own related records come with it: see procedureSelect.)
 */
export function createCatalogueLoaders(sql: Sql, today: string) {
  const ids = (keys: readonly number[]) => [keys as number[]];
  return {
    field: new DataLoader<number, FieldType | null>(async (keys) =>
      byKey(
        keys,
        (await sql.rows<Omit<FieldType, 'id'>>(`SELECT ${FIELD_COLUMNS} FROM field f WHERE f.id = ANY($1::int[])`, ids(keys))).map(toField),
        (r) => r.dbId,
      ),
    ),

    // Counted only when asked for: a field is read with every procedure of a page. The procedures in force today.
    fieldProcedureCount: new DataLoader<number, number>(async (keys) => {
      const params = new SqlParams();
      const rows = await sql.rows<{ key: number; n: number }>(
        `SELECT field_id AS key, count(*)::int AS n FROM procedure p
          WHERE field_id = ANY(${params.add(keys)}::int[]) AND ${inForceOn(today)} GROUP BY field_id`,
        params.values,
      );
      return byKey(keys, rows, (r) => r.key).map((r) => r?.n ?? 0);
    }),
  };
}
