import { decodeKeysetCursor, fetchConnection, type KeysetOrder } from '../db/keyset';
import type { Sql } from '../db/sql';
import type { Edge, Page } from '../graphql/connection';
import type { SqlParams } from '../db/sql-params';
import { searchCondition, rankExpression } from '../search/procedure-search.sql';
import { parseSearch, type SearchQuery } from '../search/search-query';
import { correctTypos } from '../search/typo-corrector';
import { highlightName } from '../search/vietnamese-text';
import type { ProcedureEdgeSearchFields } from './procedure-edge.type';
import { badInput } from '../graphql/errors';
import { toGlobalId } from '../graphql/global-id';
import { pageRequest } from '../graphql/pagination';
import { OrderDirection, ProcedureOrderField } from './catalogue.enums';
import { checkProcedureFilter, procedureFilterConditions } from './procedure-filter.sql';
import type { ProcedureFilter, ProcedureOrder, ProceduresArgs } from './procedure.inputs';
import { MAX_CODE_LENGTH } from './procedure.inputs';
import type { Procedure } from './procedure.type';

/** The scalar columns of a procedure; children come from loaders. */
const PROCEDURE_COLUMNS = `
  p.id AS "dbId", p.code, p.name, p.name_en AS "nameEn", p.level, p.field_id AS "fieldId",
  p.implementing_agency_id AS "agencyId", p.is_one_stop AS "isOneStop", p.is_interconnected AS "isInterconnected",
  p.online_service_level AS "onlineServiceLevel", p.subjects, p.results, p.conditions,
  p.announcement_decision AS "announcementDecision", p.status, p.effective_from AS "effectiveFrom",
  p.effective_to AS "effectiveTo", p.updated_at AS "updatedAt", p.min_processing_days AS "minProcessingDays",
  p.is_free AS "isFree", p.min_fee_vnd AS "minFeeVnd", p.is_representative AS "isRepresentative"`;

/** Sort expressions; the processing-time index is on the same coalesce expression. */
const ORDER_EXPRESSIONS: Record<ProcedureOrderField, Pick<KeysetOrder, 'expression' | 'type'>> = {
  [ProcedureOrderField.NAME]: { expression: 'p.name', type: 'text' },
  [ProcedureOrderField.CODE]: { expression: 'p.code', type: 'text' },
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

type ProcedureRow = Omit<Procedure, 'id' | 'field' | 'implementingAgency' | 'channels' | 'requiredDocuments' | 'steps' | 'legalBasis'>;

const toProcedure = (row: ProcedureRow) => ({ ...row, id: toGlobalId('Procedure', row.code) }) as Procedure;

export function checkCode(code: string, argument = 'code'): void {
  if (code.length > MAX_CODE_LENGTH) throw badInput(`${argument} is longer than ${MAX_CODE_LENGTH} characters`, argument);
}

export class ProcedureService {
  constructor(private readonly sql: Sql) {}

  async findByCode(code: string): Promise<Procedure | null> {
    checkCode(code);
    const row = await this.sql.one<ProcedureRow>(`SELECT ${PROCEDURE_COLUMNS} FROM procedure p WHERE p.code = $1`, [code]);
    return row ? toProcedure(row) : null;
  }

  async list(args: ProceduresArgs): Promise<Page<Procedure & { searchRank?: number }>> {
    checkProcedureFilter(args.filter);
    const parsed = parseSearch(args.search);
    const search = parsed && (await correctTypos(this.sql, parsed));
    const order = search && !args.orderBy ? relevanceOrder(search) : keysetOrder(args.orderBy);
    const page = await fetchConnection(
      this.sql,
      {
        columns: search ? `${PROCEDURE_COLUMNS}, p.search_rank AS "searchRank"` : PROCEDURE_COLUMNS,
        idExpression: 'p.id',
        source: (params) => procedureSource(args.filter, search, params),
        order,
        toNode: toProcedure,
      },
      pageRequest(args, decodeKeysetCursor(order)),
    );
    if (search) {
      for (const edge of page.edges as (Edge<Procedure & { searchRank?: number }> & ProcedureEdgeSearchFields)[]) {
        edge.searchRank = edge.node.searchRank ?? null;
        edge.nameHighlight = highlightName(edge.node.name, search.tokens);
      }
    }
    return page;
  }
}

/** Relevance order of one search: its cursors are refused by another search. */
function relevanceOrder(search: SearchQuery): KeysetOrder {
  return { name: `RELEVANCE:${search.fingerprint}`, expression: 'p.search_rank', type: 'numeric', descending: true };
}

/**
 * The procedures a list reads from. With a search, a sub-select computes each match's rank once,
 * so the page can order and page by it (the cursor holds the rank).
 */
export function procedureSource(filter: ProcedureFilter | null | undefined, search: SearchQuery | null, params: SqlParams) {
  const conditions = procedureFilterConditions(filter, params);
  if (!search) return { from: 'procedure p', conditions };
  conditions.push(searchCondition(search, params));
  return {
    from: `(SELECT p.*, ${rankExpression(search, params)} AS search_rank FROM procedure p WHERE ${conditions.join(' AND ')}) p`,
    conditions: [],
  };
}
