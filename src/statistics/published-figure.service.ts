import type { Sql } from '../db/sql';
import type { DossierFigureValues } from './dossier-figures';
import type { CatalogueSummary } from '../catalogue/catalogue-summary.type';
import type { DossierStatisticsService } from './dossier-statistics.service';

export interface PublishedFigureRow {
  unitCode: string;
  unitName: string;
  /** YYYY-MM-DD; null for a figure at a date (periodEnd) or from a date on (periodStart). */
  periodStart: string | null;
  periodEnd: string | null;
  metric: string;
  value: number;
  /** The decimals it was published with: the computed value is rounded to as many before comparing. */
  decimals: number;
  note: string;
  source: string;
}

type Level = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
type Figures = DossierFigureValues & { byLevel: (DossierFigureValues & { level: string })[] };
/** Half away from zero at `decimals`, as reports round; through exponent notation, so 1.005 is not 1.00499…. */
const roundTo = (value: number, decimals: number) => Math.sign(value) * Number(`${Math.round(Number(`${Math.abs(value)}e${decimals}`))}e-${decimals}`);
const levelFigures = (f: Figures, level: Level) => f.byLevel.find((l) => l.level === level);

/** How each published dossier metric is computed from our figures; `percent` metrics compare at two decimals. */
const DOSSIER_METRICS: Record<string, (f: Figures) => number | null | undefined> = {
  dossiers_received: (f) => f.received,
  dossiers_carried_over: (f) => f.carriedOver,
  dossiers_received_direct: (f) => f.receivedInPerson,
  dossiers_received_online: (f) => f.receivedOnline,
  dossiers_resolved: (f) => f.resolved,
  dossiers_resolved_on_time: (f) => f.resolvedEarly + f.resolvedOnTime,
  dossiers_resolved_overdue: (f) => f.resolvedOverdue,
  dossiers_returned_or_withdrawn: (f) => f.withdrawn + f.refused,
  dossiers_digitized: (f) => f.electronicResultRate.numerator,
  population_db_lookups: (f) => f.populationDataRate.numerator,
  online_rate_pct: (f) => f.onlineRate.percent,
  on_time_rate_pct: (f) => f.onTimeRate.percent,
  overdue_rate_pct: (f) => f.overdueRate.percent,
  digitization_on_receipt_pct: (f) => f.digitisedOnReceiptRate.percent,
  result_digitization_pct: (f) => f.electronicResultRate.percent,
  satisfaction_pct: (f) => f.satisfactionRate.percent,
  district_level_dossiers_received: (f) => levelFigures(f, 'DISTRICT')?.received ?? 0,
  district_level_dossiers_resolved: (f) => levelFigures(f, 'DISTRICT')?.resolved ?? 0,
  commune_level_dossiers_received: (f) => levelFigures(f, 'COMMUNE')?.received ?? 0,
  commune_level_dossiers_resolved: (f) => levelFigures(f, 'COMMUNE')?.resolved ?? 0,
  district_level_on_time_rate_pct: (f) => levelFigures(f, 'DISTRICT')?.onTimeRate.percent ?? null,
  commune_level_on_time_rate_pct: (f) => levelFigures(f, 'COMMUNE')?.onTimeRate.percent ?? null,
};

/** Catalogue counts, computable for the province whose catalogue this service holds, from its summary. */
const CATALOGUE_METRICS: Record<string, (summary: CatalogueSummary) => number> = {
  procedures_total: (s) => s.total,
  procedures_province_level: (s) => levelCount(s, 'PROVINCE'),
  procedures_district_level: (s) => levelCount(s, 'DISTRICT'),
  procedures_commune_level: (s) => levelCount(s, 'COMMUNE'),
  procedures_one_stop_total: (s) => s.byOneStop.find((c) => c.isOneStop)?.count ?? 0,
  procedures_one_stop_province_level: (s) => oneStopCount(s, 'PROVINCE'),
  procedures_one_stop_district_level: (s) => oneStopCount(s, 'DISTRICT'),
  procedures_one_stop_commune_level: (s) => oneStopCount(s, 'COMMUNE'),
};
const levelCount = (s: CatalogueSummary, level: string) => s.byLevel.find((c) => c.level === level)?.count ?? 0;
const oneStopCount = (s: CatalogueSummary, level: string) => s.byLevelAndOneStop.find((c) => c.level === level && c.isOneStop)?.count ?? 0;

/** What the comparison needs of the catalogue: its province, and its summary. */
export interface CatalogueFacts {
  provinceCode(): Promise<string | undefined>;
  /** The whole catalogue's counts, as in force today. */
  summarise(): Promise<CatalogueSummary>;
}

export interface ComparedFigure extends PublishedFigureRow {
  computed: number | null;
  /** Whether the computed value equals the published one (at the published precision); null when not computable. */
  agrees: boolean | null;
  /** Why nothing is computed, when it is not. */
  notComputedBecause: string | null;
}

export const MAX_FIGURES = 500;

/**
 * Figures officials published (data/published-figures.csv, with their sources) beside the value
 * this service computes for the same unit, period and metric: claim and computation side by side.
 */
export class PublishedFigureService {
  constructor(
    private readonly sql: Sql,
    private readonly statistics: DossierStatisticsService,
    private readonly catalogue: CatalogueFacts,
  ) {}

  async compare(filter: { unitCode?: string | null; metric?: string | null; from?: string | null; to?: string | null }): Promise<ComparedFigure[]> {
    const rows = await this.sql.rows<PublishedFigureRow>(
      `SELECT unit_code AS "unitCode", unit_name AS "unitName", to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd",
              metric, value::float8 AS value, decimals, note, source
       FROM published_figure
       WHERE ($1::text IS NULL OR unit_code = $1) AND ($2::text IS NULL OR metric = $2)
         AND ($3::date IS NULL OR coalesce(period_start, period_end) >= $3) AND ($4::date IS NULL OR coalesce(period_end, period_start) <= $4)
       ORDER BY unit_code, period_end NULLS LAST, metric, id LIMIT ${MAX_FIGURES}`,
      [filter.unitCode ?? null, filter.metric ?? null, filter.from ?? null, filter.to ?? null],
    );
    const figures = new Map<string, Promise<Figures | null>>();
    // Read once, and only when a catalogue figure is asked for.
    const catalogue = rows.some((row) => CATALOGUE_METRICS[row.metric])
      ? { province: await this.catalogue.provinceCode(), summary: await this.catalogue.summarise() }
      : undefined;
    return Promise.all(
      rows.map(async (row) => {
        const { computed, why } = await this.compute(row, catalogue, figures);
        const agrees = computed === null ? null : roundTo(computed, row.decimals) === roundTo(row.value, row.decimals);
        return { ...row, computed, agrees, notComputedBecause: computed === null ? why : null };
      }),
    );
  }

  private async compute(
    row: PublishedFigureRow,
    catalogue: { province: string | undefined; summary: CatalogueSummary } | undefined,
    cache: Map<string, Promise<Figures | null>>,
  ): Promise<{ computed: number | null; why: string }> {
    if (row.metric.startsWith('par_index')) return { computed: null, why: 'PAR INDEX is assessed by the Ministry of Home Affairs, not computed from dossiers' };
    if (row.metric === 'transparency_pct')
      return { computed: null, why: 'assessed on the National Public Service Portal from data this service does not hold' };
    const catalogueMetric = CATALOGUE_METRICS[row.metric];
    if (catalogueMetric) {
      if (row.unitCode !== catalogue!.province) return { computed: null, why: "this service holds only its own province's catalogue" };
      return { computed: catalogueMetric(catalogue!.summary), why: '' };
    }
    const metric = DOSSIER_METRICS[row.metric];
    if (!metric) return { computed: null, why: 'no computation is defined for this metric' };
    if (!row.periodStart || !row.periodEnd) return { computed: null, why: 'the published period has no start or no end' };
    const key = `${row.unitCode}|${row.periodStart}|${row.periodEnd}`;
    if (!cache.has(key)) {
      cache.set(key, this.statistics.statistics({ unitCode: row.unitCode, from: row.periodStart, to: row.periodEnd, includeSubunits: true }));
    }
    const figures = await cache.get(key)!;
    if (!figures) return { computed: null, why: 'the unit is not in the administrative units' };
    return { computed: metric(figures) ?? null, why: 'nothing to compute a rate from (denominator 0)' };
  }
}
