import { decodeKeysetCursor, fetchConnection, type KeysetOrder } from '../db/keyset';
import type { Sql } from '../db/sql';
import type { Page } from '../shared/page';
import { badInput } from '../shared/errors';
import { pageRequest, type PageArguments } from '../shared/pagination';
import type { AdministrativeLevel } from '../shared/levels';
import type { AdministrativeUnit } from './administrative-unit.type';
import { UNIT_COLUMNS, toUnit } from './administrative-unit.loaders';

const BY_CODE: KeysetOrder = { name: 'CODE:ASC', expression: 'u.code', type: 'text', descending: false };
const MAX_UNIT_CODE_LENGTH = 10;

function checkUnitCode(code: string, argument: string): void {
  if (code.length > MAX_UNIT_CODE_LENGTH) throw badInput(`${argument} is longer than ${MAX_UNIT_CODE_LENGTH} characters`, argument);
}

export class AdministrativeUnitService {
  constructor(private readonly sql: Sql) {}

  async findByCode(code: string): Promise<AdministrativeUnit | null> {
    checkUnitCode(code, 'code');
    const row = await this.sql.one<Omit<AdministrativeUnit, 'id' | 'parent'>>(`SELECT ${UNIT_COLUMNS} FROM administrative_unit u WHERE u.code = $1`, [code]);
    return row ? toUnit(row) : null;
  }

  list(args: PageArguments, level: AdministrativeLevel | null | undefined, parentCode: string | null | undefined): Page<AdministrativeUnit> {
    if (parentCode != null) checkUnitCode(parentCode, 'parentCode');
    return fetchConnection(
      this.sql,
      {
        columns: UNIT_COLUMNS,
        idExpression: 'u.id',
        source: (params) => ({
          from: 'administrative_unit u',
          conditions: [
            ...(level ? [`u.level = ${params.add(level)}`] : []),
            ...(parentCode != null ? [`u.parent_id = (SELECT id FROM administrative_unit WHERE code = ${params.add(parentCode)})`] : []),
          ],
        }),
        order: BY_CODE,
        toNode: toUnit,
      },
      pageRequest(args, decodeKeysetCursor(BY_CODE)),
    );
  }
}
