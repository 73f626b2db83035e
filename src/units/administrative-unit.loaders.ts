import DataLoader from 'dataloader';
import { byKey } from '../db/batch';
import type { Sql } from '../db/sql';
import { toGlobalId } from '../graphql/global-id';
import type { AdministrativeUnit } from './administrative-unit.type';

export const UNIT_COLUMNS = `u.id AS "dbId", u.code, u.name, u.kind, u.level, u.parent_id AS "parentId"`;
export const toUnit = (row: Omit<AdministrativeUnit, 'id' | 'parent'>) => ({ ...row, id: toGlobalId('AdministrativeUnit', row.code) }) as AdministrativeUnit;

export function createUnitLoaders(sql: Sql) {
  return {
    unit: new DataLoader<number, AdministrativeUnit | null>(async (keys) =>
      byKey(
        keys,
        (
          await sql.rows<Omit<AdministrativeUnit, 'id' | 'parent'>>(`SELECT ${UNIT_COLUMNS} FROM administrative_unit u WHERE u.id = ANY($1::int[])`, [keys])
        ).map(toUnit),
        (r) => r.dbId,
      ),
    ),
  };
}
