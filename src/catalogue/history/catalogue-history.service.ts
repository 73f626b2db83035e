import type { Sql } from '../../db/sql';
import type { Page } from '../../shared/page';
import { LazyPage, pageOf } from '../../shared/page';
import { DEFAULT_PAGE_SIZE, pageSize } from '../../shared/pagination';
import { checkCode } from '../procedure.service';
import { procedureSelect, type ProcedureRow } from '../procedure-record.sql';
import type { Procedure } from '../procedure.type';
import { feedPosition, versionCursor } from './history-cursors';
import type { CatalogueChange, ProcedureVersion } from './procedure-version.type';

/** Changes a page of the feed may hold: enough to sync a catalogue in a few requests. */
export const MAX_FEED_PAGE = 1_000;
export const DEFAULT_FEED_PAGE = 100;

/** What every change shows, from procedure_change c. */
const CHANGE_COLUMNS = `
  c.version, c.kind, c.recorded_at AS "recordedAt", c.changed_fields AS "changedFields", c.procedure_id AS "procedureId",
  (SELECT json_build_object('number', a.number, 'title', a.title, 'issuer', a.issuer, 'issuedOn', a.issued_on,
                            'isRepresentative', a.is_representative)
     FROM legal_act a WHERE a.id = c.legal_act_id) AS "legalAct"`;

/**
 * The catalogue's history, read from the changes the catalogue writer recorded: a procedure's
 * versions, newest first, and the change feed, in the order recorded. The writer takes positions
 * under its lock and commits in that order, so a reader that has seen a position has seen every
 * one before it: polling with the last position seen misses nothing and repeats nothing.
 */
export class CatalogueHistoryService {
  constructor(private readonly sql: Sql) {}

  /** Versions of `code` (removed procedures included), newest first; `selected`: the client's selection on their `procedure`. */
  history(code: string, args: { first?: number | null; after?: string | null }, selected: ReadonlySet<string> | null): Page<ProcedureVersion> {
    checkCode(code);
    const size = pageSize(args.first, 'first') ?? DEFAULT_PAGE_SIZE;
    const before = args.after == null ? null : Number(versionCursor.decode(args.after, 'after'));
    return new LazyPage(
      async () => {
        const rows = await this.sql.rows<ProcedureVersion>(
          `SELECT * FROM (
             SELECT ${CHANGE_COLUMNS}, to_char(c.valid_from, 'YYYY-MM-DD') AS "validFrom",
                    to_char(lead(c.valid_from) OVER (ORDER BY c.version), 'YYYY-MM-DD') AS "validTo"
               FROM procedure_change c WHERE c.procedure_code = $1
           ) v
           WHERE $2::int IS NULL OR v.version < $2::int
           ORDER BY v.version DESC LIMIT $3`,
          [code, before, size + 1],
        );
        const hasNextPage = rows.length > size;
        const page = await withProcedures(this.sql, rows.slice(0, size), selected);
        const edges = page.map((node) => ({ node, cursor: versionCursor.encode(node.version) }));
        return pageOf(edges, hasNextPage, before !== null);
      },
      async () => (await this.sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM procedure_change WHERE procedure_code = $1`, [code]))!.n,
    );
  }

  /** Up to `first` changes recorded after position `after` (from the first when null), in the order recorded. */
  changes(args: { first?: number | null; after?: string | null }, selected: ReadonlySet<string> | null): Page<CatalogueChange> {
    const size = pageSize(args.first, 'first', MAX_FEED_PAGE) ?? DEFAULT_FEED_PAGE;
    const after = args.after == null ? null : feedPosition.decode(args.after, 'after');
    return new LazyPage(
      async () => {
        const rows = await this.changesAfter(after, size + 1, selected);
        const hasNextPage = rows.length > size;
        const edges = rows.slice(0, size).map((node) => ({ node, cursor: node.position }));
        return pageOf(edges, hasNextPage, after !== null);
      },
      async () => (await this.sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM procedure_change`))!.n,
    );
  }

  /** The changes after a stored position (from the first when null), with procedures loaded when `selected`. */
  changesAfter(after: string | null, limit: number, selected: ReadonlySet<string> | null): Promise<CatalogueChange[]> {
    return this.readChanges('$1::bigint IS NULL OR c.position > $1::bigint', 'ASC', [after, limit], selected);
  }

  /** The latest `limit` changes, newest first (for a feed reader). */
  latestChanges(limit: number, selected: ReadonlySet<string> | null): Promise<CatalogueChange[]> {
    return this.readChanges('$1::bigint IS NULL', 'DESC', [null, limit], selected);
  }

  /** Changes where `condition` holds ($1: a stored position), in position order, at most $2, positions made opaque. */
  private async readChanges(condition: string, order: 'ASC' | 'DESC', params: [string | null, number], selected: ReadonlySet<string> | null) {
    const rows = await this.sql.rows<CatalogueChange>(
      `SELECT ${CHANGE_COLUMNS}, c.position::text AS position, c.procedure_code AS "procedureCode",
              to_char(c.valid_from, 'YYYY-MM-DD') AS "effectiveFrom"
         FROM procedure_change c WHERE ${condition}
        ORDER BY c.position ${order} LIMIT $2`,
      params,
    );
    for (const row of rows) row.position = feedPosition.encode(row.position);
    return withProcedures(this.sql, rows, selected);
  }
}

/** Each change with the procedure as its version has it (null for a removal), when anyone asked for it (`selected`). */
export async function withProcedures<T extends { procedureId: number | null; procedure: Procedure | null }>(
  sql: Sql,
  rows: T[],
  selected: ReadonlySet<string> | null,
): Promise<T[]> {
  const ids = rows.flatMap((row) => (row.procedureId === null ? [] : [row.procedureId]));
  const found = new Map<number, Procedure>();
  if (selected && ids.length) {
    const { columns, joins, toProcedure } = procedureSelect(selected);
    const procedures = await sql.rows<ProcedureRow & { rowId: number }>(
      `SELECT p.id AS "rowId", ${columns} FROM procedure p ${joins} WHERE p.id = ANY($1::int[])`,
      [ids],
    );
    for (const { rowId, ...row } of procedures) found.set(rowId, toProcedure(row));
  }
  for (const row of rows) row.procedure = row.procedureId === null ? null : (found.get(row.procedureId) ?? null);
  return rows;
}
