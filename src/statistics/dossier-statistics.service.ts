import type { Sql } from '../db/sql';
import { badInput } from '../graphql/errors';
import { addSums, dossierFigures, NO_PENDING, stateAfter, zeroSums, type DossierFigureValues, type PendingState } from './dossier-figures';
import { addDays, seriesBuckets, type DateRange, type SeriesInterval } from './period';
import { readRollups, type RollupRow, type RollupScope } from './rollup-reader';

export interface StatisticsQuery extends DateRange {
  unitCode: string;
  includeSubunits: boolean;
  level?: string | null;
  fieldCode?: string | null;
  procedureCode?: string | null;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  level: string;
}

export type PeriodFigures = DossierFigureValues & DateRange & { byLevel: (DossierFigureValues & { level: string })[] };

/** Longest range a statistics query may cover: two decades of a desk's work. */
export const MAX_RANGE_DAYS = 366 * 20;
/** Most points in one series (ten years of months). */
export const MAX_SERIES_POINTS = 120;
const LEVEL_ORDER = ['PROVINCE', 'DISTRICT', 'COMMUNE'];

export function checkRange(range: DateRange): void {
  if (range.from > range.to) throw badInput('from must not be after to', 'from');
  if (addDays(range.from, MAX_RANGE_DAYS) < range.to) throw badInput(`a range covers at most ${MAX_RANGE_DAYS} days`, 'to');
}

/**
 * Statistics for a unit and period, from the rollups only (never the dossier table): flows summed
 * over the period, pending state summed over every day up to its start and end.
 */
export class DossierStatisticsService {
  constructor(private readonly sql: Sql) {}

  unit(code: string): Promise<Unit | undefined> {
    return this.sql.one<Unit>('SELECT id, code, name, level FROM administrative_unit WHERE code = $1', [code]);
  }

  async statistics(query: StatisticsQuery): Promise<(PeriodFigures & { unit: Unit }) | null> {
    checkRange(query);
    const unit = await this.unit(query.unitCode);
    if (!unit) return null;
    const rows = await readRollups(this.sql, this.scope(unit, query), query, 'range');
    return { unit, ...periodFigures(rows, [query])[0] };
  }

  async series(query: StatisticsQuery, interval: SeriesInterval): Promise<PeriodFigures[] | null> {
    checkRange(query);
    const buckets = seriesBuckets(query, interval);
    if (buckets.length > MAX_SERIES_POINTS) throw badInput(`a series has at most ${MAX_SERIES_POINTS} points; use a longer interval or a shorter range`, 'interval');
    const unit = await this.unit(query.unitCode);
    if (!unit) return null;
    const rows = await readRollups(this.sql, this.scope(unit, query), query, interval);
    return periodFigures(rows, buckets);
  }

  /** The figures of each direct sub-unit of the query's unit over the whole range, in one statement. */
  async subunits(query: StatisticsQuery): Promise<{ parent: Unit; subunits: { unit: Unit; figures: PeriodFigures }[] } | null> {
    checkRange(query);
    const parent = await this.unit(query.unitCode);
    if (!parent) return null;
    const [units, rows] = await Promise.all([
      this.sql.rows<Unit>('SELECT id, code, name, level FROM administrative_unit WHERE parent_id = $1 ORDER BY code', [parent.id]),
      readRollups(this.sql, { ...this.scope(parent, query), perSubunit: true }, query, 'range'),
    ]);
    return { parent, subunits: units.map((unit) => ({ unit, figures: periodFigures(rows.filter((r) => r.unitId === unit.id), [query])[0] })) };
  }

  private scope(unit: Unit, query: StatisticsQuery): RollupScope {
    return { unitId: unit.id, includeSubunits: query.includeSubunits, level: query.level, fieldCode: query.fieldCode, procedureCode: query.procedureCode };
  }
}

/** Figures per bucket, in total and by level; each bucket carries over what the previous one left pending. */
export function periodFigures(rows: RollupRow[], buckets: DateRange[]): PeriodFigures[] {
  const levels = LEVEL_ORDER.filter((level) => rows.some((r) => r.level === level));
  const flowsOf = (bucket: string, level?: string) =>
    rows.filter((r) => r.bucket === bucket && (!level || r.level === level)).reduce(addSums, zeroSums());
  const before = (level?: string): PendingState =>
    stateAfter(NO_PENDING, rows.filter((r) => r.bucket === null && (!level || r.level === level)).reduce(addSums, zeroSums()));

  let total = before();
  const byLevel = new Map(LEVEL_ORDER.map((level) => [level, before(level)]));
  return buckets.map((bucket) => {
    const flows = flowsOf(bucket.from);
    const figures = { ...bucket, ...dossierFigures(total, flows), byLevel: levels.map((level) => {
      const levelFlows = flowsOf(bucket.from, level);
      const levelFigures = { level, ...dossierFigures(byLevel.get(level)!, levelFlows) };
      byLevel.set(level, stateAfter(byLevel.get(level)!, levelFlows));
      return levelFigures;
    }) };
    total = stateAfter(total, flows);
    return figures;
  });
}
