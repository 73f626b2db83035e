import { CatalogueSummaryService } from '../../src/catalogue/catalogue-summary.service';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { DossierIngestionService } from '../../src/dossiers/dossier-ingestion.service';
import type { Dataset, Row } from '../../src/opendata/dataset';
import { Snapshot } from '../../src/opendata/snapshot';
import { STATISTICS_DATASETS } from '../../src/opendata/statistics-datasets';
import { readStatisticsVersion } from '../../src/opendata/statistics-version';
import { DossierStatisticsService, type StatisticsQuery } from '../../src/statistics/dossier-statistics.service';
import { PublishedFigureService, type ComparedFigure } from '../../src/statistics/published-figure.service';
import { UnitDirectory } from '../../src/units/unit-directory';
import { apiKey, dossier, resolvedDossier, type DossierRecord } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

/** The day of the downloads: the monthly rows run up to the last month with data, not after this one. */
const TODAY = '2026-03-01';
const MONTHS_2024 = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

let db: TestDatabase;
let statistics: DossierStatisticsService;
let published: PublishedFigureService;
beforeAll(async () => {
  db = await createTestDatabase();
  // As src/app/services.ts makes them, on the reader's role.
  const sql = db.roles.read;
  statistics = new DossierStatisticsService(sql, new UnitDirectory(sql));
  const summary = new CatalogueSummaryService(sql);
  published = new PublishedFigureService(sql, statistics, {
    provinceCode: () => summary.provinceCode(),
    summarise: () => summary.summarise(null, null, TODAY),
  });
});
afterAll(() => db.drop());

const dataset = (id: string) => STATISTICS_DATASETS.find((d) => d.id === id)!;

/** A dataset's rows as a download streams them: a cursor in one REPEATABLE READ snapshot, on the reader's role. */
async function download(d: Dataset, day = TODAY): Promise<Row[]> {
  const snapshot = await Snapshot.open(db.roles.read.pool, 60_000);
  try {
    const rows: Row[] = [];
    for await (const row of snapshot.rows(d, day)) rows.push(row);
    return rows;
  } finally {
    await snapshot.close();
  }
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const isRate = (value: unknown): value is { numerator: number; denominator: number; value: number | null; percent: number | null } =>
  typeof value === 'object' && value !== null && 'numerator' in value;

/** The API's figures as the dataset's columns: a count as itself, a rate as numerator, denominator and value. */
function asColumns(figures: object): Record<string, number | null> {
  const columns: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(figures)) {
    if (typeof value === 'number') columns[snake(key)] = value;
    else if (isRate(value)) {
      columns[`${snake(key)}_numerator`] = value.numerator;
      columns[`${snake(key)}_denominator`] = value.denominator;
      columns[snake(key)] = value.value;
    }
  }
  return columns;
}

const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/** What dossierStatistics gives for a unit, a whole month and a level (sub-units included, the default). */
async function apiFigures(unitCode: string, month: string, level: string) {
  const query: StatisticsQuery = { unitCode, from: `${month}-01`, to: lastDay(month), includeSubunits: true, level };
  const { unit, from, to, byLevel, ...figures } = (await statistics.statistics(query))!;
  expect({ unit: unit.code, from, to, levels: byLevel.map((l) => l.level) }).toEqual({ unit: unitCode, from: query.from, to: query.to, levels: [level] });
  return asColumns(figures);
}

const numericColumns = (row: Row) => Object.fromEntries(Object.entries(row).filter(([name]) => !['unit_code', 'unit_name', 'month', 'level'].includes(name)));

describe('dossier-statistics-monthly', () => {
  const monthly = () => dataset('dossier-statistics-monthly');

  it('has a described column for every figure dossierStatistics gives, and rates as numerator, denominator and value', async () => {
    const answer = (await statistics.statistics({ unitCode: '427', from: '2024-01-01', to: '2024-01-31', includeSubunits: true }))!;
    const figures = Object.fromEntries(Object.entries(answer).filter(([key]) => !['unit', 'from', 'to', 'byLevel'].includes(key)));
    const columns = monthly().columns;
    expect(columns.map((c) => c.name)).toEqual(['unit_code', 'unit_name', 'month', 'level', ...Object.keys(asColumns(figures))]);
    expect(columns.filter((c) => !c.description)).toEqual([]);
    expect(columns.find((c) => c.name === 'month')?.type).toBe('date');
    expect(columns.filter((c) => c.type === 'number').map((c) => c.name)).toEqual(
      Object.keys(figures)
        .filter((k) => k.endsWith('Rate'))
        .map(snake),
    );
    expect(columns.filter((c) => !c.required).map((c) => c.type)).toEqual(columns.filter((c) => c.type === 'number').map(() => 'number'));
    expect(columns.map((c) => c.name)).toContain('representative_received');
    expect(monthly()).toMatchObject({ primaryKey: ['unit_code', 'month', 'level'], asOf: false, changesWith: 'statistics' });
  });

  it('gives, for Đô Lương (427) from January to June 2024, the figures dossierStatistics gives for each month and level', async () => {
    const rows = (await download(monthly())).filter((r) => r.unit_code === '427' && MONTHS_2024.includes(String(r.month).slice(0, 7)));
    const levels = [...new Set(rows.map((r) => r.level as string))];
    expect(levels).toContain('COMMUNE');
    // Every month of the half-year, for each level the seed has.
    expect(rows.map((r) => `${r.month} ${r.level}`)).toEqual(MONTHS_2024.flatMap((m) => levels.map((level) => `${m}-01 ${level}`)));
    let compared = 0;
    for (const row of rows) {
      const month = String(row.month).slice(0, 7);
      expect({ month, level: row.level, unit_name: row.unit_name, ...numericColumns(row) }).toEqual({
        month,
        level: row.level,
        unit_name: 'Huyện Đô Lương',
        ...(await apiFigures('427', month, row.level as string)),
      });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(6);
    // Not a vacuous comparison: the seed's dossiers are there.
    expect(rows.reduce((sum, r) => sum + Number(r.newly_received), 0)).toBeGreaterThan(1000);
    expect(rows.every((r) => Number(r.representative_received) === Number(r.newly_received))).toBe(true);
  });

  it("agrees with each level of the unfiltered answer's byLevel, and each rate's value is its numerator over its denominator", async () => {
    const rows = await download(monthly());
    const unitRows = rows.filter((r) => r.unit_code === '17641' && String(r.month) >= '2024-01-01' && String(r.month) <= '2024-06-01');
    expect(unitRows.length).toBeGreaterThan(0);
    for (const row of unitRows) {
      const month = String(row.month);
      const answer = (await statistics.statistics({ unitCode: '17641', from: month, to: lastDay(month.slice(0, 7)), includeSubunits: true }))!;
      const { level, ...figures } = answer.byLevel.find((l) => l.level === row.level)!;
      expect({ month, level, ...numericColumns(row) }).toEqual({ month, level: row.level, ...asColumns(figures) });
    }
    const rates = monthly()
      .columns.filter((c) => c.type === 'number')
      .map((c) => c.name);
    let measured = 0;
    for (const row of rows) {
      for (const rate of rates) {
        const [numerator, denominator] = [Number(row[`${rate}_numerator`]), Number(row[`${rate}_denominator`])];
        if (denominator === 0) expect([rate, row[rate]]).toEqual([rate, null]);
        else expect([rate, row[rate]]).toEqual([rate, numerator / denominator]);
        if (denominator !== 0) measured++;
      }
    }
    expect(measured).toBeGreaterThan(100);
  });

  it('lists each unit, month and level once, in that order, every unit known, none after the month asked', async () => {
    const rows = await download(monthly());
    const keys = rows.map((r) => `${String(r.unit_code)}\u0000${String(r.month)}\u0000${String(r.level)}`);
    expect(new Set(keys).size).toBe(keys.length);
    const order = rows.map((r) => `${String(r.unit_code)}\u0000${String(r.month)}`);
    expect(order).toEqual([...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const known = new Set((await db.sql.rows<{ code: string }>('SELECT code FROM administrative_unit')).map((u) => u.code));
    expect(rows.filter((r) => !known.has(String(r.unit_code)))).toEqual([]);
    expect(rows.every((r) => /^\d{4}-\d{2}-01$/.test(String(r.month)))).toBe(true);
    // As of a day in March 2024, nothing after March 2024.
    const early = await download(monthly(), '2024-03-15');
    expect(early.filter((r) => String(r.month) > '2024-03-01')).toEqual([]);
    expect(early).toEqual(rows.filter((r) => String(r.month) <= '2024-03-01'));
  });
});

describe('published-figures', () => {
  const columnsOf = (f: ComparedFigure): Row => ({
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

  it('gives every published figure beside what the publishedFigures query computes for it, in its order', async () => {
    const rows = await download(dataset('published-figures'));
    expect(rows).toEqual((await published.compare({})).map(columnsOf));
    expect(rows.filter((r) => r.unit_code === '427')).toEqual((await published.compare({ unitCode: '427' })).map(columnsOf));
    expect(Object.keys(rows[0])).toEqual(dataset('published-figures').columns.map((c) => c.name));
    // Claims that agree, that do not, and that cannot be computed, each with its reason.
    expect(rows.some((r) => r.agrees === true)).toBe(true);
    expect(rows.some((r) => r.agrees === null && typeof r.not_computed_because === 'string')).toBe(true);
    expect(rows.filter((r) => (r.agrees === null) !== (r.computed === null))).toEqual([]);
    const keys = rows.map((r) =>
      dataset('published-figures')
        .primaryKey.map((k) => String(r[k]))
        .join('\u0000'),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the statistics version', () => {
  const version = () => readStatisticsVersion(db.roles.read);

  /** Dossiers stored as an agency's system sends them: the key made as the owner, the write as the ingestion role. */
  async function ingest(dossiers: DossierRecord[]): Promise<void> {
    const principal = await new ApiKeyService(db.sql).authenticate(`Bearer ${await apiKey(db.sql, '427')}`);
    const results = await new DossierIngestionService(db.roles.ingest).ingest(principal, dossiers);
    expect(results.filter((r) => r.outcome !== 'CREATED' && r.outcome !== 'UPDATED')).toEqual([]);
  }

  it('goes up once per transaction that changes statistics, and not for statements that change nothing', async () => {
    const seeded = await version();
    // The seed's ingestion counted.
    expect(seeded.version).toBeGreaterThan(0);
    expect(seeded.changedAt).toBeInstanceOf(Date);

    await ingest([resolvedDossier('SV-1', {}, '2019-05-02'), resolvedDossier('SV-2', {}, '2019-05-03')]);
    const ingested = await version();
    // One chunk: one transaction writing four rollup tables.
    expect(ingested.version).toBe(seeded.version + 1);
    expect(ingested.changedAt!.getTime()).toBeGreaterThanOrEqual(seeded.changedAt!.getTime());

    const ingestRole = db.roles.ingest;
    await ingestRole.rows(`UPDATE dossier_monthly SET received_online = received_online WHERE false`);
    await ingestRole.rows(`DELETE FROM dossier_daily WHERE false`);
    await ingestRole.rows(`INSERT INTO dossier_subtree_monthly SELECT * FROM dossier_subtree_monthly ON CONFLICT DO NOTHING`);
    await ingestRole.transaction((c) => c.query(`UPDATE dossier_subtree_daily SET received_online = received_online WHERE unit_id < 0`));
    await db.sql.rows(`DELETE FROM published_figure WHERE false`);
    // Sent again: nothing to write.
    const principal = await new ApiKeyService(db.sql).authenticate(`Bearer ${await apiKey(db.sql, '427')}`);
    const again = await new DossierIngestionService(db.roles.ingest).ingest(principal, [resolvedDossier('SV-1', {}, '2019-05-02')]);
    expect(again.map((r) => r.outcome)).toEqual(['UNCHANGED']);
    expect(await version()).toEqual(ingested);

    // Several changing statements in one transaction: once.
    await db.sql.transaction(async (c) => {
      await c.query(`UPDATE published_figure SET note = note WHERE unit_code = '427'`);
      await c.query(`UPDATE dossier_monthly SET received_online = received_online WHERE unit_id = (SELECT id FROM administrative_unit WHERE code = '17641')`);
    });
    expect((await version()).version).toBe(ingested.version + 1);
  });

  it('a month with nothing received but a dossier carried over into it has a row, as dossierStatistics has figures for it', async () => {
    await ingest([dossier('SV-PENDING', {}, '2019-08-20')]);
    const rows = (await download(dataset('dossier-statistics-monthly'))).filter((r) => r.unit_code === '17641' && r.level === 'COMMUNE');
    const months = rows.map((r) => String(r.month));
    // Received in August 2019, still pending: carried over into every month after it.
    expect(months.filter((m) => m < '2020-01-01')).toEqual(['2019-05-01', '2019-08-01', '2019-09-01', '2019-10-01', '2019-11-01', '2019-12-01']);
    expect(months.filter((m) => m.startsWith('2020-'))).toHaveLength(12);
    for (const month of ['2019-08', '2019-09', '2020-06']) {
      const row = rows.find((r) => r.month === `${month}-01`)!;
      expect({ month, ...numericColumns(row) }).toEqual({ month, ...(await apiFigures('17641', month, 'COMMUNE')) });
    }
    expect(rows.find((r) => r.month === '2020-06-01')).toMatchObject({ newly_received: 0, carried_over: 1, pending_at_end: 1 });

    // Resolved in December 2019: nothing is carried over after it any more.
    await ingest([
      resolvedDossier(
        'SV-PENDING',
        { updatedAt: '2019-12-02T10:00:00+07:00', finishedAt: '2019-12-02T10:00:00+07:00', returnedAt: '2019-12-02T10:00:00+07:00' },
        '2019-08-20',
      ),
    ]);
    const after = (await download(dataset('dossier-statistics-monthly'))).filter((r) => r.unit_code === '17641' && r.level === 'COMMUNE');
    const monthsAfter = after.map((r) => String(r.month));
    expect(monthsAfter.filter((m) => m < '2020-01-01')).toEqual(['2019-05-01', '2019-08-01', '2019-09-01', '2019-10-01', '2019-11-01', '2019-12-01']);
    expect(monthsAfter.filter((m) => m.startsWith('2020-'))).toEqual([]);
    const december = after.find((r) => r.month === '2019-12-01')!;
    expect({ ...numericColumns(december) }).toEqual(await apiFigures('17641', '2019-12', 'COMMUNE'));
    expect(december).toMatchObject({ carried_over: 1, resolved: 1, resolved_overdue: 1, pending_at_end: 0 });
  });

  it('a month whose counts were all taken back (a dossier moved to another month) has no row', async () => {
    await ingest([resolvedDossier('SV-MOVED', {}, '2019-02-10')]);
    await ingest([resolvedDossier('SV-MOVED', {}, '2019-03-10')]);
    const left = await db.sql.rows<{ received_online: number }>(
      `SELECT r.received_online FROM dossier_subtree_monthly r JOIN administrative_unit u ON u.id = r.unit_id
        WHERE u.code = '17641' AND r.month = '2019-02-01' AND r.level = 'COMMUNE'`,
    );
    // The rollup row is still there, with nothing in it.
    expect(left).toEqual([{ received_online: 0 }]);
    const rows = (await download(dataset('dossier-statistics-monthly'))).filter((r) => r.unit_code === '17641' && String(r.month) < '2019-05-01');
    expect(rows.map((r) => `${String(r.month)} ${String(r.level)} ${String(r.newly_received)}`)).toEqual(['2019-03-01 COMMUNE 1']);
  });
});
