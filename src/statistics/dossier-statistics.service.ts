import type { Sql } from '../db/sql';
import { UnitDirectory, type UnitRef } from '../units/unit-directory';
import { LEVELS } from '../shared/levels';
import { badInput } from '../shared/errors';
import { addSums, dossierFigures, NO_PENDING, stateAfter, zeroSums, type DossierFigureValues } from './dossier-figures';
import { addDays, seriesBuckets, type DateRange, type SeriesInterval } from './period';
import { readRollups, type CounterSums, type RollupRow, type RollupScope } from './rollup-reader';

export interface StatisticsQuery extends DateRange {
  unitCode: string;
  includeSubunits: boolean;
  level?: string | null;
  fieldCode?: string | null;
  procedureCode?: string | null;
}

export type Unit = UnitRef;

export type PeriodFigures = DossierFigureValues & DateRange & { byLevel: (DossierFigureValues & { level: string })[] };

/** Longest range a statistics query may cover: two decades of a desk's work. */
const MAX_RANGE_DAYS = 366 * 20;
/** Most points in one series (ten years of months). */
const MAX_SERIES_POINTS = 120;
/** More than the country's provinces, districts and communes together. */

function checkRange(range: DateRange): void {
  if (range.from > range.to) throw badInput('from must not be after to', 'from');
  if (addDays(range.from, MAX_RANGE_DAYS) < range.to) throw badInput(`a range covers at most ${MAX_RANGE_DAYS} days`, 'to');
}

/**
 * Statistics for a unit and period, from the rollups only (never the dossier table): flows summed
 * over the period, pending state summed over every day up to its start and end.
 */
export class DossierStatisticsService {
  constructor(
    private readonly sql: Sql,
    private readonly units = new UnitDirectory(sql),
  ) {}

  unit(code: string): Promise<Unit | undefined> {
    return this.units.byCode(code);
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
    if (buckets.length > MAX_SERIES_POINTS)
      throw badInput(`a series has at most ${MAX_SERIES_POINTS} points; use a longer interval or a shorter range`, 'interval');
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
      this.units.children(parent),
      readRollups(this.sql, { ...this.scope(parent, query), perSubunit: true }, query, 'range'),
    ]);
    return {
      parent,
      subunits: units.map((unit) => ({
        unit,
        figures: periodFigures(
          rows.filter((r) => r.unitId === unit.id),
          [query],
        )[0],
      })),
    };
  }

  private scope(unit: Unit, query: StatisticsQuery): RollupScope {
    return { unitId: unit.id, includeSubunits: query.includeSubunits, level: query.level, fieldCode: query.fieldCode, procedureCode: query.procedureCode };
  }
}

/** Figures per bucket, in total and by level; each bucket carries over what the previous one left pending. */
function periodFigures(rows: RollupRow[], buckets: DateRange[]): PeriodFigures[] {
  // Each row is added once, to its bucket's (null: before the range) total and to its level's.
  const sums = new Map<string | null, { total: CounterSums; byLevel: Map<string, CounterSums> }>();
  const levelsSeen = new Set<string>();
  for (const row of rows) {
    let bucket = sums.get(row.bucket);
    if (!bucket) sums.set(row.bucket, (bucket = { total: zeroSums(), byLevel: new Map() }));
    addSums(bucket.total, row);
    const level = bucket.byLevel.get(row.level);
    if (level) addSums(level, row);
    else bucket.byLevel.set(row.level, addSums(zeroSums(), row));
    levelsSeen.add(row.level);
  }
  const levels = LEVELS.filter((level) => levelsSeen.has(level));
  const none = zeroSums();
  const flowsOf = (bucket: string | null, level?: string) => (level ? sums.get(bucket)?.byLevel.get(level) : sums.get(bucket)?.total) ?? none;

  let total = stateAfter(NO_PENDING, flowsOf(null));
  const byLevel = new Map(LEVELS.map((level) => [level, stateAfter(NO_PENDING, flowsOf(null, level))]));
  return buckets.map((bucket) => {
    const flows = flowsOf(bucket.from);
    // Object.assign onto the figures, not a spread of them into a new object: V8 copies a spread of
    // this many properties slowly, and a series makes hundreds.
    const figures = Object.assign(dossierFigures(total, flows), {
      from: bucket.from,
      to: bucket.to,
      byLevel: levels.map((level) => {
        const levelFlows = flowsOf(bucket.from, level);
        const levelFigures = Object.assign(dossierFigures(byLevel.get(level)!, levelFlows), { level });
        byLevel.set(level, stateAfter(byLevel.get(level)!, levelFlows));
        return levelFigures;
      }),
    });
    total = stateAfter(total, flows);
    return figures;
  });
}
