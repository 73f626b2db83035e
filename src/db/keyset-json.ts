import type { JsonSelection } from '../shared/json-selection';
import type { PageRequest } from '../shared/pagination';
import { base64url, jsonText, objectJson, sqlLiteral, type ObjectJson } from './json-text';
import { encodeKeysetCursor, keysetStatement, pageInfoOf, type KeysetCursor, type KeysetQuery } from './keyset';
import type { Sql } from './sql';

/**
 * A Relay connection's JSON text for a client's keys, built by PostgreSQL: the edges (each with
 * its node and cursor) as one text, so that a page is not its rows parsed, made into objects,
 * executed and serialised again. What a statement cannot give exactly (`totalCount`, a field of
 * an edge other than its node and cursor) is not planned.
 */
export interface ConnectionJson {
  /** The connection's JSON text, from the page (see fetchConnectionJson). */
  write(page: JsonPage): string;
  /** The SQL of an edge's JSON text, given the SQL of its cursor. */
  edge(cursor: string): string;
  /** Whether the page's first and last cursors are asked (pageInfo's startCursor, endCursor). */
  endCursors: boolean;
}

interface JsonPage {
  edges: string;
  pageInfo: Record<string, unknown>;
}

const PAGE_INFO = new Set(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);

const isField = (entry: JsonSelection, field: string) => 'field' in entry && entry.field === field;

/** The JSON text of an object of `values` for `keys` (each a field of it, or a constant). */
function writeObject(keys: readonly JsonSelection[], values: Record<string, unknown>): string {
  return `{${keys.map((entry) => `${JSON.stringify(entry.key)}:${JSON.stringify('constant' in entry ? entry.constant : values[entry.field])}`).join(',')}}`;
}

/** How a connection of nodes built by `node` answers `keys` as JSON, or null when one cannot be built exactly. */
export function connectionJson(keys: readonly JsonSelection[], node: ObjectJson): ConnectionJson | null {
  let edgeKeys: readonly JsonSelection[] = [];
  let pageInfoKeys: readonly JsonSelection[] = [];
  for (const entry of keys) {
    if ('constant' in entry) continue;
    if (entry.field === 'edges' && entry.selection) edgeKeys = entry.selection;
    else if (entry.field === 'pageInfo' && entry.selection?.every((key) => 'constant' in key || PAGE_INFO.has(key.field))) pageInfoKeys = entry.selection;
    else return null;
  }
  const edge = (cursor: string) => objectJson({ cursor }, { node })(edgeKeys);
  if (edge("''") === null) return null;
  // Only nodes with related records: their rows come with JSON built by PostgreSQL anyway (see
  // procedureSelect), parsed, executed and serialised again by the server. A page of plain values
  // (a names page of 100) cost PostgreSQL as much more as JSON text as it saved the server
  // (server 0.55-0.89 -> 0.45-0.84 ms a request, PostgreSQL 0.18-0.25 -> 0.30-0.47 ms), and was
  // not faster on the bench's two shared cores; a page of 20 with children was 13-27 % faster.
  const nodeKeys = edgeKeys.find((entry) => isField(entry, 'node'));
  if (!nodeKeys || !('selection' in nodeKeys) || !nodeKeys.selection!.some((key) => 'selection' in key && key.selection)) return null;
  return {
    edge: (cursor) => jsonText(edge(cursor)!),
    endCursors: pageInfoKeys.some((key) => isField(key, 'startCursor') || isField(key, 'endCursor')),
    write: (page) =>
      `{${keys
        .map((entry) => {
          const value = 'constant' in entry ? JSON.stringify(entry.constant) : entry.field === 'edges' ? page.edges : writeObject(pageInfoKeys, page.pageInfo);
          return `${JSON.stringify(entry.key)}:${value}`;
        })
        .join(',')}}`,
  };
}

interface JsonPageRow {
  edges: string;
  rows: number;
  /** The keys and ids of the page's first and last edges, when its end cursors are asked. */
  first_key?: string | null;
  first_id?: number | null;
  last_key?: string | null;
  last_id?: number | null;
}

/**
 * A page of the query's rows as `json` asks it (see connectionJson). The page's statement (see
 * keysetStatement) builds each row's edge; one statement around it gathers them into an array in
 * the list's order and keeps the page (not the one row more read to learn whether another page
 * follows: the last read). Gathered in the order the rows are read, as when reading forwards,
 * PostgreSQL does not sort them again; numbering the rows (row_number) to keep and sort them by
 * made it sort, and a names page of 100 cost it 0.59 ms rather than 0.25 (backend CPU, the
 * prepared statement in a loop).
 */
export async function fetchConnectionJson(
  sql: Sql,
  query: Omit<KeysetQuery, 'columns' | 'buildsRelated'>,
  request: PageRequest<KeysetCursor>,
  json: ConnectionJson,
): Promise<string> {
  const { order, idExpression } = query;
  // A cursor as encodeKeysetCursor writes it: base64url of {"o":<order>,"k":<key as text>,"i":<id>}.
  const cursor = base64url(
    `${sqlLiteral(`{"o":${JSON.stringify(order.name)},"k":`)} || to_json((${order.expression})::text)::text || ',"i":' || ${idExpression} || '}'`,
  );
  const page = keysetStatement(
    {
      ...query,
      // The key is read as text for the end cursors (a page of JSON has no name column to read it from).
      order: { ...order, column: undefined },
      columns: `${json.edge(cursor)} AS _edge, ${order.expression} AS _sort`,
      buildsRelated: true, // see connectionJson
    },
    request,
  );
  const direction = order.descending ? 'DESC' : 'ASC';
  const gathered = (column: string) => `array_agg(${column} ORDER BY _sort ${direction}, _id ${direction}) AS ${column}`;
  const size = Math.trunc(request.size);
  // The page in the gathered arrays: read backwards, the row read last is the list's first.
  const [low, high] = request.backward ? [`greatest(cardinality(_edge) - ${size} + 1, 1)`, 'cardinality(_edge)'] : ['1', `least(cardinality(_edge), ${size})`];
  const ends = json.endCursors ? `, _key[${low}] AS first_key, _id[${low}] AS first_id, _key[${high}] AS last_key, _id[${high}] AS last_id` : '';
  const text = `SELECT '[' || coalesce(array_to_string(_edge[${low}:${high}], ','), '') || ']' AS edges, coalesce(cardinality(_edge), 0) AS rows${ends}
    FROM (SELECT ${gathered('_edge')}${json.endCursors ? `, ${gathered('_key')}, ${gathered('_id')}` : ''} FROM (${page}) page) gathered`;
  const row = (await sql.one<JsonPageRow>(text, query.params.values, { plannedForValues: query.selective }))!;
  const cursorOf = (key: string | null | undefined, id: number | null | undefined) =>
    typeof key === 'string' ? encodeKeysetCursor(order, { key, id: id! }) : null;
  return json.write({
    edges: row.edges,
    pageInfo: {
      ...pageInfoOf(request, row.rows > request.size),
      startCursor: cursorOf(row.first_key, row.first_id),
      endCursor: cursorOf(row.last_key, row.last_id),
    },
  });
}
