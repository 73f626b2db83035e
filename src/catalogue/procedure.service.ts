import { decodeKeysetCursor, fetchConnection, type KeysetOrder } from '../db/keyset';
import { fetchConnectionJson, type ConnectionJson } from '../db/keyset-json';
import type { Sql } from '../db/sql';
import { SqlParams } from '../db/sql-params';
import type { Edge, Page } from '../shared/page';
import { codeSearchRank, searchSource } from './search/procedure-search.sql';
import { ProcedureSearchService } from './search/procedure-search.service';
import { decodeRelevanceCursor } from './search/relevance-cursor';
import { parseSearch, type SearchQuery } from './search/search-query';
import { resolveSearch } from './search/search-vocabulary';
import { highlightName, type HighlightSegment } from './search/vietnamese-text';
import { badInput } from '../shared/errors';
import { pageRequest } from '../shared/pagination';
import { OrderDirection, ProcedureOrderField } from './catalogue.enums';
import { inForceOn } from './in-force.sql';
import { checkProcedureFilter, isSelective, procedureFilterConditions } from './procedure-filter.sql';
import type { ProcedureFilter, ProcedureOrder, ProceduresArgs } from './procedure.inputs';
import { MAX_CODE_LENGTH } from './procedure.inputs';
import { PROCEDURE_JOINS, type ProcedureJson, type ProcedureJsonRow } from './procedure-json.sql';
import { procedureSelect, type ProcedureRow } from './procedure-record.sql';
import type { Procedure } from './procedure.type';

/** Sort expressions; the processing-time index is on the same coalesce expression. */
const ORDER_EXPRESSIONS: Record<ProcedureOrderField, Pick<KeysetOrder, 'expression' | 'type' | 'column'>> = {
  // A procedure's code and name are always selected (see procedureSelect): the key is read from them.
  [ProcedureOrderField.NAME]: { expression: 'p.name', type: 'text', column: 'name' },
  [ProcedureOrderField.CODE]: { expression: 'p.code', type: 'text', column: 'code' },
  [ProcedureOrderField.UPDATED_AT]: { expression: 'p.updated_at', type: 'timestamptz' },
  [ProcedureOrderField.PROCESSING_TIME]: {
    expression: `coalesce(p.min_processing_days, 'Infinity'::numeric)`,
    type: 'numeric',
  },
};

function keysetOrder(order: ProcedureOrder | null | undefined): KeysetOrder {
  const field = order?.field ?? ProcedureOrderField.NAME;
  const descending = order?.direction === OrderDirection.DESC;
  return { name: `${field}:${descending ? 'DESC' : 'ASC'}`, descending, ...ORDER_EXPRESSIONS[field] };
}

export function checkCode(code: string, argument = 'code'): void {
  if (code.length > MAX_CODE_LENGTH) throw badInput(`${argument} is longer than ${MAX_CODE_LENGTH} characters`, argument);
}

export class ProcedureService {
  constructor(
    private readonly sql: Sql,
    private readonly search = new ProcedureSearchService(sql),
  ) {}

  /** One procedure as in force on `asOf`, with the related records among `selected` (see procedureSelect). */
  async findByCode(code: string, selected: ReadonlySet<string>, asOf: string): Promise<Procedure | null> {
    checkCode(code);
    const params = new SqlParams();
    const { columns, joins, toProcedure } = procedureSelect(selected);
    const row = await this.sql.one<ProcedureRow>(
      `SELECT ${columns} FROM procedure p ${joins} WHERE p.code = ${params.add(code)} AND ${inForceOn(asOf)}`,
      params.values,
    );
    return row ? toProcedure(row) : null;
  }

  /**
   * One procedure as in force on `asOf`, as the JSON text of `json`'s keys ('null' when there is
   * none), or undefined when a stored value is not yet in the form the API gives it in (a form URL
   * as a publisher typed it): the field is then executed, which reads it with findByCode.
   */
  async findJsonByCode(code: string, json: ProcedureJson, asOf: string): Promise<string | undefined> {
    checkCode(code);
    const row = await this.sql.one<ProcedureJsonRow>(json.statement(asOf), [code]);
    if (!row) return 'null';
    return row.form_urls?.every(isSerialisedUrl) === false ? undefined : row.json;
  }

  /**
   * A page of the procedures in force on `asOf` as the JSON text of a connection's keys (see
   * connectionJson), or undefined for a search, whose order and edges are the search's own.
   */
  async listJson(args: ProceduresArgs, json: ConnectionJson, asOf: string): Promise<string | undefined> {
    checkProcedureFilter(args.filter);
    if (parseSearch(args.search)) return undefined;
    const order = keysetOrder(args.orderBy);
    const request = pageRequest(args, decodeKeysetCursor(order));
    const params = new SqlParams();
    const source = procedureSource(args.filter, null, asOf, order, params);
    return fetchConnectionJson(this.sql, { ...source, joins: PROCEDURE_JOINS, idExpression: 'p.id', order, params }, request, json);
  }

  /** A page of the procedures in force on `asOf`, each with the related records among `selected`. */
  async list(args: ProceduresArgs, selected: ReadonlySet<string>, asOf: string): Promise<Page<Procedure>> {
    checkProcedureFilter(args.filter);
    const select = procedureSelect(selected);
    const toNode = select.toProcedure;
    const parsed = parseSearch(args.search);
    if (parsed?.tokens.length && !args.orderBy) {
      const request = pageRequest(args, decodeRelevanceCursor(parsed.fingerprint));
      return this.search.page(parsed, args.filter, asOf, request, select, toNode);
    }
    // A code search reads like a list in code order: the code itself sorts first.
    const order = parsed && !args.orderBy ? { ...keysetOrder(CODE_ORDER), name: `RELEVANCE:${parsed.fingerprint}` } : keysetOrder(args.orderBy);
    const request = pageRequest(args, decodeKeysetCursor(order));
    const search = parsed && (await resolveSearch(this.sql, parsed));
    const page = fetchConnection(
      this.sql,
      {
        ...select,
        idExpression: 'p.id',
        source: (params) => procedureSource(args.filter, search, asOf, order, params),
        order,
        toNode,
      },
      request,
    );
    return search ? new CodeSearchPage(page, search) : page;
  }
}

/** Whether a URL reads as the API's URL scalar serialises it (WHATWG URL's href). */
function isSerialisedUrl(url: string): boolean {
  try {
    return new URL(url).href === url;
  } catch {
    return false;
  }
}

const CODE_ORDER = { field: ProcedureOrderField.CODE, direction: OrderDirection.ASC };

/** An edge of a code search read in code order: its code rank, and its highlight made when read. */
class CodeSearchEdge {
  readonly node: Procedure;
  readonly searchRank: number | null;

  constructor(
    private readonly edge: Edge<Procedure>,
    private readonly search: SearchQuery,
  ) {
    this.node = edge.node;
    this.searchRank = search.codePrefix ? codeSearchRank(edge.node.code, search.codePrefix) : null;
  }

  // Read through: a page's edge encodes its cursor only when it is read.
  get cursor(): string {
    return this.edge.cursor;
  }

  get nameHighlight(): HighlightSegment[] {
    return highlightName(this.node.name, this.search.tokens);
  }
}

/** The edge fields of a search read in another order: the code rank, or the highlight alone (classes, not literals with getters: see page.ts). */
class CodeSearchPage implements Page<Procedure> {
  constructor(
    private readonly page: Page<Procedure>,
    private readonly search: SearchQuery,
  ) {}

  get edges(): Promise<Edge<Procedure>[]> {
    return this.page.edges.then((edges) => edges.map((edge) => new CodeSearchEdge(edge, this.search)));
  }

  get pageInfo() {
    return this.page.pageInfo;
  }

  get totalCount() {
    return this.page.totalCount;
  }
}

/** The procedures a list reads from: those the filter keeps and the search, if any, finds. */
function procedureSource(filter: ProcedureFilter | null | undefined, search: SearchQuery | null, asOf: string, order: KeysetOrder, params: SqlParams) {
  const conditions = [inForceOn(asOf), ...procedureFilterConditions(filter, params)];
  if (!search)
    return { from: 'procedure p', conditions, selective: isSelective(filter, order.expression === ORDER_EXPRESSIONS[ProcedureOrderField.NAME].expression) };
  const found = searchSource(search, params);
  return { from: `procedure p${found.join}`, conditions: [...found.conditions, ...conditions], selective: true };
}
