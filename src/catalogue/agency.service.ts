import { decodeKeysetCursor, fetchConnection, type KeysetOrder } from '../db/keyset';
import type { Sql } from '../db/sql';
import type { Page } from '../shared/page';
import { pageRequest, type PageArguments } from '../shared/pagination';
import type { AdministrativeLevel } from '../shared/levels';
import type { Agency } from './agency.type';
import { AGENCY_COLUMNS, toAgency } from './catalogue.loaders';

const BY_CODE: KeysetOrder = { name: 'CODE:ASC', expression: 'a.code', type: 'text', descending: false };

export class AgencyService {
  constructor(private readonly sql: Sql) {}

  list(args: PageArguments, level: AdministrativeLevel | null | undefined): Page<Agency> {
    return fetchConnection(
      this.sql,
      {
        columns: AGENCY_COLUMNS,
        idExpression: 'a.id',
        source: (params) => ({ from: 'agency a', conditions: level ? [`a.level = ${params.add(level)}`] : [] }),
        order: BY_CODE,
        toNode: toAgency,
      },
      pageRequest(args, decodeKeysetCursor(BY_CODE)),
    );
  }

  async findByCode(code: string): Promise<Agency | null> {
    const row = await this.sql.one<Omit<Agency, 'id' | 'unit'>>(`SELECT ${AGENCY_COLUMNS} FROM agency a WHERE a.code = $1`, [code]);
    return row ? toAgency(row) : null;
  }
}
