import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FACTOR, MAX_FACTOR, SCALED_TABLES, scaleCatalogue } from '../../tools/scale-catalogue';
import { CITIZEN_QUERIES } from '../support/citizen-queries';
import { openBenchDatabase } from './bench-database';
import { SequentialClient, summarise, type LatencySummary, type TimedRequest } from './latency';
import { startServer } from './server-process';
import { numberOption } from './options';

/**
 * Search bench: latency of search and type-ahead as a citizen sees it (one user, requests one
 * after another on one connection), on the seed catalogue and on the catalogue ×50 (about 90,000
 * procedures). The baseline, measured in the same run on the same server and connection, is the
 * framework floor: a `{ __typename }` request.
 *
 * Search is measured twice: as served (counts and facets of a search are kept until the catalogue
 * changes, so after the warm-up pass every count is known), and by a second server that keeps
 * nothing (COUNT_CACHE_SIZE=0), where every request counts its matches: the first search after a
 * catalogue change, or one nobody made before. Neither keeps whole answers (RESPONSE_CACHE_MB=0),
 * which would answer every repeated search without searching.
 *
 *   npm run bench:search [-- --factor 50] [-- --rounds 20]
 *
 * Targets at ×50: search p99 under 20 ms, type-ahead p99 under 10 ms.
 */

const SEARCH = `query Search($q: String!) {
  procedures(search: $q, first: 20) {
    totalCount
    edges { searchRank nameHighlight { text matched } node { code name level field { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SUGGEST = `query Suggest($p: String!) { procedureSuggestions(prefix: $p) { code name level nameHighlight { text matched } } }`;
const FLOOR = `{ __typename }`;

/** What someone browsing types: a field, an action, a common word; each matches thousands at ×50. */
const BROAD_QUERIES = ['giấy phép', 'giay phep', 'đăng ký', 'dang ky', 'cấp', 'hộ tịch', 'chứng thực', 'đất đai', 'kinh doanh', 'xây dựng'];

/** Names typed one key at a time, with and without diacritics, from the second key on. */
const TYPED_NAMES = [
  'Đăng ký khai sinh',
  'dang ky ket hon',
  'Cấp giấy phép xây dựng',
  'chung thuc ban sao',
  'Đăng ký thường trú',
  'xac nhan tinh trang hon nhan',
  'Hỗ trợ chi phí mai táng',
  'thanh lap ho kinh doanh',
  'giấy phép lao động',
  'khai tu',
  '1.001193',
];

export const TARGETS = { searchP99: 20, typeAheadP99: 10 };

interface SizeResult {
  label: string;
  procedures: number;
  search: LatencySummary;
  uncountedSearch: LatencySummary;
  broadSearch: LatencySummary;
  typeAhead: LatencySummary;
  floor: LatencySummary;
  slowestSearches: { q: string; p50: number }[];
}

function keystrokes(): string[] {
  return TYPED_NAMES.flatMap((name) => {
    const prefixes: string[] = [];
    for (let i = 2; i <= Math.min(name.length, 24); i++) prefixes.push(name.slice(0, i));
    return prefixes;
  }).filter((prefix) => prefix.trim().length >= 2);
}

/** The same order every run, a different one every round: no query always follows the same one. */
function shuffled<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

async function measure(client: SequentialClient, requests: { key: string; request: TimedRequest }[], rounds: number) {
  for (const { request } of requests) await client.time(request); // warm-up: plans, caches, JIT of the server
  const times = new Map<string, number[]>();
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    for (const { key, request } of shuffled(requests, round + 1)) {
      const { ms, ok } = await client.time(request);
      if (!ok) errors++;
      times.set(key, [...(times.get(key) ?? []), ms]);
    }
  }
  return { summary: summarise([...times.values()].flat(), errors), times };
}

function parseArgs(argv: string[]): { factor: number; rounds: number } {
  return { factor: numberOption(argv, 'factor', DEFAULT_FACTOR, { max: MAX_FACTOR }), rounds: numberOption(argv, 'rounds', 20, { max: 10_000 }) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { factor, rounds } = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const database = await openBenchDatabase(log);
  // Whole answers are not kept (RESPONSE_CACHE_MB=0): every request searches, as one nobody made before would.
  const server = await startServer('ours', database.url, { RESPONSE_CACHE_MB: '0' });
  const uncached = await startServer('ours', database.url, { RESPONSE_CACHE_MB: '0', COUNT_CACHE_SIZE: '0' });
  const client = new SequentialClient(server.url);
  const uncachedClient = new SequentialClient(uncached.url);
  const results: SizeResult[] = [];
  try {
    const searches = [...CITIZEN_QUERIES.map((c) => c.q), ...BROAD_QUERIES];
    const searchRequests = searches.map((q) => ({ key: q, request: { query: SEARCH, variables: { q } } }));
    const typeAhead = keystrokes().map((p) => ({ key: p, request: { query: SUGGEST, variables: { p } } }));
    const floor = [{ key: 'floor', request: { query: FLOOR } }];
    const broad = new Set(BROAD_QUERIES);

    for (const size of [1, factor]) {
      if (size > 1) {
        log(`scaling the catalogue ×${size}…`);
        await database.sql.transaction((c) => scaleCatalogue(c, size));
      }
      // As autovacuum would leave the tables, before measuring rather than during.
      await database.sql.rows(`VACUUM (ANALYZE) ${SCALED_TABLES.join(', ')}`);
      const [{ n }] = await database.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure');
      log(`measuring at ${n.toLocaleString('en')} procedures (${rounds} rounds)…`);
      const search = await measure(client, searchRequests, rounds);
      const uncounted = await measure(uncachedClient, searchRequests, rounds);
      const suggest = await measure(client, typeAhead, Math.max(1, Math.round(rounds / 4)));
      const base = await measure(client, floor, rounds * 20);
      const broadTimes = [...search.times].filter(([q]) => broad.has(q)).flatMap(([, t]) => t);
      results.push({
        label: size === 1 ? 'seed' : `×${size}`,
        procedures: n,
        search: search.summary,
        uncountedSearch: uncounted.summary,
        broadSearch: summarise(broadTimes, 0),
        typeAhead: suggest.summary,
        floor: base.summary,
        slowestSearches: [...uncounted.times]
          .map(([q, t]) => ({ q, p50: summarise(t, 0).p50 }))
          .sort((a, b) => b.p50 - a.p50)
          .slice(0, 5),
      });
    }
  } finally {
    client.close();
    uncachedClient.close();
    await Promise.all([server.stop(), uncached.stop()]);
    await database.close();
  }

  const rows = results.map((r) => [
    r.label,
    r.procedures.toLocaleString('en'),
    fmt(r.search.p50),
    fmt(r.search.p99),
    fmt(r.broadSearch.p99),
    fmt(r.uncountedSearch.p50),
    fmt(r.uncountedSearch.p99),
    fmt(r.typeAhead.p50),
    fmt(r.typeAhead.p99),
    fmt(r.floor.p50),
    `${(r.search.p50 / r.floor.p50).toFixed(1)}×`,
    String(r.search.errors + r.uncountedSearch.errors + r.typeAhead.errors + r.floor.errors),
  ]);
  const header = [
    'size',
    'procedures',
    'search p50',
    'search p99',
    'broad p99',
    'uncached p50',
    'uncached p99',
    'type-ahead p50',
    'type-ahead p99',
    'floor p50',
    'search/floor',
    'errors',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log('');
  log(line(header));
  for (const row of rows) log(line(row));
  const largest = results.at(-1)!;
  const met = (value: number, target: number) => (value < target ? 'met' : 'NOT met');
  log('');
  log(
    `targets at ${largest.procedures.toLocaleString('en')} procedures: search p99 ${fmt(largest.search.p99)} < ${TARGETS.searchP99} ms ` +
      `${met(largest.search.p99, TARGETS.searchP99)} (uncached ${fmt(largest.uncountedSearch.p99)}: ` +
      `${met(largest.uncountedSearch.p99, TARGETS.searchP99)}); type-ahead p99 ${fmt(largest.typeAhead.p99)} < ` +
      `${TARGETS.typeAheadP99} ms ${met(largest.typeAhead.p99, TARGETS.typeAheadP99)}`,
  );
  log(`slowest uncached searches at ${largest.label} (p50): ${largest.slowestSearches.map((s) => `"${s.q}" ${fmt(s.p50)}`).join(', ')}`);
  log(
    `searches: ${CITIZEN_QUERIES.length} citizen queries and ${BROAD_QUERIES.length} broad ones ("${BROAD_QUERIES.slice(0, 3).join('", "')}", …); ` +
      `type-ahead: ${keystrokes().length} keystrokes of ${TYPED_NAMES.length} names; all sequential on one connection`,
  );
  const file = path.resolve(process.cwd(), 'bench-results-search.json');
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rounds, targets: TARGETS, results }, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), file)}; the bench took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
  process.stderr.write(`search bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
