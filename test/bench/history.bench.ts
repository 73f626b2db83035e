import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { feedPosition } from '../../src/catalogue/history/history-cursors';
import { DEFAULT_FACTOR, MAX_FACTOR, SCALED_TABLES, scaleCatalogue } from '../../tools/scale-catalogue';
import { openBenchDatabase } from './bench-database';
import { SequentialClient, summarise, type LatencySummary, type TimedRequest } from './latency';
import { numberOption } from './options';
import { startServer } from './server-process';

/**
 * History bench: the catalogue as of a day and the change feed, at the size of a national
 * catalogue (the seed ×50, about 90,000 procedures, each with its CREATED change in the feed), as
 * one client sees them (requests one after another on one connection), with the response cache off
 * so that every request is executed. In the same run, on the same server, the baselines: the same
 * page of today's catalogue (no `asOf`), and `{ __typename }` (the framework floor).
 *
 *   npm run bench:history [-- --factor 50] [-- --rounds 20]
 */

const PAGE = `query Page($asOf: Date, $after: String, $levels: [AdministrativeLevel!]) {
  procedures(first: 100, after: $after, asOf: $asOf, filter: { levels: $levels }, orderBy: { field: CODE, direction: ASC }) {
    edges { node { code name level isOneStop } }
    pageInfo { endCursor }
  }
}`;
const FEED = `query Feed($after: String) {
  catalogueChanges(first: 1000, after: $after) { edges { node { position kind procedureCode version effectiveFrom changedFields } } }
}`;
const FLOOR = `{ __typename }`;

/** Days a journalist asks about: before and after the 2025 reform, the ends of years, today. */
const DAYS = ['2021-06-30', '2022-12-31', '2023-06-30', '2024-01-01', '2024-12-31', '2025-03-31', '2025-07-01', '2026-01-01'];

interface Line {
  what: string;
  latency: LatencySummary;
}

async function timeAll(client: SequentialClient, requests: TimedRequest[], rounds: number): Promise<LatencySummary> {
  for (const request of requests) await client.time(request);
  const times: number[] = [];
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    for (const request of requests) {
      const { ms, ok } = await client.time(request);
      times.push(ms);
      if (!ok) errors++;
    }
  }
  return summarise(times, errors);
}

/** GET requests one after another (fetch keeps its connection alive), each read to its last byte. */
async function timeGets(urls: string[], rounds: number): Promise<LatencySummary> {
  const once = async (url: string) => {
    const started = process.hrtime.bigint();
    const response = await fetch(url);
    const text = await response.text();
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, ok: response.status === 200 && text.length > 0 };
  };
  for (const url of urls) await once(url);
  const times: number[] = [];
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    for (const url of urls) {
      const { ms, ok } = await once(url);
      times.push(ms);
      if (!ok) errors++;
    }
  }
  return summarise(times, errors);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const factor = numberOption(argv, 'factor', DEFAULT_FACTOR, { max: MAX_FACTOR });
  const rounds = numberOption(argv, 'rounds', 20, { max: 10_000 });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const database = await openBenchDatabase(log);
  const lines: Line[] = [];
  /** The catalogue's size once scaled: procedures (all versions) and changes. */
  const size = { procedures: 0, changes: 0 };
  try {
    log(`scaling the catalogue ×${factor} through the catalogue writer…`);
    const scaling = Date.now();
    await database.sql.transaction((client) => scaleCatalogue(client, factor));
    log(`scaled in ${Math.round((Date.now() - scaling) / 1000)} s`);
    await database.sql.rows(`VACUUM (ANALYZE) ${SCALED_TABLES.join(', ')}, procedure_change`);
    const [counted] = await database.sql.rows<{ procedures: number; changes: number }>(
      `SELECT (SELECT count(*)::int FROM procedure) AS procedures, (SELECT count(*)::int FROM procedure_change) AS changes`,
    );
    Object.assign(size, counted);
    // Positions spread over the feed, so that pages come from its start, middle and end.
    const positions = await database.sql.rows<{ position: string }>(
      `SELECT position::text AS position FROM procedure_change WHERE position % 9973 = 1 ORDER BY position`,
    );
    const after = [null, ...positions.map((p) => feedPosition.encode(p.position))];

    const server = await startServer('ours', database.url, { RESPONSE_CACHE_MB: '0' });
    const client = new SequentialClient(server.url);
    try {
      log(`measuring at ${size.procedures.toLocaleString('en')} procedures and ${size.changes.toLocaleString('en')} changes (${rounds} rounds)…`);
      const page = (variables: Record<string, unknown>) => ({ query: PAGE, variables });
      lines.push({ what: 'procedures, first 100, today (baseline)', latency: await timeAll(client, [page({})], rounds * DAYS.length) });
      lines.push({
        what: 'procedures(asOf:), first 100, 8 days',
        latency: await timeAll(
          client,
          DAYS.map((asOf) => page({ asOf })),
          rounds,
        ),
      });
      lines.push({
        what: 'procedures(asOf:), COMMUNE, first 100, 8 days',
        latency: await timeAll(
          client,
          DAYS.map((asOf) => page({ asOf, levels: ['COMMUNE'] })),
          rounds,
        ),
      });
      lines.push({
        what: 'catalogueChanges, first 1,000 (GraphQL)',
        latency: await timeAll(
          client,
          after.map((position) => ({ query: FEED, variables: { after: position } })),
          Math.max(1, Math.round(rounds / 4)),
        ),
      });
      lines.push({
        what: 'GET /changes?limit=1000 (NDJSON, whole records)',
        latency: await timeGets(
          after.map((position) => `${server.url.replace('/graphql', '/changes')}?limit=1000${position ? `&after=${position}` : ''}`),
          Math.max(1, Math.round(rounds / 4)),
        ),
      });
      lines.push({ what: '{ __typename } (floor)', latency: await timeAll(client, [{ query: FLOOR }], rounds * 10) });
    } finally {
      client.close();
      await server.stop();
    }
  } finally {
    await database.close();
  }

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const width = Math.max(...lines.map((l) => l.what.length));
  log('');
  log(`${'request'.padEnd(width)}  ${'p50'.padStart(9)}  ${'p99'.padStart(9)}  requests  errors`);
  for (const { what, latency } of lines) {
    log(
      `${what.padEnd(width)}  ${fmt(latency.p50).padStart(9)}  ${fmt(latency.p99).padStart(9)}  ${String(latency.requests).padStart(8)}  ${String(latency.errors).padStart(6)}`,
    );
  }
  const [today, asOf] = lines;
  log('');
  log(`procedures(asOf:) / today's page, p50: ${(asOf.latency.p50 / today.latency.p50).toFixed(2)}×`);
  const file = path.resolve(process.cwd(), 'bench-results-history.json');
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds, ...size, lines }, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), file)}; the bench took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
  process.stderr.write(`history bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
