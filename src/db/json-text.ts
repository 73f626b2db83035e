import type { JsonSelection } from '../shared/json-selection';

/**
 * SQL that writes JSON text as JSON.stringify writes it (no spaces), so that an answer a service
 * has PostgreSQL build has the same bytes as the one executing its fields gives:
 * `json_build_object` and `json_agg` put spaces between keys and values. Each value is written by
 * `to_json` (strings escaped as JSON.stringify escapes them), and the text is joined in SQL.
 */

/** An SQL expression of the JSON text of one object for the keys asked, or null when a key is not one it can build exactly. */
export type ObjectJson = (keys: readonly JsonSelection[]) => string | null;

/** A string literal of SQL. */
export const sqlLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A scalar's JSON text; `null` for NULL (which would otherwise make the whole text NULL). */
const scalarJson = (sql: string) => `coalesce(to_json(${sql})::text, 'null')`;

/**
 * The object of the fields `columns` (an SQL expression each, whose JSON is the field's value as
 * the API serialises it) and `related` (their objects' own builders), in the order of the keys.
 */
export function objectJson(columns: Record<string, string>, related: Record<string, ObjectJson> = {}): ObjectJson {
  return (keys) => {
    const members: string[] = [];
    for (const entry of keys) {
      let value: string | null | undefined;
      if ('constant' in entry) value = sqlLiteral(JSON.stringify(entry.constant));
      else if (entry.selection) value = related[entry.field]?.(entry.selection);
      else value = columns[entry.field] && scalarJson(columns[entry.field]);
      if (!value) return null;
      members.push(`${sqlLiteral(`${members.length ? ',' : '{'}${JSON.stringify(entry.key)}:`)} || ${value}`);
    }
    return members.length ? `(${members.join(' || ')} || '}')` : `'{}'`;
  };
}

/** An aggregate of the JSON texts `item` of a statement's rows as a JSON array, in `order` (`[]`, not null, when there are none). */
export const jsonArray = (item: string, order: string) => `'[' || coalesce(string_agg(${item}, ',' ORDER BY ${order}), '') || ']'`;

/** Text as base64url without padding, as Buffer's `base64url` writes it (PostgreSQL's base64 breaks its lines). */
export const base64url = (text: string) => `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
