import type { Sql } from '../../db/sql';
import { badInput } from '../../shared/errors';
import { LazyPage, pageOf, type Page } from '../../shared/page';
import { DEFAULT_PAGE_SIZE, pageSize } from '../../shared/pagination';
import { STORED_VERSIONS_SQL, toStoredRecord, type StoredRecord } from '../stored-record.sql';
import type { CatalogueAuditEntry } from './catalogue-audit.type';
import { withProcedures } from './catalogue-history.service';
import { feedPosition } from './history-cursors';
import { diffRecords } from './record-diff';

/** Which entries: of one procedure, of the procedures one agency implements, recorded since a time. */
export interface AuditFilter {
  procedureCode?: string | null;
  agencyCode?: string | null;
  since?: Date | null;
}

type AuditRow = CatalogueAuditEntry & { previousId: number | null };

/**
 * The public audit trail: the change feed, newest first, with who made each change and what it
 * changed, value by value, compared from the two versions (which never change once written).
 * A page reads its changes in one statement and the versions they compare in one more.
 */
export class CatalogueAuditService {
  constructor(private readonly sql: Sql) {}

  /** Up to `first` entries recorded before position `after` (the newest when null); `selected`: the client's selection on their procedure. */
  entries(args: { first?: number | null; after?: string | null }, filter: AuditFilter, selected: ReadonlySet<string> | null): Page<CatalogueAuditEntry> {
    const size = pageSize(args.first, 'first') ?? DEFAULT_PAGE_SIZE;
    const before = args.after == null ? null : feedPosition.decode(args.after, 'after');
    for (const [name, value] of [
      ['procedureCode', filter.procedureCode],
      ['agencyCode', filter.agencyCode],
    ] as const) {
      if (value != null && (value.length === 0 || value.length > 80)) throw badInput(`${name} must have 1 to 80 characters`, name);
    }
    // The filter's three parameters, numbered from `n`.
    const where = (n: number) => `($${n}::text IS NULL OR c.procedure_code = $${n})
       AND ($${n + 1}::timestamptz IS NULL OR c.recorded_at >= $${n + 1})
       AND ($${n + 2}::text IS NULL OR EXISTS (SELECT FROM procedure p JOIN agency a ON a.id = p.implementing_agency_id
                                                WHERE p.id = coalesce(c.procedure_id, prev.id) AND a.code = $${n + 2}))`;
    const from = `procedure_change c
       LEFT JOIN LATERAL (SELECT p.id FROM procedure p WHERE p.code = c.procedure_code AND p.version < c.version
                           ORDER BY p.version DESC LIMIT 1) prev ON true`;
    const params = [filter.procedureCode ?? null, filter.since ?? null, filter.agencyCode ?? null];
    return new LazyPage(
      async () => {
        const rows = await this.sql.rows<AuditRow>(
          `SELECT c.position::text AS position, c.procedure_code AS "procedureCode", c.version, c.kind, c.recorded_at AS "recordedAt",
                  to_char(c.valid_from, 'YYYY-MM-DD') AS "effectiveFrom", c.changed_fields AS "changedFields", c.procedure_id AS "procedureId",
                  prev.id AS "previousId", c.origin, c.author,
                  (SELECT json_build_object('code', a.code, 'name', a.name) FROM agency a WHERE a.id = c.author_agency_id) AS "authorAgency",
                  (SELECT json_build_object('number', a.number, 'title', a.title, 'issuer', a.issuer, 'issuedOn', a.issued_on,
                                            'isRepresentative', a.is_representative)
                     FROM legal_act a WHERE a.id = c.legal_act_id) AS "legalAct"
             FROM ${from}
            WHERE ($1::bigint IS NULL OR c.position < $1::bigint) AND ${where(2)}
            ORDER BY c.position DESC LIMIT $5`,
          [before, ...params, size + 1],
        );
        const entries = await withProcedures(this.sql, await this.withChanges(rows.slice(0, size)), selected);
        const edges = entries.map((node) => ({ node, cursor: node.position }));
        return pageOf(edges, rows.length > size, before !== null);
      },
      async () => (await this.sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${where(1)}`, params))!.n,
    );
  }

  /** Each entry with its differences, from its version and the one before (none for a removal). */
  private async withChanges(rows: AuditRow[]): Promise<CatalogueAuditEntry[]> {
    const ids = [...new Set(rows.flatMap((row) => [row.procedureId, row.previousId].filter((id): id is number => id !== null)))];
    const versions = new Map<number, StoredRecord>();
    if (ids.length) for (const row of await this.sql.rows<StoredRecord>(STORED_VERSIONS_SQL, [ids])) versions.set(row.id, toStoredRecord(row));
    return rows.map(({ previousId, ...entry }) => {
      const after = entry.procedureId === null ? null : versions.get(entry.procedureId)!.record;
      const before = previousId === null ? null : versions.get(previousId)!.record;
      return { ...entry, position: feedPosition.encode(entry.position), changes: after ? diffRecords(before, after) : [] };
    });
  }
}
