import type { Sql } from '../db/sql';
import { SqlParams } from '../db/sql-params';
import { AdministrativeLevel } from '../units/administrative-level';
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
  n: number;
  representative: number;
}

const LEVELS = Object.values(AdministrativeLevel);
const ONLINE_LEVELS = Object.values(OnlineServiceLevel);

export class CatalogueSummaryService {
  constructor(private readonly sql: Sql) {}

  /** All groupings in one statement with GROUPING SETS: one scan, counts that always agree. */
  async summarise(filter: ProcedureFilter | null | undefined): Promise<CatalogueSummary> {
    checkProcedureFilter(filter);
    const params = new SqlParams();
    const conditions = procedureFilterConditions(filter, params);
    const rows = await this.sql.rows<GroupRow>(
      `SELECT grouping(p.level) = 0 AS by_level, grouping(p.field_id) = 0 AS by_field,
              grouping(p.online_service_level) = 0 AS by_online, grouping(p.is_one_stop) = 0 AS by_one_stop,
              p.level, p.field_id, p.online_service_level, p.is_one_stop,
              count(*)::int AS n, count(*) FILTER (WHERE p.is_representative)::int AS representative
         FROM procedure p
        ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        GROUP BY GROUPING SETS ((), (p.level), (p.field_id), (p.online_service_level), (p.is_one_stop), (p.level, p.is_one_stop))`,
      params.values,
    );
    const only = (level: boolean, field: boolean, online: boolean, oneStop: boolean) =>
      rows.filter((r) => r.by_level === level && r.by_field === field && r.by_online === online && r.by_one_stop === oneStop);
    const total = only(false, false, false, false)[0];
    const count = (list: GroupRow[], match: (r: GroupRow) => boolean) => list.find(match)?.n ?? 0;

    const byLevel = only(true, false, false, false);
    const byOnline = only(false, false, true, false);
    const byOneStop = only(false, false, false, true);
    const cross = only(true, false, false, true);
    return {
      total: total?.n ?? 0,
      representativeCount: total?.representative ?? 0,
      byLevel: LEVELS.map((level) => ({ level, count: count(byLevel, (r) => r.level === level) })),
      byField: only(false, true, false, false)
        .sort((a, b) => b.n - a.n || (a.field_id ?? 0) - (b.field_id ?? 0))
        .map((r) => ({ fieldId: r.field_id, count: r.n }) as FieldCount),
      byOnlineServiceLevel: ONLINE_LEVELS.map((onlineServiceLevel) => ({
        onlineServiceLevel,
        count: count(byOnline, (r) => r.online_service_level === onlineServiceLevel),
      })),
      byOneStop: [true, false].map((isOneStop) => ({ isOneStop, count: count(byOneStop, (r) => r.is_one_stop === isOneStop) })),
      byLevelAndOneStop: LEVELS.flatMap((level) =>
        [true, false].map((isOneStop) => ({
          level,
          isOneStop,
          count: count(cross, (r) => r.level === level && r.is_one_stop === isOneStop),
        })),
      ),
    };
  }
}
