import { CatalogueCache } from '../../shared/catalogue-cache';
import type { Sql } from '../../db/sql';
import { SqlParams } from '../../db/sql-params';
import { LazyPage, once, pageOf, type Edge, type Page } from '../../shared/page';
import type { PageRequest } from '../../shared/pagination';
import { inForceOn } from '../in-force.sql';
import { procedureFilterConditions } from '../procedure-filter.sql';
import type { ProcedureFilter } from '../procedure.inputs';
import type { ProcedureSelect } from '../procedure-record.sql';
import { classOrder, searchMatch, searchRank, Tier, tierConditions, tierExpression } from './procedure-search.sql';
import { encodeRelevanceCursor, type RelevanceCursor } from './relevance-cursor';
import type { SearchQuery } from './search-query';
import { atCatalogueVersion, isCatalogueChanged, Vocabularies } from './search-vocabulary';
import { highlightName, type HighlightSegment } from './vietnamese-text';

/**
 * Up to this many matches, a page ranks them all in one statement; above it, it reads each
 * relevance class in name-length order and stops early. Chosen where both take about as long on
 * the ×50 catalogue (see the search bench).
 */
const SMALL_RESULT_LIMIT = 2000;

/** What a search adds to each edge (ProcedureEdgeSearchFields). */
interface SearchEdge<Node> extends Edge<Node> {
  searchRank: number;
  nameHighlight: HighlightSegment[];
}

/**
 * An edge whose cursor, rank and highlight are made when read: a client that lists names (most)
 * selects none of them, and a highlight folds every letter of the name.
 */
class RankedEdge<Node> implements SearchEdge<Node> {
  constructor(
    readonly node: Node,
    private readonly search: SearchQuery,
    private readonly row: RankedRow,
    private readonly position: number,
  ) {}

  get cursor(): string {
    const { row } = this;
    return encodeRelevanceCursor(this.search.fingerprint, { tier: row._tier, length: row._len, id: row._id, position: this.position });
  }

  get searchRank(): number {
    return searchRank(this.row._tier, this.row._len);
  }

  get nameHighlight(): HighlightSegment[] {
    return highlightName(this.row.name, this.search.tokens);
  }
}

/** Columns every search statement adds to the caller's procedure columns. */
interface RankedRow {
  _tier: number;
  _len: number;
  _id: number;
  name: string;
}

interface Ranked<Row> {
  /** In list order (forward), each with its 1-based position. */
  rows: { row: Row; position: number }[];
  /** Rows beyond the page in the direction read. */
  hasMore: boolean;
  /** The number of matches when this statement counted them all; null when it stopped at the limit. */
  total: number | null;
}

/**
 * Relevance-ordered pages of a word search over the search projection. The order is the same
 * whichever way a page is read: (class, name length, id), see tierConditions().
 *
 * Two ways to read a page, because no single plan is fast for both "khai tử lưu động" (a few
 * hundred matches) and "giấy phép" (a quarter of the catalogue):
 * - rank all: find the matches through the word index, classify each, sort; one statement that
 *   also counts them. It gives up (and says so) past SMALL_RESULT_LIMIT matches.
 * - by class: for each class, the first rows in (name length, id) order, which PostgreSQL reads
 *   either from the length index, stopping after a few rows when the class is large, or through
 *   the prefix, word or word-pair indexes when it is small; the union, each row in its best class,
 *   sorted.
 *   A class's first rows are enough because a row that belongs on the page has, in its best
 *   class, only rows before it that are before it in the list as well: at most the rows of
 *   earlier pages (the cursor's position) plus the page. So each class reads position + page + 1
 *   rows, and deep pages cost more, like OFFSET, but only in this path.
 * Reading backwards ranks all (backward pages of a long list are rare, and it gives positions).
 */
export class ProcedureSearchService {
  constructor(
    private readonly sql: Sql,
    private readonly counts = new CatalogueCache<number>(0),
    private readonly vocabularies = new Vocabularies(0),
    private readonly smallResultLimit = SMALL_RESULT_LIMIT,
  ) {}

  /**
   * A page of the procedures the parsed search finds among those `filter` keeps, read against the
   * vocabulary (remembered from an earlier request when it can be, see Vocabularies). `select`
   * reads the procedure (alias p); `toNode` makes the edge's node from that row.
   */
  page<Row extends { name: string }, Node>(
    parsed: SearchQuery,
    filter: ProcedureFilter | null | undefined,
    asOf: string,
    request: PageRequest<RelevanceCursor>,
    select: ProcedureSelect,
    toNode: (row: Row) => Node,
  ): Page<Node> {
    const scoped = once(async (): Promise<Scope> => {
      const { search, remembered } = await this.vocabularies.read(this.sql, parsed);
      return { parsed, search, filter, asOf, checkVersion: remembered ? search.catalogueVersion : null };
    });
    /** A statement of this page, built from its scope (see checked). */
    const run = async <T>(statement: (scope: Scope) => Promise<T>) => {
      const scope = await scoped();
      return this.checked(scope, () => statement(scope));
    };
    const probe = once(() => run((scope) => this.rankAll<Row>(scope, request, select, this.smallResultLimit)));
    const large = () => run((scope) => (request.backward ? this.rankAll<Row>(scope, request, select, null) : this.byClass<Row>(scope, request, select)));
    const ranked = once(async () => {
      const scope = await scoped();
      // A count known from an earlier request says which way to read without trying the first.
      const known = this.counts.known(scope.search.catalogueVersion!, countKey(scope));
      if (known !== undefined && known > this.smallResultLimit) return large();
      const small = await probe();
      return small.total !== null ? small : large();
    });
    return new LazyPage(
      async () => {
        const { rows, hasMore } = await ranked();
        // After the page's statement: the search it was read with, if the vocabulary was read again.
        const { search } = await scoped();
        const edges = rows.map(({ row, position }) => new RankedEdge(toNode(row), search, row, position));
        const hasCursor = request.cursor !== null;
        const [hasNextPage, hasPreviousPage] = request.backward ? [hasCursor, hasMore] : [hasMore, hasCursor];
        return pageOf(edges, hasNextPage, hasPreviousPage);
      },
      async () => {
        const scope = await scoped();
        // A count kept under a remembered vocabulary's version is trusted once the page's statement has checked that version.
        if (scope.checkVersion !== null) await ranked();
        return this.count(scope, probe);
      },
    );
  }

  /**
   * Runs a statement built from `scope`; when it fails because the catalogue changed since the
   * scope's remembered vocabulary was read, the search is read again (once for the scope's
   * statements) and the statement built and run again from it.
   */
  private async checked<T>(scope: Scope, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // Only a statement built from a remembered vocabulary checks the version.
      if (!isCatalogueChanged(error)) throw error;
      scope.readAgain ??= this.vocabularies.readAgain(this.sql, scope.parsed).then((search) => {
        scope.search = search;
        scope.checkVersion = null;
      });
      await scope.readAgain;
      return run();
    }
  }

  /**
   * The FROM item and conditions every statement shares: the projection (which carries its
   * version's dates), joined to procedure only to filter.
   */
  private source({ search, filter, asOf, checkVersion }: Scope, params: SqlParams) {
    const filters = [inForceOn(asOf, 's'), ...procedureFilterConditions(filter, params)];
    const from = filters.length > 1 ? 'procedure_search s JOIN procedure p ON p.id = s.procedure_id' : 'procedure_search s';
    // A remembered vocabulary holds for its version only (see Vocabularies): every statement checks it.
    if (checkVersion !== null) filters.push(atCatalogueVersion(checkVersion, params));
    return { from, conditions: [searchMatch(search, params), ...filters], filters };
  }

  /**
   * How many procedures the search finds; kept until the catalogue changes (a broad count reads
   * tens of thousands of rows). The page's first statement counts a small result, so only a large
   * one, the first time it is asked, costs a statement of its own (after that first one, which
   * stops early: a statement less for the many small results is worth more than the wait).
   */
  private count(scope: Scope, probe: () => Promise<Ranked<unknown>>): Promise<number> {
    return this.counts.get(scope.search.catalogueVersion!, countKey(scope), async () => {
      const { total } = await probe();
      if (total !== null) return total;
      const row = await this.checked(scope, () => {
        const params = new SqlParams();
        const { from, conditions } = this.source(scope, params);
        return this.sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${conditions.join(' AND ')}`, params.values);
      });
      return row?.n ?? 0;
    });
  }

  /**
   * Classifies every match and sorts; with a `limit`, reads at most limit + 1 matches and returns
   * no page (total null) when there are more.
   */
  private async rankAll<Row>(
    scope: Scope,
    request: PageRequest<RelevanceCursor>,
    select: ProcedureSelect,
    limit: number | null,
  ): Promise<Ranked<Row & RankedRow>> {
    const { search } = scope;
    const params = new SqlParams();
    const { from, conditions } = this.source(scope, params);
    const tier = tierExpression(tierConditions(search, params, 'evaluate'));
    const { cursor, backward, size } = request;
    const direction = backward ? 'DESC' : 'ASC';
    const pageConditions = [
      ...(limit !== null ? [`total.n <= ${params.add(limit)}`] : []),
      ...(cursor ? [`(m.tier, m.len, m.id) ${backward ? '<' : '>'} (${keyParams(cursor, params)})`] : []),
    ];
    // The matches are collected with the columns the classes test and counted; only when they are
    // few enough are they classified (the CASE), sorted and joined to their procedures.
    const rows = await this.sql.rows<Row & RankedRow & { _total: number }>(
      `WITH matched AS MATERIALIZED (
         SELECT s.procedure_id, s.name_words, s.name_lower, s.document_ids
           FROM ${from} WHERE ${conditions.join(' AND ')}
         ${limit !== null ? `LIMIT ${params.add(limit + 1)}` : ''}
       ), total AS (SELECT count(*)::int AS n FROM matched)
       SELECT total.n AS _total, page.*
         FROM total LEFT JOIN LATERAL (
           SELECT ${select.columns}, m.tier AS _tier, m.len AS _len, m.id AS _id
             FROM (SELECT * FROM (SELECT s.procedure_id AS id, ${tier} AS tier, length(s.name_words) AS len FROM matched s) m
                    ${pageConditions.length ? `WHERE ${pageConditions.join(' AND ')}` : ''}
                    ORDER BY m.tier ${direction}, m.len ${direction}, m.id ${direction}
                    LIMIT ${params.add(size + 1)}) m
             JOIN procedure p ON p.id = m.id ${select.joins}
            ORDER BY m.tier ${direction}, m.len ${direction}, m.id ${direction}
         ) page ON true`,
      params.values,
    );
    const total = rows[0]._total;
    if (limit !== null && total > limit) return { rows: [], hasMore: false, total: null };
    const found = rows.filter((row) => row._id !== null);
    const hasMore = found.length > size;
    if (hasMore) found.pop();
    // Positions count from the cursor, or from the end of the list when reading the last page.
    const start = cursor ? cursor.position : backward ? total + 1 : 0;
    const step = backward ? -1 : 1;
    const positioned = found.map((row, i) => ({ row, position: start + step * (i + 1) }));
    if (backward) positioned.reverse();
    return { rows: positioned, hasMore, total };
  }

  /** Forward pages of a large result: each class read in name-length order (see the class comment). */
  private async byClass<Row>(scope: Scope, request: PageRequest<RelevanceCursor>, select: ProcedureSelect): Promise<Ranked<Row & RankedRow>> {
    const { search } = scope;
    const params = new SqlParams();
    const { from, conditions, filters } = this.source(scope, params);
    const { cursor, size } = request;
    const perClass = params.add((cursor?.position ?? 0) + size + 1);
    // A class is read with its own condition and the filter (see classOrder for its sort); the name
    // classes imply the words, so their rows are matches (an exact spelling is only kept when it
    // folds to the words), and the last class is the match itself.
    const classes = tierConditions(search, params, 'plan').flatMap((condition, tier) => (condition === null ? [] : [{ condition, tier }]));
    // Classes are read best first, and a class is not read at all once an earlier one has filled
    // perClass rows: those rows are ahead of every row of a later class, so the page is among
    // them. A broad search usually stops at "the name starts with" or "has the phrase".
    const ctes = classes.map(({ condition, tier }, k) => {
      const where = tier === Tier.ANY ? conditions : [condition, ...filters];
      const earlierFilled = classes.slice(0, k).map((_, j) => `(SELECT count(*) FROM class_${j}) < ${perClass}`);
      return `class_${k} AS MATERIALIZED (
                SELECT s.procedure_id AS id, ${tier} AS tier, length(s.name_words) AS len
                  FROM ${from} WHERE ${[...where, ...earlierFilled].join(' AND ')}
                 ORDER BY ${classOrder(search, tier)} LIMIT ${perClass})`;
    });
    const rows = await this.sql.rows<Row & RankedRow>(
      `WITH ${ctes.join(', ')},
       ranked AS (
         SELECT id, min(tier) AS tier, min(len) AS len
           FROM (${classes.map((_, k) => `SELECT * FROM class_${k}`).join(' UNION ALL ')}) c GROUP BY id
       )
       SELECT ${select.columns}, r.tier AS _tier, r.len AS _len, r.id AS _id
         FROM ranked r JOIN procedure p ON p.id = r.id ${select.joins}
        ${cursor ? `WHERE (r.tier, r.len, r.id) > (${keyParams(cursor, params)})` : ''}
        ORDER BY r.tier, r.len, r.id
        LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    const hasMore = rows.length > size;
    if (hasMore) rows.pop();
    const start = cursor?.position ?? 0;
    return { rows: rows.map((row, i) => ({ row, position: start + i + 1 })), hasMore, total: null };
  }
}

/** What a search reads: what it looks for, among which procedures, as of which day. */
interface Scope {
  /** The search as typed; `search` is it read against the vocabulary. */
  parsed: SearchQuery;
  search: SearchQuery;
  filter: ProcedureFilter | null | undefined;
  asOf: string;
  /** The catalogue version every statement must find (a remembered vocabulary's), or null. */
  checkVersion: number | null;
  /** The vocabulary read again, once the catalogue was found to have changed (see checked). */
  readAgain?: Promise<void>;
}

/** What a search's count depends on, besides the catalogue. */
function countKey({ search, filter, asOf }: Scope): string {
  return JSON.stringify([search.tokens, search.documentIds, filter ?? null, asOf]);
}

function keyParams(cursor: RelevanceCursor, params: SqlParams): string {
  return `${params.add(cursor.tier)}::int, ${params.add(cursor.length)}::int, ${params.add(cursor.id)}::int`;
}
