import { badInput } from '../shared/errors';
import { decodeCursorJson, encodeCursor, type PageRequest } from '../shared/pagination';
import type { PageInfo } from '../shared/page';
import type { Sql } from './sql';
import { SqlParams } from './sql-params';
import { LazyPage, pageOf, type Page } from '../shared/page';

/** Position of a row in an ordered list: the sort key (as text, exact) and the row id. */
export interface KeysetCursor {
  key: string;
  id: number;
}

/** A sort order: SQL expression, its type for casting the cursor key back, and direction. */
export interface KeysetOrder {
  /** Name stored in the cursor, so a cursor of one order is refused by another. */
  name: string;
  expression: string;
  type: 'text' | 'numeric' | 'timestamptz';
  descending: boolean;
  /**
   * The row's property that holds the key, when the order is by a text column the select list
   * has anyway (a name): the page then reads the key from it rather than selecting it twice.
   */
  column?: string;
}

/** Row ids are PostgreSQL integers. */
const isRowId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 2 ** 31 - 1;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/**
 * A timestamptz as PostgreSQL writes it with its default DateStyle (ISO): `2025-01-31
 * 08:30:00.123456+07`. JavaScript's Date.parse takes far more ("1", "March 7", 30 February),
 * which PostgreSQL would refuse as a parameter.
 */
function isPostgresTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(:\d{2}){0,2}$/.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, , offset] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !isLeapYear(year))) return false;
  return year >= 1 && hour <= 23 && minute <= 59 && second <= 59 && offset <= 15;
}

const KEY_IS_VALID: Record<KeysetOrder['type'], (key: string) => boolean> = {
  text: (key) => !key.includes('\u0000'),
  numeric: (key) => /^(-?\d{1,30}(\.\d{1,30})?|Infinity)$/.test(key),
  timestamptz: isPostgresTimestamp,
};

export function encodeKeysetCursor(order: KeysetOrder, cursor: KeysetCursor): string {
  return encodeCursor({ o: order.name, k: cursor.key, i: cursor.id });
}

export function decodeKeysetCursor(order: KeysetOrder) {
  return (raw: string, argument: string): KeysetCursor => {
    const value = decodeCursorJson(raw, argument) as { o?: unknown; k?: unknown; i?: unknown } | null;
    if (typeof value !== 'object' || value === null || typeof value.k !== 'string' || !isRowId(value.i)) {
      throw badInput(`${argument} is not a valid cursor`, argument);
    }
    if (value.o !== order.name) {
      throw badInput(`${argument} is a cursor of another ordering; start again without it`, argument);
    }
    // The key goes back to PostgreSQL as a parameter cast to the order's type: whatever it would refuse is refused here.
    if (!KEY_IS_VALID[order.type](value.k)) throw badInput(`${argument} is not a valid cursor`, argument);
    return { key: value.k, id: value.i };
  };
}

export interface KeysetQuery {
  /** Select list; the page adds `_key` (unless the order names its column) and `_id` columns for the cursor. */
  columns: string;
  from: string;
  joins?: string;
  /** Whether each row builds related records (subqueries, joins): see the LIMIT in fetchKeysetPage. */
  buildsRelated?: boolean;
  idExpression: string;
  conditions: string[];
  params: SqlParams;
  order: KeysetOrder;
  /** Whether the conditions keep a share of the rows that depends on their values: see StatementOptions. */
  selective?: boolean;
}

/**
 * One statement per page: `(key, id) > (cursor)` on an index, no OFFSET, one row more than
 * asked to learn whether another page follows. Reading backwards flips the order and the
 * comparison (the rows come in reverse). Adds the cursor's values to the query's params.
 */
export function keysetStatement(query: KeysetQuery, request: PageRequest<KeysetCursor>): string {
  const { order, params } = query;
  const descending = order.descending !== request.backward;
  const conditions = [...query.conditions];
  if (request.cursor) {
    conditions.push(
      `(${order.expression}, ${query.idExpression}) ${descending ? '<' : '>'} ` +
        `(${params.add(request.cursor.key)}::${order.type}, ${params.add(request.cursor.id)}::integer)`,
    );
  }
  // A first page has its size (a bounded whole number) written into the statement: for a LIMIT
  // it cannot see, PostgreSQL plans every execution again (a page of 20 with children: 1.40 ->
  // 1.15 ms a statement). After a cursor, which form PostgreSQL keeps one generic plan for depends
  // on the rows (pg_stat_statements, plans per call): a page whose rows build related records is
  // planned every time with a parameter, and keeps a generic plan with the size written in once
  // its cursors are deep enough for that plan to look no dearer (the bench's page after 1,500:
  // 0.39 ms of planning a request gone); a page read straight from the index, the other way round
  // (a names page of 96: 1 plan in 70 calls with a parameter, 1 per call written in, 0.17 ms each).
  // The prepared-statements tests hold both.
  const limit = request.cursor && !query.buildsRelated ? params.add(request.size + 1) : String(Math.trunc(request.size) + 1);
  const key = order.column ? '' : `(${order.expression})::text AS _key, `;
  const direction = descending ? 'DESC' : 'ASC';
  return `SELECT ${query.columns}, ${key}${query.idExpression} AS _id
       FROM ${query.from} ${query.joins ?? ''}
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${order.expression} ${direction}, ${query.idExpression} ${direction}
      LIMIT ${limit}`;
}

/** Where a page read with one row more than asked sits: `hasMore` when that row came. */
export function pageInfoOf(request: PageRequest<KeysetCursor>, hasMore: boolean): Omit<PageInfo, 'startCursor' | 'endCursor'> {
  return request.backward
    ? { hasPreviousPage: hasMore, hasNextPage: request.cursor !== null }
    : { hasNextPage: hasMore, hasPreviousPage: request.cursor !== null };
}

/** The rows of a page (see keysetStatement), in the list's order, and where it sits. */
async function fetchKeysetPage<Row>(
  sql: Sql,
  query: KeysetQuery,
  request: PageRequest<KeysetCursor>,
): Promise<{ rows: (Row & { _key: string; _id: number })[]; pageInfo: Omit<PageInfo, 'startCursor' | 'endCursor'> }> {
  const text = keysetStatement(query, request);
  const rows = await sql.rows<Row & { _key: string; _id: number }>(text, query.params.values, { plannedForValues: query.selective });
  const hasMore = rows.length > request.size;
  if (hasMore) rows.pop();
  if (request.backward) rows.reverse();
  return { rows, pageInfo: pageInfoOf(request, hasMore) };
}

export interface ConnectionQuery<Row, Node> {
  columns: string;
  /** Joins that `columns` read from, after the FROM item: the page's statement has them, the count's has not. */
  joins?: string;
  /** Whether each row builds related records (subqueries, joins): see the LIMIT in fetchKeysetPage. */
  buildsRelated?: boolean;
  idExpression: string;
  /**
   * Builds the FROM item and WHERE conditions with their parameters; called once for the page
   * and once more for the count.
   */
  source: (params: SqlParams) => { from: string; conditions: string[]; selective?: boolean };
  order: KeysetOrder;
  toNode: (row: Row) => Node;
}

/** An edge whose cursor is encoded when it is read: most clients select the nodes and pageInfo only. */
class KeysetEdge<Node> {
  constructor(
    readonly node: Node,
    private readonly order: KeysetOrder,
    private readonly key: KeysetCursor,
  ) {}

  get cursor(): string {
    return encodeKeysetCursor(this.order, this.key);
  }
}

/**
 * A Relay page over `from`: the page in one statement and `totalCount` in another, each run only
 * when a client selects it (see LazyPage).
 */
export function fetchConnection<Row, Node>(sql: Sql, query: ConnectionQuery<Row, Node>, request: PageRequest<KeysetCursor>): Page<Node> {
  return new LazyPage(
    async () => {
      const params = new SqlParams();
      const { rows, pageInfo } = await fetchKeysetPage<Row>(sql, { ...query, ...query.source(params), params }, request);
      const { column } = query.order;
      const keyOf = (row: Row & { _key: string }) => (column ? (row as Record<string, unknown>)[column] : row._key) as string;
      const edges = rows.map((row) => new KeysetEdge(query.toNode(row), query.order, { key: keyOf(row), id: row._id }));
      return pageOf(edges, pageInfo.hasNextPage, pageInfo.hasPreviousPage);
    },
    async () => {
      const params = new SqlParams();
      const { from, conditions, selective } = query.source(params);
      const row = await sql.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${from} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
        params.values,
        { plannedForValues: selective },
      );
      return row?.n ?? 0;
    },
  );
}
