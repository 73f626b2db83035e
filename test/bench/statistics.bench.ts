import { DOSSIER_COLUMNS } from '../../src/dossiers/dossier-rows.sql';
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROVINCE, DEFAULT_SCALE_DOSSIERS, loadScaleContext, scaleDossiers, seedScaleDossiers, toDossierInput } from '../../tools/scale-dossiers';
import { seedStatistics } from '../../seeds/seed-statistics';
import { mulberry32 } from '../../seeds/random';
import type { Sql } from '../../src/db/sql';
import { ApiKeyService } from '../../src/dossiers/api-key.service';
import { DossierIngestionService } from '../../src/dossiers/dossier-ingestion.service';
import { directFigures, pick } from '../support/direct-statistics';
import { openBenchDatabase } from './bench-database';
import { SequentialClient, summarise, type LatencySummary, type TimedRequest } from './latency';
import { startServer } from './server-process';
import { numberOption } from './options';

/**
 * Statistics bench: dossiers in (bulk ingestion) and figures out (dossierStatistics and its
 * series) on a province with millions of dossiers, each against a baseline measured in the same
 * run on the same database.
 *
 *   npm run bench:statistics [-- --dossiers 10000000] [-- --ingest 200000] [-- --requests 400] [-- --seconds 30]
 *
 * - Ingestion: `--ingest` new dossiers (a month of the province's desks, after the loaded years)
 *   sent as one NDJSON body to POST /ingest/dossiers, then the same body again (a replay: every
 *   dossier UNCHANGED). Baseline: PostgreSQL inserting the same rows, 1,000 per multi-row INSERT
 *   and transaction, into an unindexed copy of the dossier table: the floor of "write the rows".
 *   Target: 20,000 dossiers/s.
 * - Statistics: dossierStatistics for the province over a year (365 days from a varying day, so
 *   partial months at both ends) and dossierStatisticsSeries by MONTH over 36 months (from a
 *   varying month), at 1 and 8 connections, every request a different range. The server keeps no
 *   whole answers (RESPONSE_CACHE_MB=0). Each measurement stops after `--requests` requests or
 *   `--seconds`, whichever comes first (the table shows how many were made). Baseline: the same figures counted by one SQL statement
 *   over the raw dossier table (what the rollups avoid). Target: p99 under 50 ms.
 */

const TARGETS = { ingestPerSecond: 20_000, p99Ms: 50 };
const INGEST_WINDOW = { from: '2026-01-01', to: '2026-01-31', prefix: 'BENCH-' };
/** Direct counts scan every dossier of the province: a few are enough to time (fewer at millions). */
const baselineRequests = (dossiers: number) => (dossiers >= 3_000_000 ? 2 : 12);

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => (Date.now() - since) / 1000;
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

interface Options {
  dossiers: number;
  ingest: number;
  requests: number;
  seconds: number;
}

function parseArgs(argv: string[]): Options {
  return {
    dossiers: numberOption(argv, 'dossiers', DEFAULT_SCALE_DOSSIERS, { max: 99_999_999 }),
    ingest: numberOption(argv, 'ingest', 200_000, { max: 2_000_000 }),
    requests: numberOption(argv, 'requests', 400, { max: 100_000 }),
    seconds: numberOption(argv, 'seconds', 30, { max: 600 }),
  };
}

const FIGURES = `carriedOver newlyReceived receivedOnline receivedInPerson receivedByPost received resolved resolvedEarly resolvedOnTime
  resolvedOverdue withdrawn refused pendingAtEnd pendingWithinDeadline pendingPastDeadline pausedAtEnd representativeReceived
  onTimeRate { numerator denominator value percent } onlineRate { numerator denominator value percent }
  satisfactionRate { numerator denominator value percent }`;
const YEAR = `query Year($unit: String!, $from: Date!, $to: Date!) {
  dossierStatistics(unitCode: $unit, from: $from, to: $to) { ${FIGURES} byLevel { level received resolved pendingAtEnd } }
}`;
const SERIES = `query Series($unit: String!, $from: Date!, $to: Date!) {
  dossierStatisticsSeries(unitCode: $unit, from: $from, to: $to, interval: MONTH) { from to ${FIGURES} }
}`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** Year ranges: 365 days from a day of 2022-2024 (so each ends by 2025-12-31), a different one each time. */
function yearRanges(count: number, seed: number): { from: string; to: string }[] {
  const random = mulberry32(seed);
  const start = Date.UTC(2022, 0, 1);
  return Array.from({ length: count }, () => {
    const from = start + Math.floor(random() * (3 * 365 + 1)) * DAY;
    return { from: day(from), to: day(from + 364 * DAY) };
  });
}

/** 36-month ranges starting in one of the first 13 months (the last ends 2025-12-31). */
function seriesRanges(count: number, seed: number): { from: string; to: string }[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const m = Math.floor(random() * 13);
    return { from: day(Date.UTC(2022, m, 1)), to: day(Date.UTC(2022, m + 36, 0)) };
  });
}

/** Sends the requests over `connections` kept-alive connections (each one after another), until all are done or `budgetMs` has passed. */
async function timeRequests(url: string, requests: TimedRequest[], connections: number, budgetMs = Infinity): Promise<LatencySummary & { perSecond: number }> {
  const clients = Array.from({ length: connections }, () => new SequentialClient(url));
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < requests.length && Date.now() - started < budgetMs) {
        const request = requests[next++];
        const { ms, ok } = await client.time(request);
        latencies.push(ms);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = seconds(started);
  for (const client of clients) client.close();
  return { ...summarise(latencies, errors), perSecond: latencies.length / elapsed };
}

/** The direct count the rollups stand in for: one statement over the raw dossiers of the province's units. */
async function directSeries(sql: Sql, unitCode: string, from: string, to: string) {
  return sql.rows(
    `WITH RECURSIVE scope AS (SELECT id FROM administrative_unit WHERE code = $1
                              UNION ALL SELECT c.id FROM administrative_unit c JOIN scope s ON c.parent_id = s.id),
     d AS (SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rmonth,
                  CASE WHEN status IN (3, 7, 9, 10) THEN date_trunc('month', finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END AS fmonth,
                  status, channel, finished_at > due_at AS overdue
           FROM dossier WHERE unit_id IN (SELECT id FROM scope) AND received_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'),
     flows AS (SELECT m AS month,
                      count(*) FILTER (WHERE kind = 'r' AND actual = m) AS received,
                      count(*) FILTER (WHERE kind = 'r' AND actual = m AND channel = 'ONLINE') AS online,
                      count(*) FILTER (WHERE kind = 'f' AND actual = m AND status IN (9, 10)) AS resolved,
                      count(*) FILTER (WHERE kind = 'f' AND actual = m AND status IN (9, 10) AND overdue) AS overdue,
                      count(*) FILTER (WHERE kind = 'r') - count(*) FILTER (WHERE kind = 'f') AS pending_change
               -- Everything before the range counts in its first month: what it carries over.
               FROM d, LATERAL (VALUES ('r', greatest(rmonth, $2::date), rmonth), ('f', greatest(fmonth, $2::date), fmonth)) AS v(kind, m, actual)
               WHERE m IS NOT NULL GROUP BY m)
     SELECT month, received, online, resolved, overdue, sum(pending_change) OVER (ORDER BY month) AS pending_at_end
     FROM flows WHERE month BETWEEN $2 AND $3 ORDER BY month`,
    [unitCode, from, to],
  );
}

async function timeBaseline(run: (i: number) => Promise<unknown>, count: number): Promise<LatencySummary> {
  await run(0); // plans and caches, as for ours
  const latencies: number[] = [];
  for (let i = 1; i <= count; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return summarise(latencies, 0);
}

interface IngestRun {
  dossiers: number;
  seconds: number;
  perSecond: number;
  outcome: Record<string, unknown>;
}

/** Sends the body to the bulk endpoint and reads its streamed answer to the `done` line. */
async function bulkIngest(baseUrl: string, key: string, body: Buffer, dossiers: number): Promise<IngestRun | null> {
  const started = Date.now();
  const response = await fetch(`${baseUrl}/ingest/dossiers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  if (response.status === 404) return null;
  const text = await response.text();
  if (!response.ok) throw new Error(`POST /ingest/dossiers answered ${response.status}: ${text.slice(0, 300)}`);
  const last = JSON.parse(text.trim().split('\n').at(-1)!);
  if (!last.done) throw new Error(`bulk ingestion did not finish: ${text.slice(-600)}`);
  const elapsed = seconds(started);
  return { dossiers, seconds: elapsed, perSecond: dossiers / elapsed, outcome: last };
}

/** The fallback when the endpoint is missing: the ingestion service in this process, chunk by chunk. */
async function serviceIngest(sql: Sql, inputs: ReturnType<typeof toDossierInput>[], scope: Map<string, number>): Promise<IngestRun> {
  const service = new DossierIngestionService(sql);
  const principal = { keyId: 0, name: 'bench', unitCode: DEFAULT_PROVINCE, scope };
  const outcome: Record<string, number> = {};
  const started = Date.now();
  for (let i = 0; i < inputs.length; i += 1000) {
    for (const r of await service.ingest(principal, inputs.slice(i, i + 1000))) outcome[r.outcome] = (outcome[r.outcome] ?? 0) + 1;
  }
  const elapsed = seconds(started);
  return { dossiers: inputs.length, seconds: elapsed, perSecond: inputs.length / elapsed, outcome };
}

/** PostgreSQL writing the same rows into an unindexed copy of dossier, 1,000 per multi-row INSERT and transaction. */
async function baselineInsert(sql: Sql, rows: unknown[][]): Promise<IngestRun> {
  await sql.rows(`DROP TABLE IF EXISTS bench_dossier_copy`);
  await sql.rows(`CREATE TABLE bench_dossier_copy (LIKE dossier INCLUDING DEFAULTS INCLUDING IDENTITY)`);
  const columns = DOSSIER_COLUMNS;
  const started = Date.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await sql.rows(`INSERT INTO bench_dossier_copy (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
  }
  const elapsed = seconds(started);
  await sql.rows(`DROP TABLE bench_dossier_copy`);
  return { dossiers: rows.length, seconds: elapsed, perSecond: rows.length / elapsed, outcome: {} };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const database = await openBenchDatabase(log);
  const sql = database.sql;
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, options, targets: TARGETS };
  try {
    if (!process.env.BENCH_DATABASE_URL) {
      // The throw-away cluster gets the WAL room a server that takes bulk writes is given; a
      // checkpoint every gigabyte would time the checkpoints.
      await sql.rows(`ALTER SYSTEM SET max_wal_size = '8GB'`);
      await sql.rows(`ALTER SYSTEM SET checkpoint_timeout = '30min'`);
      await sql.rows(`SELECT pg_reload_conf()`);
      log('embedded PostgreSQL: max_wal_size 8GB, checkpoint_timeout 30min (otherwise defaults)');
    }
    log(`statistics seed: ${JSON.stringify(await seedStatistics(sql))}`);
    log(`loading ${options.dossiers.toLocaleString('en')} scale dossiers…`);
    const load = await seedScaleDossiers(sql, { dossiers: options.dossiers, log });
    log(`loaded ${options.dossiers.toLocaleString('en')} dossiers (${load.rollupRows.toLocaleString('en')} daily rollup rows) in ${fmt(load.seconds, 1)} s`);
    results.load = load;
    await sql.rows('VACUUM (ANALYZE) dossier, dossier_daily, dossier_monthly');
    const [sizes] = await sql.rows<Record<string, string>>(
      `SELECT (SELECT count(*) FROM dossier)::text AS dossiers, pg_size_pretty(pg_total_relation_size('dossier')) AS dossier_size,
              pg_size_pretty(pg_total_relation_size('dossier_daily')) AS daily_size, pg_size_pretty(pg_total_relation_size('dossier_monthly')) AS monthly_size`,
    );
    log(
      `dossier: ${Number(sizes.dossiers).toLocaleString('en')} rows, ${sizes.dossier_size}; dossier_daily ${sizes.daily_size}; dossier_monthly ${sizes.monthly_size}`,
    );
    results.sizes = sizes;

    // Ingestion.
    const context = await loadScaleContext(sql);
    const codeOf = new Map(context.units.map((u) => [u.id, u.code]));
    const inputs: ReturnType<typeof toDossierInput>[] = [];
    const rows: unknown[][] = [];
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    for (const batch of scaleDossiers(context, options.ingest, { window: INGEST_WINDOW })) {
      for (const v of batch) {
        inputs.push(toDossierInput(v, codeOf.get(v.unitId)!));
        rows.push([
          v.unitId,
          v.externalCode,
          v.procedureCode,
          v.fieldCode,
          v.fullOnlineOffered,
          v.level,
          v.channel,
          v.status,
          iso(v.receivedAt),
          iso(v.dueAt),
          iso(v.finishedAt),
          iso(v.returnedAt),
          iso(v.updatedAt),
          v.digitisedOnReceipt,
          v.electronicResult,
          v.paidOnline,
          v.feeBearing,
          v.populationDataUsed,
          v.apologyIssued,
          v.satisfaction,
          false,
        ]);
      }
    }
    const body = Buffer.from(inputs.map((input) => JSON.stringify(input)).join('\n') + '\n');
    log(
      `ingesting ${options.ingest.toLocaleString('en')} new dossiers (${INGEST_WINDOW.from}..${INGEST_WINDOW.to}, ${fmt(body.length / 1e6, 1)} MB of NDJSON), then the same again…`,
    );
    const { key } = await new ApiKeyService(sql).create(DEFAULT_PROVINCE, 'statistics bench');
    const server = await startServer('ours', database.url, { RESPONSE_CACHE_MB: '0' });
    const baseUrl = server.url.replace(/\/graphql$/, '');
    let ingestVia = 'POST /ingest/dossiers';
    let ingestion: { fresh: IngestRun; replay: IngestRun };
    try {
      const fresh = await bulkIngest(baseUrl, key, body, options.ingest);
      if (fresh) {
        ingestion = { fresh, replay: (await bulkIngest(baseUrl, key, body, options.ingest))! };
      } else {
        ingestVia = 'DossierIngestionService.ingest in the bench process (the endpoint answered 404)';
        const scope = new Map(context.units.map((u) => [u.code, u.id]));
        ingestion = { fresh: await serviceIngest(sql, inputs, scope), replay: await serviceIngest(sql, inputs, scope) };
      }
      log(`  new:    ${fmt(ingestion.fresh.perSecond)} dossiers/s (${fmt(ingestion.fresh.seconds, 1)} s) ${JSON.stringify(ingestion.fresh.outcome)}`);
      log(`  replay: ${fmt(ingestion.replay.perSecond)} dossiers/s (${fmt(ingestion.replay.seconds, 1)} s) ${JSON.stringify(ingestion.replay.outcome)}`);
      const baseline = await baselineInsert(sql, rows);
      log(`  baseline (multi-row INSERT into an unindexed copy): ${fmt(baseline.perSecond)} rows/s`);
      results.ingestion = { via: ingestVia, ...ingestion, baseline };

      // Statistics.
      await sql.rows('VACUUM (ANALYZE) dossier, dossier_daily, dossier_monthly');
      const unit = DEFAULT_PROVINCE;
      const years = yearRanges(options.requests, 1);
      const series = seriesRanges(options.requests, 2);
      // The figures agree with a direct count (checked once, before anything is timed).
      const check = new SequentialClient(server.url);
      const probe = years[0];
      let answer: any;
      await check.time({ query: YEAR, variables: { unit, ...probe } }, (data) => ((answer = data), true));
      check.close();
      const direct = await directFigures(sql, unit, probe.from, probe.to);
      const agrees = JSON.stringify(pick(answer.dossierStatistics, Object.keys(direct))) === JSON.stringify(direct);
      log(`${unit} ${probe.from}..${probe.to}: rollups ${agrees ? 'agree with' : 'DIFFER FROM'} the direct count ${JSON.stringify(direct)}`);
      if (!agrees) throw new Error(`the API's figures ${JSON.stringify(answer.dossierStatistics)} differ from the direct count`);

      const measured: Record<string, Record<string, LatencySummary & { perSecond?: number }>> = { year: {}, series: {} };
      for (const [name, query, ranges] of [
        ['year', YEAR, years],
        ['series', SERIES, series],
      ] as const) {
        const requests = ranges.map((r) => ({ query, variables: { unit, ...r } }));
        await timeRequests(server.url, requests.slice(0, 20), 1); // warm-up: plans, JIT
        for (const connections of [1, 8]) {
          measured[name][`ours@${connections}`] = await timeRequests(server.url, requests, connections, options.seconds * 1000);
        }
      }
      const baselineCount = baselineRequests(options.dossiers);
      log(`baseline: the same figures by one SQL statement over the raw dossiers (${baselineCount} requests each after one warm-up, sequential)…`);
      measured.year.baseline = await timeBaseline((i) => directFigures(sql, unit, years[i].from, years[i].to), baselineCount);
      measured.series.baseline = await timeBaseline((i) => directSeries(sql, unit, series[i].from, series[i].to), baselineCount);
      results.statistics = measured;
    } finally {
      await server.stop();
    }

    // Report.
    const ing = results.ingestion as { via: string; fresh: IngestRun; replay: IngestRun; baseline: IngestRun };
    const stats = results.statistics as Record<string, Record<string, LatencySummary & { perSecond?: number }>>;
    const header = ['measure', 'ours', 'baseline', 'ours/baseline', 'target', 'verdict'];
    const rowsOut: string[][] = [
      [
        'ingest new (dossiers/s)',
        fmt(ing.fresh.perSecond),
        fmt(ing.baseline.perSecond),
        fmt(ing.fresh.perSecond / ing.baseline.perSecond, 2),
        `≥ ${fmt(TARGETS.ingestPerSecond)}`,
        ing.fresh.perSecond >= TARGETS.ingestPerSecond ? 'met' : 'NOT met',
      ],
      [
        'ingest replay (dossiers/s)',
        fmt(ing.replay.perSecond),
        fmt(ing.baseline.perSecond),
        fmt(ing.replay.perSecond / ing.baseline.perSecond, 2),
        `≥ ${fmt(TARGETS.ingestPerSecond)}`,
        ing.replay.perSecond >= TARGETS.ingestPerSecond ? 'met' : 'NOT met',
      ],
    ];
    for (const name of ['year', 'series']) {
      const base = stats[name].baseline;
      for (const connections of [1, 8]) {
        const ours = stats[name][`ours@${connections}`];
        rowsOut.push([
          `${name === 'year' ? 'dossierStatistics, a year' : 'series, 36 months'} @${connections} p50/p99 ms (${ours.requests} req, ${fmt(ours.perSecond ?? NaN, 1)}/s, ${ours.errors} err)`,
          `${fmt(ours.p50, 1)} / ${fmt(ours.p99, 1)}`,
          `${fmt(base.p50, 1)} / ${fmt(base.p99, 1)}`,
          `${fmt(ours.p50 / base.p50, 4)} (p50)`,
          `p99 < ${TARGETS.p99Ms}`,
          ours.p99 < TARGETS.p99Ms && ours.errors === 0 ? 'met' : 'NOT met',
        ]);
      }
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    log('');
    log(
      `${Number(sizes.dossiers).toLocaleString('en')} dossiers; ingestion via ${ing.via}; statistics for unit ${DEFAULT_PROVINCE} and all its units, ` +
        `${options.requests} different ranges per query, shared by the connections, no response cache; baselines in the same run`,
    );
    log(line(header));
    for (const row of rowsOut) log(line(row));
    const file = path.resolve(process.cwd(), 'bench-results-statistics.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${path.relative(process.cwd(), file)}; the bench took ${Math.round(seconds(started))} s`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`statistics bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
