import type { Sql } from '../db/sql';
import { SqlParams } from '../db/sql-params';
import { searchSource } from './search/procedure-search.sql';
import { CatalogueCache } from '../shared/catalogue-cache';
import { inForceOn } from './in-force.sql';
import type { SearchQuery } from './search/search-query';
import { readSearch } from './search/search-vocabulary';
import { type AdministrativeLevel, LEVELS } from '../shared/levels';
import { OnlineServiceLevel } from './catalogue.enums';
import type { CatalogueSummary, FieldCount } from './catalogue-summary.type';
import { checkProcedureFilter, procedureFilterConditions } from './procedure-filter.sql';
import type { ProcedureFilter } from './procedure.inputs';

interface GroupRow {
  by_level: boolean;
  by_field: boolean;
  by_online: boolean;
  by_one_stop: boolean;
  level: AdministrativeLevel | null;
  field_id: number | null;
  online_service_level: OnlineServiceLevel | null;
  is_one_stop: boolean | null;
  n_all: number;
  representative: number;
  n_level: number;
  n_field: number;
  n_online: number;
  n_one_stop: number;
  n_level_one_stop: number;
}

const ONLINE_LEVELS = Object.values(OnlineServiceLevel);

/** The groupings of a summary, as CatalogueSummary names them, with the columns each groups by. */
const GROUPINGS = {
  byLevel: ['level'],
  byField: ['field_id'],
  byOnlineServiceLevel: ['online_service_level'],
  byOneStop: ['is_one_stop'],
  byLevelAndOneStop: ['level', 'is_one_stop'],
} as const;
type Grouping = keyof typeof GROUPINGS;
const EVERY_GROUPING: ReadonlySet<string> = new Set(Object.keys(GROUPINGS));

/** Each grouped column and the flag that tells its rows (GroupRow). */
const GROUPED_COLUMNS = { level: 'by_level', field_id: 'by_field', online_service_level: 'by_online', is_one_stop: 'by_one_stop' } as const;

/** GROUPING SETS for the total and the groupings counted. */
const groupingSets = (groupings: Grouping[]) => ['()', ...groupings.map((grouping) => `(${GROUPINGS[grouping].join(', ')})`)].join(', ');

/**
 * The grouped columns and their flags: a column no counted grouping has is null and its flag
 * false (PostgreSQL refuses grouping() of a column outside every grouping set).
 */
function groupColumns(groupings: Grouping[]): string {
  const grouped = new Set<string>(groupings.flatMap((grouping) => GROUPINGS[grouping]));
  return Object.entries(GROUPED_COLUMNS)
    .map(([column, flag]) => (grouped.has(column) ? `grouping(${column}) = 0 AS ${flag}, ${column}` : `false AS ${flag}, NULL AS ${column}`))
    .join(', ');
}

/** The filter conditions that are also groups of the summary: each grouping ignores its own. */
const FACETS = ['levels', 'fieldCodes', 'onlineServiceLevels', 'isOneStop'] as const;
type Facet = (typeof FACETS)[number];
const IGNORED: Record<Grouping, Facet[]> = {
  byLevel: ['levels'],
  byField: ['fieldCodes'],
  byOnlineServiceLevel: ['onlineServiceLevels'],
  byOneStop: ['isOneStop'],
  byLevelAndOneStop: ['levels', 'isOneStop'],
};

export class CatalogueSummaryService {
  constructor(
    private readonly sql: Sql,
    private readonly searched = new CatalogueCache<CatalogueSummary>(0),
  ) {}

  /** The province whose catalogue this is: the unit of its province-level agencies. */
  async provinceCode(): Promise<string | undefined> {
    const row = await this.sql.one<{ code: string }>(
      `SELECT u.code FROM agency a JOIN administrative_unit u ON u.id = a.unit_id WHERE a.level = 'PROVINCE' LIMIT 1`,
    );
    return row?.code;
  }

  /**
   * The summary of the procedures the filter keeps and the search finds. With a word search it is
   * kept until the catalogue changes: the search box asks for it with every search, and a broad
   * one groups tens of thousands of procedures.
   */
  async summarise(
    filter: ProcedureFilter | null | undefined,
    searchText: string | null | undefined,
    asOf: string,
    selected: ReadonlySet<string> = EVERY_GROUPING,
  ): Promise<CatalogueSummary> {
    checkProcedureFilter(filter);
    // Only the groupings asked for are counted (`total` always is): the others come back empty.
    const groupings = (Object.keys(GROUPINGS) as Grouping[]).filter((grouping) => selected.has(grouping));
    const search = await readSearch(this.sql, searchText);
    if (!search?.catalogueVersion) return this.count(filter, search, asOf, groupings);
    const key = JSON.stringify([search.tokens, search.documentIds, filter ?? null, asOf, groupings]);
    return this.searched.get(search.catalogueVersion, key, () => this.count(filter, search, asOf, groupings));
  }

  /**
   * All groupings in one statement: the rows matching the search and the non-facet conditions are
   * read once, each facet condition a counted grouping ignores becomes a flag, and each grouping
   * set counts with every flag but its own (conditional aggregates), so facet counts show what
   * another choice would give.
   */
  private async count(filter: ProcedureFilter | null | undefined, search: SearchQuery | null, asOf: string, groupings: Grouping[]): Promise<CatalogueSummary> {
    const params = new SqlParams();
    const found = search ? searchSource(search, params) : { join: '', conditions: [] };
    // A facet that no grouping counted ignores is a plain condition, which spares reading the rows it excludes.
    const flagged = FACETS.filter((facet) => groupings.some((grouping) => IGNORED[grouping].includes(facet)));
    const conditions = [inForceOn(asOf), ...found.conditions, ...procedureFilterConditions(filter, params, flagged)];
    const flag = (key: Facet) =>
      (flagged.includes(key) && procedureFilterConditions(filter?.[key] != null ? { [key]: filter[key] } : null, params)[0]) || 'true';

    const rows = await this.sql.rows<GroupRow>(
      `WITH matched AS (
         SELECT p.level, p.field_id, p.online_service_level, p.is_one_stop, p.is_representative,
                ${flag('levels')} AS f_level, ${flag('fieldCodes')} AS f_field,
                ${flag('onlineServiceLevels')} AS f_online, ${flag('isOneStop')} AS f_one_stop
           FROM procedure p${found.join}
          WHERE ${conditions.join(' AND ')}
       )
       SELECT ${groupColumns(groupings)},
              count(*) FILTER (WHERE f_level AND f_field AND f_online AND f_one_stop)::int AS n_all,
              count(*) FILTER (WHERE f_level AND f_field AND f_online AND f_one_stop AND is_representative)::int AS representative,
              count(*) FILTER (WHERE f_field AND f_online AND f_one_stop)::int AS n_level,
              count(*) FILTER (WHERE f_level AND f_online AND f_one_stop)::int AS n_field,
              count(*) FILTER (WHERE f_level AND f_field AND f_one_stop)::int AS n_online,
              count(*) FILTER (WHERE f_level AND f_field AND f_online)::int AS n_one_stop,
              count(*) FILTER (WHERE f_field AND f_online)::int AS n_level_one_stop
         FROM matched
        GROUP BY GROUPING SETS (${groupingSets(groupings)})`,
      params.values,
    );
    const only = (level: boolean, field: boolean, online: boolean, oneStop: boolean) =>
      rows.filter((r) => r.by_level === level && r.by_field === field && r.by_online === online && r.by_one_stop === oneStop);
    const total = only(false, false, false, false)[0];
    const byLevel = only(true, false, false, false);
    const byOnline = only(false, false, true, false);
    const byOneStop = only(false, false, false, true);
    const cross = only(true, false, false, true);
    const count = (list: GroupRow[], match: (r: GroupRow) => boolean, column: keyof GroupRow) => (list.find(match)?.[column] as number | undefined) ?? 0;

    return {
      total: total?.n_all ?? 0,
      representativeCount: total?.representative ?? 0,
      byLevel: LEVELS.map((level) => ({ level, count: count(byLevel, (r) => r.level === level, 'n_level') })),
      byField: only(false, true, false, false)
        .filter((r) => r.n_field > 0)
        .sort((a, b) => b.n_field - a.n_field || (a.field_id ?? 0) - (b.field_id ?? 0))
        .map((r) => ({ fieldId: r.field_id, count: r.n_field }) as FieldCount),
      byOnlineServiceLevel: ONLINE_LEVELS.map((onlineServiceLevel) => ({
        onlineServiceLevel,
        count: count(byOnline, (r) => r.online_service_level === onlineServiceLevel, 'n_online'),
      })),
      byOneStop: [true, false].map((isOneStop) => ({
        isOneStop,
        count: count(byOneStop, (r) => r.is_one_stop === isOneStop, 'n_one_stop'),
      })),
      byLevelAndOneStop: LEVELS.flatMap((level) =>
        [true, false].map((isOneStop) => ({
          level,
          isOneStop,
          count: count(cross, (r) => r.level === level && r.is_one_stop === isOneStop, 'n_level_one_stop'),
        })),
      ),
    };
  }
}
