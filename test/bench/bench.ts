import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { DEFAULT_FACTOR, SCALED_TABLES, scaleCatalogue } from '../../tools/scale-catalogue';
import { statementCount } from '../../src/db/sql';
import { composeApp } from '../../src/app/compose';
import { createHttpServer } from '../../src/http/server';
import { seedStatistics } from '../../seeds/seed-statistics';
import { benchQueries, type BenchQuery, type BenchRequest, type Contestant, type GraphQLRequest } from './bench-queries';
import { readBenchContext } from './bench-context';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { contestantNode, startServer, type ServerProcess } from './server-process';
import { numberOption } from './options';

/**
 * The comparison bench: our API against PostGraphile 5 (the auto-generated peer) and a raw
 * baseline (node:http + pg, one statement per query building the JSON; the practical limit), on
 * one database (the seeded catalogue and dossiers), one contestant loaded at a time (the runs of
 * each query go round the contestants, see time), all on the same Node binary with the same pool
 * size and session settings. Every contestant's answers are checked equal before anything is
 * timed. Ours runs twice: as deployed (whole answers kept until the catalogue changes, so a
 * repeated query costs one version check) and executed (the response cache off: every request
 * executed, as the first request after a change, or one nobody asked before, is).
 *
 *   npm run bench [-- --scale] [-- --seconds 1.5] [-- --repeats 3] [-- --warm-up 5]
 *   node dist/test/bench/bench.js --only a,names --contestants ours-uncached,postgraphile
 *
 * Queries: (a)–(e) and a search, each one request asked again and again; then the wider set,
 * each a list of requests with their own variables (see bench-queries), so that no cache answers
 * them: names pages of 100, filtered pages, searches, filtered counts, and dossier statistics and
 * 12-month series (no peer: against the baseline, which counts the raw dossiers the rollups
 * summarise).
 *
 * Load: autocannon in a process of its own; per query and contestant a warm-up, then runs at 1, 8
 * and 32 connections, each repeated (the median run is reported). Targets (per query, at 8 and 32
 * connections, for ours executed and as deployed): 1.2 × PostGraphile's requests/s on (a)–(c)
 * and on every varied query it answers, 60 % of the baseline's on (a)–(c) and the searches,
 * 1.2 × the baseline's on the statistics; (d), (e) and the one search text are shown, not judged.
 */

const CONNECTIONS = [1, 8, 32];
const CONTESTANTS: Contestant[] = ['ours', 'ours-uncached', 'postgraphile', 'baseline'];
/** Ours executed is not timed on the fixed counts (kept by their own cache anyway) or the floor (no work to execute). */
const NOT_EXECUTED = ['d', 'e'];
/** Varied requests whose answers are compared across contestants before timing. */
const VERIFIED_SAMPLE = 24;

const execFileAsync = promisify(execFile);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Run {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

interface Options {
  scale: boolean;
  seconds: number;
  repeats: number;
  /**
   * Seconds of load at 8 connections on each contestant before a query's runs: V8 optimises a
   * newly compiled operation over its first thousands of requests (in successive 2 s runs of one
   * record, ours went 778, 1,014, 1,574, then about 2,000 requests/s).
   */
  warmUp: number;
  /** Query keys to run (default: all), for profiling one query without the whole bench. */
  only: string[] | null;
  contestants: Contestant[];
}

/** A comma-separated list option's values, or null when absent. */
function listOption(argv: string[], name: string): string[] | null {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1].split(',') : null;
}

function parseArgs(argv: string[]): Options {
  return {
    scale: argv.includes('--scale'),
    seconds: numberOption(argv, 'seconds', 1.5, { max: 60, whole: false }),
    repeats: numberOption(argv, 'repeats', 3, { max: 60 }),
    warmUp: numberOption(argv, 'warm-up', 5, { max: 60, whole: false }),
    only: listOption(argv, 'only'),
    contestants: (listOption(argv, 'contestants') ?? CONTESTANTS).filter((c): c is Contestant => CONTESTANTS.includes(c as Contestant)),
  };
}

function asks(query: BenchQuery, contestant: Contestant): boolean {
  if (contestant === 'postgraphile') return query.requests[0].postgraphile !== undefined;
  return contestant !== 'ours-uncached' || !NOT_EXECUTED.includes(query.key);
}

function requestFor(request: BenchRequest, contestant: Contestant): GraphQLRequest {
  if (contestant === 'postgraphile') return request.postgraphile!;
  if (contestant === 'baseline') return request.baseline ?? request.ours;
  return request.ours;
}

async function post(url: string, request: GraphQLRequest): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The requests of a query whose answers are compared: the one, or a spread sample of the many. */
function sample(query: BenchQuery): number[] {
  const n = query.requests.length;
  const size = Math.min(n, VERIFIED_SAMPLE);
  return Array.from({ length: size }, (_, i) => Math.floor((i * n) / size));
}

/**
 * Asks every contestant every query (a sample of the varied ones) and checks that the answers say
 * the same; returns each fixed query's exact body, which every timed answer must then be.
 */
async function verify(database: BenchDatabase, queries: BenchQuery[]): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const canonical = new Map<string, unknown>();
  for (const contestant of CONTESTANTS) {
    const server = await startServer(contestant, database.url);
    try {
      for (const query of queries) {
        if (!asks(query, contestant)) continue;
        for (const index of sample(query)) {
          const body = await post(server.url, requestFor(query.requests[index], contestant));
          const answer = JSON.parse(body);
          const label = `${query.key}#${index}`;
          if (answer.errors) throw new Error(`${contestant} answered ${label} with errors: ${JSON.stringify(answer.errors).slice(0, 300)}`);
          const plain = contestant === 'postgraphile' ? query.canonical.postgraphile(answer.data) : query.canonical.ours(answer.data);
          const reference = canonical.get(label);
          if (reference === undefined) canonical.set(label, plain);
          else if (!isDeepStrictEqual(plain, reference)) {
            throw new Error(
              `${contestant}'s answer to ${label} (${JSON.stringify(requestFor(query.requests[index], contestant).variables)}) differs from ours:\n` +
                `${JSON.stringify(plain).slice(0, 600)}\n${JSON.stringify(reference).slice(0, 600)}`,
            );
          }
          if (query.requests.length === 1) bodies.set(`${contestant}:${query.key}`, body);
        }
      }
    } finally {
      await server.stop();
    }
  }
  return bodies;
}

/**
 * SQL statements our server sends for a repeated request of each query (its first), counted
 * in-process on the same database: with the response cache as deployed, and with it off.
 */
async function ourStatements(database: BenchDatabase, queries: BenchQuery[]): Promise<Record<string, { cached: number; executed: number }>> {
  const count = async (responseCacheBytes: number) => {
    const roles = { read: database.sql, ingest: database.sql, catalogue: database.sql };
    const composed = await composeApp({ roles, logError: () => undefined, countCacheSize: 1000, responseCacheBytes });
    const app = await createHttpServer({ routes: composed.routes, logError: () => undefined, pools: {} });
    const counts: Record<string, number> = {};
    try {
      for (const query of queries) {
        await app.inject({ method: 'POST', url: '/graphql', payload: query.requests[0].ours });
        const before = statementCount();
        await app.inject({ method: 'POST', url: '/graphql', payload: query.requests[0].ours });
        counts[query.key] = statementCount() - before;
      }
    } finally {
      await app.close();
    }
    return counts;
  };
  const cached = await count(64 * 1024 * 1024);
  const executed = await count(0);
  return Object.fromEntries(queries.map((q) => [q.key, { cached: cached[q.key], executed: executed[q.key] }]));
}

/** One server to load: its URL, its bodies (one, sent again and again, or many, in turn), and the exact answer to one body. */
interface LoadTarget {
  url: string;
  bodies: string[];
  expectBody: string | undefined;
}

/** Runs the load generator (its own process) for each of `runs` in turn, each against one of `targets`. */
async function load(databaseUrl: string, targets: LoadTarget[], runs: { target: number; connections: number; seconds: number }[]): Promise<Run[]> {
  const settings = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-')), 'settings.json');
  fs.writeFileSync(settings, JSON.stringify({ databaseUrl, targets, runs }));
  try {
    const { stdout } = await execFileAsync(contestantNode(), [path.resolve(__dirname, 'load-worker.js'), settings], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as Run[];
  } finally {
    fs.rmSync(path.dirname(settings), { recursive: true, force: true });
  }
}

const median = (runs: Run[]) => [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];

/**
 * Every contestant's server runs for the whole timing, and each query's runs go round the
 * contestants: a warm-up on each (plans, JIT, pools; see Options.warmUp), then for each
 * connection count and repeat one run on every contestant, starting one further along each
 * repeat. This VM's speed drifts over minutes (timing one contestant's every query before the
 * next one's, ratios swung twofold between runs of the bench), so the runs a ratio compares are
 * seconds apart, in the same conditions. An idle server costs the others nothing.
 */
async function time(database: BenchDatabase, queries: BenchQuery[], bodies: Map<string, string>, options: Options) {
  const results: Record<string, Record<string, Record<number, Run>>> = {};
  const servers = new Map<Contestant, ServerProcess>();
  try {
    for (const contestant of options.contestants) servers.set(contestant, await startServer(contestant, database.url));
    for (const query of queries) {
      const contestants = [...servers.keys()].filter((contestant) => asks(query, contestant));
      log(`  ${query.key.padEnd(8)} ${query.title}: ${contestants.join(', ')}`);
      const targets = contestants.map((contestant) => ({
        url: servers.get(contestant)!.url,
        bodies: query.requests.map((request) => JSON.stringify(requestFor(request, contestant))),
        expectBody: bodies.get(`${contestant}:${query.key}`),
      }));
      const warmUps = targets.map((_, target) => ({ target, connections: 8, seconds: options.warmUp }));
      const measured = CONNECTIONS.flatMap((connections) =>
        Array.from({ length: options.repeats }, (_, repeat) =>
          targets.map((_, i) => ({ target: (i + repeat) % targets.length, connections, seconds: options.seconds })),
        ).flat(),
      );
      const runs = (await load(database.url, targets, [...warmUps, ...measured])).slice(warmUps.length);
      contestants.forEach((contestant, target) => {
        for (const connections of CONNECTIONS) {
          const own = runs.filter((_, i) => measured[i].target === target && measured[i].connections === connections);
          ((results[query.key] ??= {})[contestant] ??= {})[connections] = median(own);
        }
      });
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
  }
  return results;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

type Results = Awaited<ReturnType<typeof time>>;

const SHORT: Record<Contestant, string> = { ours: 'deployed', 'ours-uncached': 'executed', postgraphile: 'peer', baseline: 'base' };

function report(
  queries: BenchQuery[],
  results: Results,
  statements: Awaited<ReturnType<typeof ourStatements>>,
  procedures: number,
  options: Options,
  started: number,
): void {
  const ratio = (a?: Run, b?: Run) => (a && b ? a.requestsPerSecond / b.requestsPerSecond : NaN);
  const header = [
    'query',
    'conn',
    ...CONTESTANTS.map((c) => `${SHORT[c]} req/s`),
    'deployed/peer',
    'deployed/base',
    'executed/peer',
    'executed/base',
    ...CONTESTANTS.map((c) => `${SHORT[c]} p50/p99 ms`),
    'errors',
    'ours SQL/req',
  ];
  const rows: string[][] = [];
  const verdicts: string[] = [];
  let unmet = 0;
  for (const query of queries) {
    for (const connections of CONNECTIONS) {
      const run = Object.fromEntries(CONTESTANTS.map((c) => [c, results[query.key]?.[c]?.[connections]])) as Record<Contestant, Run | undefined>;
      const latency = (r?: Run) => (r ? `${fmt(r.p50)} / ${fmt(r.p99)}` : '–');
      rows.push([
        `${query.key} ${query.title}${query.requests.length > 1 ? ' *' : ''}`,
        String(connections),
        ...CONTESTANTS.map((c) => fmt(run[c]?.requestsPerSecond ?? NaN)),
        fmt(ratio(run.ours, run.postgraphile), 2),
        fmt(ratio(run.ours, run.baseline), 2),
        fmt(ratio(run['ours-uncached'], run.postgraphile), 2),
        fmt(ratio(run['ours-uncached'], run.baseline), 2),
        ...CONTESTANTS.map((c) => latency(run[c])),
        String(CONTESTANTS.reduce((sum, c) => sum + (run[c]?.errors ?? 0), 0)),
        `${statements[query.key].cached} / ${statements[query.key].executed}`,
      ]);
      if (connections === 1) continue;
      for (const contestant of ['ours-uncached', 'ours'] as const) {
        if (!run[contestant]) continue;
        const parts = query.targets.map((target) => {
          const achieved = ratio(run[contestant], run[target.versus]);
          const met = achieved >= target.ratio;
          if (!met) unmet++;
          return `${fmt(achieved, 2)}× ${SHORT[target.versus]} (target ${target.ratio}×): ${met ? 'met' : 'NOT met'}`;
        });
        if (parts.length)
          verdicts.push(`${query.key.padEnd(8)} at ${String(connections).padStart(2)} connections, ${SHORT[contestant].padEnd(8)}: ${parts.join('; ')}`);
      }
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log('');
  log(
    `${procedures.toLocaleString('en')} procedures; requests/s and latency are the median of ${options.repeats} runs of ${options.seconds} s. ` +
      'deployed = ours as deployed (response cache on), executed = ours with RESPONSE_CACHE_MB=0, peer = PostGraphile 5, base = raw baseline; ' +
      '* = every request with its own variables; SQL/req = statements for a repeated request, deployed / executed',
  );
  log(line(header));
  for (const row of rows) log(line(row));
  log('');
  log(`targets at 8 and 32 connections (${unmet} not met):`);
  for (const verdict of verdicts) log(`  ${verdict}`);
  const file = path.resolve(process.cwd(), 'bench-results.json');
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), procedures, options, statements, results }, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), file)}; the bench took ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { stdout: version } = await execFileAsync(contestantNode(), ['--version']);
  log(`every contestant runs on Node ${version.trim()}`);
  const database = await openBenchDatabase(log);
  try {
    if (options.scale) {
      log(`scaling the catalogue ×${DEFAULT_FACTOR}…`);
      await database.sql.transaction((c) => scaleCatalogue(c, DEFAULT_FACTOR));
    }
    log(`statistics seed: ${JSON.stringify(await seedStatistics(database.sql))}`);
    await database.sql.rows(`VACUUM (ANALYZE) ${[...SCALED_TABLES, 'dossier', 'dossier_daily', 'dossier_monthly'].join(', ')}`);
    const [{ n }] = await database.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure');
    const peer = await startServer('postgraphile', database.url);
    const queries = benchQueries(await readBenchContext(database.sql, peer.url).finally(() => peer.stop())).filter(
      (query) => !options.only || options.only.includes(query.key),
    );
    log(`checking that the contestants give the same answers on ${n.toLocaleString('en')} procedures…`);
    const bodies = await verify(database, queries);
    const statements = await ourStatements(database, queries);
    log(`timing (${options.repeats} runs of ${options.seconds} s per connection count, the median reported)…`);
    const results = await time(database, queries, bodies, options);
    report(queries, results, statements, n, options, started);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
