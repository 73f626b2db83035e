import type { Pool, QueryConfig, QueryResult } from 'pg';
import { CatalogueSummaryService } from '../catalogue/catalogue-summary.service';
import type { CatalogueSummary } from '../catalogue/catalogue-summary.type';
import { Sql } from '../db/sql';
import { ROLLUP_COUNTERS } from '../dossiers/dossier-contribution';
import { LEVELS } from '../shared/levels';
import { dossierFigures, NO_PENDING, stateAfter, zeroSums, type PendingState } from '../statistics/dossier-figures';
import { DossierStatisticsService } from '../statistics/dossier-statistics.service';
import { addDays, monthStart } from '../statistics/period';
import { MAX_FIGURES, PublishedFigureService, type ComparedFigure } from '../statistics/published-figure.service';
import type { CounterSums } from '../statistics/rollup-reader';
import { METRICS, MetricKind } from '../statistics/statistics-methodology';
import { once } from '../shared/page';
import type { Column, Dataset, Row, RowSource } from './dataset';

/**
 * The dossier statistics as tables, computed by the code the API computes them with: the monthly
 * figures from the rollups (dossierFigures over the state carried over and the month's counters,
 * as dossierStatisticsSeries does), and the published figures beside their computation
 * (PublishedFigureService, as the publishedFigures query). Both follow the statistics version.
 */

const column = (name: string, type: Column['type'], description: string, required = false): Column => ({ name, type, description, required });
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const ofUnit = { fields: ['unit_code'], reference: { resource: 'administrative-units', fields: ['code'] } };

/** Every figure of DossierFigures, in its order: a count as one column, a rate as its numerator, denominator and value. */
const FIGURE_COLUMNS: readonly Column[] = METRICS.flatMap((m): Column[] => {
  const name = snake(m.key);
  if (m.kind !== MetricKind.RATE) return [column(name, 'integer', `${m.name}: ${m.definition}`, true)];
  return [
    column(`${name}_numerator`, 'integer', `${m.name}, numerator: ${m.numerator}.`, true),
    column(`${name}_denominator`, 'integer', `${m.name}, denominator: ${m.denominator}.`, true),
    column(name, 'number', `${m.name}: ${name}_numerator / ${name}_denominator, unrounded (0 to 1); empty when the denominator is 0.`),
  ];
});

interface MonthlyRollupRow extends CounterSums {
  unit_code: string;
  unit_name: string;
  /** First day of the month, YYYY-MM-DD. */
  month: string;
  level: string;
  /** The last month with counters of any unit (not after the month of the day asked): where every unit's months end. */
  last_month: string;
}

/**
 * The subtree rollups by month: a unit's row counts its own dossiers and those of every unit
 * below it, what dossierStatistics reads with includeSubunits (the default). One statement, in
 * unit and month order.
 */
const MONTHLY_ROLLUPS = `
  SELECT u.code AS unit_code, u.name AS unit_name, to_char(r.month, 'YYYY-MM-DD') AS month, r.level, ${ROLLUP_COUNTERS.map((c) => `r.${c}`).join(', ')},
         to_char((SELECT max(month) FROM dossier_subtree_monthly WHERE month <= date_trunc('month', $1::date)::date), 'YYYY-MM-DD') AS last_month
    FROM dossier_subtree_monthly r JOIN administrative_unit u ON u.id = r.unit_id
   WHERE r.month <= date_trunc('month', $1::date)::date
   ORDER BY u.code, r.month`;

const nextMonth = (month: string) => monthStart(addDays(month, 31));
const isZero = (state: PendingState) => state.pending === 0 && state.pendingPastDeadline === 0 && state.paused === 0;
/** Whether a rollup row counts anything: one whose counts were all taken back says nothing. */
const counts = (flows: CounterSums | undefined) => flows !== undefined && ROLLUP_COUNTERS.some((c) => flows[c] !== 0);

/** One row of the monthly dataset: the figures dossierStatistics gives for the unit, month and level, as columns. */
function figureRow(unitCode: string, unitName: string, month: string, level: string, before: PendingState, flows: CounterSums): Row {
  const figures = dossierFigures(before, flows);
  const row: Row = { unit_code: unitCode, unit_name: unitName, month, level };
  for (const m of METRICS) {
    const name = snake(m.key);
    const figure = figures[m.key];
    if (typeof figure === 'number') {
      row[name] = figure;
    } else {
      row[`${name}_numerator`] = figure.numerator;
      row[`${name}_denominator`] = figure.denominator;
      row[name] = figure.value;
    }
  }
  return row;
}

/**
 * The rows of the monthly dataset from the rollups streamed in order: per unit, the pending state
 * of each level is carried from month to month (as readRollups sums everything before a period
 * and periodFigures carries it), so memory holds one unit's three states, never its months. A
 * month a level has no counters for still gets a row while something is carried over into it.
 */
async function* monthlyFigures(source: RowSource, day: string): AsyncGenerator<Row> {
  let unit: { code: string; name: string; lastMonth: string } | undefined;
  /** The state at the start of the month being read (after the months before it), per level. */
  let states = new Map<string, PendingState>();
  /** The month being read, and its rows by level. */
  let month: string | undefined;
  let flows = new Map<string, CounterSums>();
  const none = zeroSums();

  const levelsOf = (more: Iterable<string>) => {
    const seen = new Set([...states.keys(), ...more]);
    return [...LEVELS.filter((level) => seen.has(level)), ...[...seen].filter((level) => !(LEVELS as readonly string[]).includes(level)).sort()];
  };
  /** The rows of `at` (a month of the current unit): each level with counters in it or something carried over into it. */
  function* monthRows(at: string, counters: Map<string, CounterSums>): Generator<Row> {
    for (const level of levelsOf(counters.keys())) {
      const before = states.get(level) ?? NO_PENDING;
      const monthFlows = counters.get(level);
      if (isZero(before) && !counts(monthFlows)) continue;
      yield figureRow(unit!.code, unit!.name, at, level, before, monthFlows ?? none);
      states.set(level, stateAfter(before, monthFlows ?? none));
    }
  }
  /** The months after the one read (`month`) and before `until` in which something is carried over. */
  function* carriedUntil(until: string): Generator<Row> {
    if (month === undefined) return;
    for (let at = nextMonth(month); at < until; at = nextMonth(at)) {
      if ([...states.values()].every(isZero)) return;
      yield* monthRows(at, new Map());
    }
  }
  /** The rows of the month read, then of the months up to `until` (exclusive) that carry something over. */
  function* endMonth(until: string): Generator<Row> {
    if (month === undefined) return;
    yield* monthRows(month, flows);
    yield* carriedUntil(until);
  }

  for await (const row of source.stream<MonthlyRollupRow>(MONTHLY_ROLLUPS, [day])) {
    if (row.unit_code !== unit?.code) {
      if (unit) yield* endMonth(nextMonth(unit.lastMonth));
      unit = { code: row.unit_code, name: row.unit_name, lastMonth: row.last_month };
      states = new Map();
      month = undefined;
    }
    if (row.month !== month) {
      yield* endMonth(row.month);
      month = row.month;
      flows = new Map();
    }
    flows.set(row.level, row);
  }
  if (unit) yield* endMonth(nextMonth(unit.lastMonth));
}

const dossierStatisticsMonthly: Dataset = {
  id: 'dossier-statistics-monthly',
  title: { vi: 'Thống kê tình hình giải quyết hồ sơ theo tháng', en: 'Dossier statistics by month' },
  description: {
    vi:
      'Mỗi dòng là số liệu giải quyết hồ sơ thủ tục hành chính của một đơn vị hành chính trong một tháng, theo cấp thủ tục (tỉnh, huyện, xã): ' +
      'kỳ trước chuyển qua, tiếp nhận mới theo kênh, đã giải quyết trước hạn, đúng hạn, quá hạn, rút, từ chối, đang giải quyết trong hạn và quá hạn, ' +
      'tạm dừng, phiếu xin lỗi, và các tỷ lệ (tử số, mẫu số, giá trị), tính bằng chính mã nguồn của API dossierStatistics. ' +
      'Số liệu của một đơn vị đã gồm các đơn vị trực thuộc (như includeSubunits = true): không cộng dòng của huyện với dòng của các xã thuộc huyện. ' +
      'Một tháng không có dòng là tháng không có hồ sơ nào được tiếp nhận, kết thúc hay chuyển qua. ' +
      'Dữ liệu mẫu (representative_received khác 0) được dựng để tái hiện số liệu đã công bố, không phải hồ sơ thật.',
    en:
      'One row per administrative unit, calendar month and procedure level (PROVINCE, DISTRICT, COMMUNE): carried over, newly received by channel, ' +
      'resolved early, on time and overdue, withdrawn, refused, pending at the end within and past the deadline, paused, apology letters, and every rate ' +
      'as numerator, denominator and value; computed by the same code as the dossierStatistics query for that unit, month (first to last day) and level, ' +
      'whose statisticsMethodology defines each figure. A unit counts its sub-units (includeSubunits = true, the default): a district row already ' +
      "includes its communes', so never add a unit's rows to its sub-units'. Rows run up to the last month with data (not after the current one); " +
      'a unit, month and level has a row when a dossier was received or ended in it, or something was carried over into it: a missing month has ' +
      'nothing to report. Where representative_received is not 0 the figures come from representative seed dossiers built to reproduce published ' +
      'totals, not real records.',
  },
  columns: [
    column('unit_code', 'string', 'The administrative unit (administrative-units.code); its figures include its sub-units.', true),
    column('unit_name', 'string', "The unit's Vietnamese name.", true),
    column('month', 'date', 'The calendar month (Asia/Ho_Chi_Minh), as its first day: the period is that day to the last day of the month.', true),
    column('level', 'string', 'The level of the procedures the dossiers are for (PROVINCE, DISTRICT or COMMUNE), not the level of the unit.', true),
    ...FIGURE_COLUMNS,
  ],
  primaryKey: ['unit_code', 'month', 'level'],
  foreignKeys: [ofUnit],
  asOf: false,
  changesWith: 'statistics',
  rows: monthlyFigures,
};

/** Never used: every statement goes through `send`. */
const NO_POOL = {} as Pool;

/**
 * An Sql whose statements are read from a RowSource: every statement of a download in its one
 * snapshot. The services that compute statistics take an Sql and use only `rows`, `one` and
 * `prepared`; a snapshot has no pool and no transaction of its own to give, and its connection
 * runs one statement at a time: one sent while another is read waits for it to end.
 */
class SnapshotSql extends Sql {
  constructor(private readonly source: RowSource) {
    super(NO_POOL);
  }

  /** The last statement sent, settled: the next one waits for it to be read to its end. */
  private previous: Promise<unknown> = Promise.resolve();

  protected override send(query: QueryConfig): Promise<QueryResult> {
    const result = this.previous.then(() => this.read(query));
    this.previous = result.catch(() => undefined);
    return result;
  }

  private async read(query: QueryConfig): Promise<QueryResult> {
    const rows: Row[] = [];
    for await (const row of this.source.stream(query.text, query.values ?? [])) rows.push(row);
    return { command: 'SELECT', rowCount: rows.length, oid: 0, fields: [], rows };
  }

  protected override withClient<T>(): Promise<T> {
    return Promise.reject(new Error('a download reads one snapshot: it runs no transaction of its own'));
  }
}

/** The row of one compared figure: the publishedFigures query's fields, as columns. */
const comparedRow = (f: ComparedFigure): Row => ({
  unit_code: f.unitCode,
  unit_name: f.unitName,
  period_start: f.periodStart,
  period_end: f.periodEnd,
  metric: f.metric,
  value: f.value,
  note: f.note,
  source: f.source,
  computed: f.computed,
  agrees: f.agrees,
  not_computed_because: f.notComputedBecause,
});

/**
 * Every published figure beside its computation, by PublishedFigureService (what the
 * publishedFigures query answers), on the snapshot. A unit's figures at a time (the service
 * answers at most MAX_FIGURES at once), in the query's order: by unit, then period end and
 * metric; a unit with more figures than that is read metric by metric.
 */
async function* comparedFigures(source: RowSource, day: string): AsyncGenerator<Row> {
  const sql = new SnapshotSql(source);
  const summary = new CatalogueSummaryService(sql);
  const service = new PublishedFigureService(sql, new DossierStatisticsService(sql), {
    provinceCode: once(() => summary.provinceCode()),
    summarise: once<CatalogueSummary>(() => summary.summarise(null, null, day)),
  });
  // The next unit (or metric of a unit) by keyset, one short statement each: no statement is
  // left open while the figures are computed.
  const next = async (column: 'unit_code' | 'metric', after: string | null, unitCode: string | null = null) =>
    (
      await sql.one<{ next: string | null }>(
        `SELECT min(${column}) AS next FROM published_figure WHERE ($1::text IS NULL OR ${column} > $1) AND ($2::text IS NULL OR unit_code = $2)`,
        [after, unitCode],
      )
    )?.next ?? null;
  for (let unitCode = await next('unit_code', null); unitCode !== null; unitCode = await next('unit_code', unitCode)) {
    const figures = await service.compare({ unitCode });
    if (figures.length < MAX_FIGURES) {
      yield* figures.map(comparedRow);
      continue;
    }
    for (let metric = await next('metric', null, unitCode); metric !== null; metric = await next('metric', metric, unitCode)) {
      const ofMetric = await service.compare({ unitCode, metric });
      if (ofMetric.length >= MAX_FIGURES) throw new Error(`more than ${MAX_FIGURES} published figures of ${metric} for unit ${unitCode}`);
      yield* ofMetric.map(comparedRow);
    }
  }
}

const publishedFigures: Dataset = {
  id: 'published-figures',
  title: { vi: 'Số liệu đã công bố và số liệu tính từ dữ liệu', en: 'Published figures beside computed ones' },
  description: {
    vi:
      'Mỗi dòng là một số liệu do cơ quan nhà nước hoặc báo chí công bố (kèm nguồn, ghi chú) bên cạnh giá trị tính từ dữ liệu của dịch vụ này cho cùng đơn vị, ' +
      'chỉ tiêu và kỳ, có khớp hay không, và lý do khi không tính được: đúng như truy vấn publishedFigures.',
    en:
      'One row per figure officials or newspapers published (with its source and notes), beside the value computed from this service’s data for the same ' +
      'unit, metric and period (dossier figures include sub-units, as dossierStatistics by default), whether they agree, and why nothing is computed when ' +
      'it is not: exactly what the publishedFigures query gives, for every published figure.',
  },
  columns: [
    column('unit_code', 'string', 'The unit the figure is about, as published (administrative-units.code when the unit is known).', true),
    column('unit_name', 'string', "The unit's name as published.", true),
    column('period_start', 'date', 'First day of the period; empty for a figure at a date (period_end).'),
    column('period_end', 'date', 'Last day of the period, or the date of a snapshot; empty when the source gave none.'),
    column('metric', 'string', 'What is measured, e.g. dossiers_received or online_rate_pct (statisticsMethodology says how each is computed).', true),
    column('value', 'number', 'The published value.', true),
    column('note', 'string', "The source's caveats: derivations, parts that do not add up."),
    column('source', 'string', 'Where it was published.', true),
    column(
      'computed',
      'number',
      "The value computed from this service's data for the same unit, metric and period (a percentage for *_pct metrics); empty when it cannot be.",
    ),
    column('agrees', 'boolean', 'Whether computed equals value at the published precision (within 0.005); empty when nothing is computed.'),
    column('not_computed_because', 'string', 'Why nothing is computed, when it is not.'),
  ],
  // Unique in the published data, though nothing in the database enforces it; a period bound may be empty.
  primaryKey: ['unit_code', 'metric', 'period_start', 'period_end', 'source'],
  foreignKeys: [],
  asOf: false,
  changesWith: 'statistics',
  rows: comparedFigures,
};

/** The statistics tables, in the order they are listed. */
export const STATISTICS_DATASETS: readonly Dataset[] = [dossierStatisticsMonthly, publishedFigures];
