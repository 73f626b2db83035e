import type { Sql } from '../db/sql';
import { FIELD_COLUMNS, toField } from './catalogue.loaders';
import type { FieldType } from './field.type';

export class FieldService {
  constructor(private readonly sql: Sql) {}

  /** Every field, by Vietnamese name; a few dozen rows, so no pagination. */
  async all(): Promise<FieldType[]> {
    return (await this.sql.rows<Omit<FieldType, 'id'>>(`SELECT ${FIELD_COLUMNS} FROM field f ORDER BY f.name, f.id`)).map(toField);
  }

  async findByCode(code: string): Promise<FieldType | null> {
    const row = await this.sql.one<Omit<FieldType, 'id'>>(`SELECT ${FIELD_COLUMNS} FROM field f WHERE f.code = $1`, [code]);
    return row ? toField(row) : null;
  }
}
