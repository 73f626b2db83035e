import 'reflect-metadata';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { DEFAULT_FACTOR, SCALED_TABLES, scaleCatalogue } from '../../tools/scale-catalogue';
import { encodeKeysetCursor } from '../../src/db/keyset';
import { statementCount } from '../../src/db/sql';
import { composeApp } from '../../src/app/compose';
import { createHttpServer } from '../../src/http/server';
import { benchQueries, type BenchQuery, type Contestant, type DeepPageStart, type GraphQLRequest } from './bench-queries';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { contestantNode, startServer } from './server-process';
import { numberOption } from './options';

/**
 * The comparison bench: our API against PostGraphile 5 (the auto-generated peer) and a raw
 * baseline (node:http + pg, one statement per query building the JSON; the practical limit), on
 * one database, one contestant at a time, all on the same Node binary with the same pool size and
 * session settings. Every contestant's answers are checked equal before anything is timed. Ours
 * runs twice: as deployed (whole answers kept until the catalogue changes, so a repeated query
 * costs one version check) and with that response cache off (every request executed, as the
 * first request after a change, or one nobody asked before, is).
 *
 *   npm run bench [-- --scale] [-- --seconds 1.5] [-- --repeats 3]
 *
 * Load: autocannon in a process of its own; per query and contestant a warm-up, then runs at 1, 8
 * and 32 connections, each repeated (the median run is reported). Target: at 8 and 32 connections
 * ours serves at least 1.2 × PostGraphile's requests/s and 60 % of the baseline's on (a), (b), (c).
 */

const CONNECTIONS = [1, 8, 32];
const TARGET_QUERIES = ['a', 'b', 'c'];
const TARGETS = { versusPeer: 1.2, versusBaseline: 0.6 };
const CONTESTANTS: Contestant[] = ['ours', 'ours-uncached', 'postgraphile', 'baseline'];
/** Ours without its response cache is timed where it executes real work: counts are kept anyway, the floor has none. */
const UNCACHED_QUERIES = ['a', 'b', 'c', 'search'];

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
}

function parseArgs(argv: string[]): Options {
  return {
    scale: argv.includes('--scale'),
    seconds: numberOption(argv, 'seconds', 1.5, { max: 60, whole: false }),
    repeats: numberOption(argv, 'repeats', 3, { max: 60 }),
  };
}

function requestFor(query: BenchQuery, contestant: Contestant): GraphQLRequest | undefined {
  if (contestant === 'postgraphile') return query.postgraphile;
  if (contestant === 'baseline') return query.baseline ?? query.ours;
  if (contestant === 'ours-uncached' && !UNCACHED_QUERIES.includes(query.key)) return undefined;
  return query.ours;
}

async function post(url: string, request: GraphQLRequest): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** Where the deep page starts, for each contestant: after the 1,500th procedure by name. */
async function deepPageStart(database: BenchDatabase, postgraphileUrl: string): Promise<DeepPageStart> {
  const [row] = await database.sql.rows<{ name: string; id: number }>(`SELECT name, id FROM procedure ORDER BY name, id OFFSET 1499 LIMIT 1`);
  const ourCursor = encodeKeysetCursor({ name: 'NAME:ASC', expression: 'p.name', type: 'text', descending: false }, { key: row.name, id: row.id });
  const answer = JSON.parse(
    await post(postgraphileUrl, {
      query: `{ procedures(first: 1, offset: 1499, orderBy: [NAME_ASC, ROW_ID_ASC]) { edges { cursor } } }`,
    }),
  );
  return {
    ourCursor,
    postgraphileCursor: answer.data.procedures.edges[0].cursor,
    baselineCursor: Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url'),
  };
}

/** Asks every contestant every query and checks that the answers say the same; returns each exact body. */
async function verify(database: BenchDatabase, queries: BenchQuery[]): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const canonical = new Map<string, unknown>();
  for (const contestant of CONTESTANTS) {
    const server = await startServer(contestant, database.url);
    try {
      for (const query of queries) {
        const request = requestFor(query, contestant);
        if (!request) continue;
        const body = await post(server.url, request);
        const answer = JSON.parse(body);
        if (answer.errors) throw new Error(`${contestant} answered ${query.key} with errors: ${JSON.stringify(answer.errors).slice(0, 300)}`);
        const plain = contestant === 'postgraphile' ? query.canonical.postgraphile(answer.data) : query.canonical.ours(answer.data);
        const reference = canonical.get(query.key);
        if (reference === undefined) canonical.set(query.key, plain);
        else if (!isDeepStrictEqual(plain, reference)) {
          throw new Error(
            `${contestant}'s answer to ${query.key} differs from ours:\n${JSON.stringify(plain).slice(0, 600)}\n${JSON.stringify(reference).slice(0, 600)}`,
          );
        }
        bodies.set(`${contestant}:${query.key}`, body);
      }
    } finally {
      await server.stop();
    }
  }
  return bodies;
}

/**
 * SQL statements our server sends for a repeated request of each query, counted in-process on the
 * same database: with the response cache as deployed, and with it off (the request executed).
 */
async function ourStatements(database: BenchDatabase, queries: BenchQuery[]): Promise<Record<string, { cached: number; executed: number }>> {
  const count = async (responseCacheBytes: number) => {
    const roles = { read: database.sql, ingest: database.sql, catalogue: database.sql };
    const composed = await composeApp({ roles, logError: () => undefined, countCacheSize: 1000, responseCacheBytes });
    const app = await createHttpServer({ routes: composed.routes, logError: () => undefined, pools: {} });
    const counts: Record<string, number> = {};
    try {
      for (const query of queries) {
        await app.inject({ method: 'POST', url: '/graphql', payload: query.ours });
        const before = statementCount();
        await app.inject({ method: 'POST', url: '/graphql', payload: query.ours });
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

/** Runs the load generator (its own process) for each of `runs` in turn against one server and request. */
async function load(url: string, request: GraphQLRequest, expectBody: string, runs: { connections: number; seconds: number }[]): Promise<Run[]> {
  const settings = JSON.stringify({ url, body: JSON.stringify(request), expectBody, runs });
  const { stdout } = await execFileAsync(contestantNode(), [path.resolve(__dirname, 'load-worker.js'), settings], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Run[];
}

const median = (runs: Run[]) => [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(runs.length / 2)];

async function time(database: BenchDatabase, queries: BenchQuery[], bodies: Map<string, string>, options: Options) {
  const results: Record<string, Record<string, Record<number, Run>>> = {};
  for (const contestant of CONTESTANTS) {
    const server = await startServer(contestant, database.url);
    try {
      for (const query of queries) {
        const request = requestFor(query, contestant);
        if (!request) continue;
        const expected = bodies.get(`${contestant}:${query.key}`)!;
        log(`  ${contestant.padEnd(13)} ${query.key.padEnd(6)} ${query.title}`);
        // A warm-up (plans, JIT, pools), then each connection count `repeats` times.
        const measured = CONNECTIONS.flatMap((connections) => Array(options.repeats).fill({ connections, seconds: options.seconds }));
        const plan = [{ connections: 8, seconds: 1 }, ...measured];
        const runs = (await load(server.url, request, expected, plan)).slice(1);
        CONNECTIONS.forEach((connections, i) => {
          ((results[query.key] ??= {})[contestant] ??= {})[connections] = median(runs.slice(i * options.repeats, (i + 1) * options.repeats));
        });
      }
    } finally {
      await server.stop();
    }
  }
  return results;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

type Results = Awaited<ReturnType<typeof time>>;

const SHORT: Record<Contestant, string> = { ours: 'ours', 'ours-uncached': 'uncached', postgraphile: 'peer', baseline: 'base' };

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
    'ours/peer',
    'ours/base',
    'uncached/peer',
    'uncached/base',
    ...CONTESTANTS.map((c) => `${SHORT[c]} p50/p99 ms`),
    'errors',
    'ours SQL/req',
  ];
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const query of queries) {
    for (const connections of CONNECTIONS) {
      const run = Object.fromEntries(CONTESTANTS.map((c) => [c, results[query.key]?.[c]?.[connections]])) as Record<Contestant, Run | undefined>;
      const latency = (r?: Run) => (r ? `${fmt(r.p50)} / ${fmt(r.p99)}` : '–');
      rows.push([
        `${query.key} ${query.title}`,
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
      if (TARGET_QUERIES.includes(query.key) && connections > 1) {
        for (const contestant of ['ours', 'ours-uncached'] as const) {
          const versusPeer = ratio(run[contestant], run.postgraphile);
          const versusBase = ratio(run[contestant], run.baseline);
          const met = versusPeer >= TARGETS.versusPeer && versusBase >= TARGETS.versusBaseline;
          verdicts.push(
            `${query.key} at ${String(connections).padStart(2)} connections, ${SHORT[contestant].padEnd(8)}: ` +
              `${fmt(versusPeer, 2)}× peer, ${fmt(versusBase * 100)} % of baseline: ${met ? 'met' : 'NOT met'}`,
          );
        }
      }
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log('');
  log(
    `${procedures.toLocaleString('en')} procedures; requests/s and latency are the median of ${options.repeats} runs of ${options.seconds} s. ` +
      'ours = as deployed (response cache on), uncached = ours with RESPONSE_CACHE_MB=0, peer = PostGraphile 5, base = raw baseline; ' +
      'SQL/req = statements for a repeated request, cached / executed',
  );
  log(line(header));
  for (const row of rows) log(line(row));
  log('');
  log(`targets (≥ ${TARGETS.versusPeer}× peer and ≥ ${TARGETS.versusBaseline * 100} % of baseline at 8 and 32 connections):`);
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
    await database.sql.rows(`VACUUM (ANALYZE) ${SCALED_TABLES.join(', ')}`);
    const [{ n }] = await database.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure');
    const peer = await startServer('postgraphile', database.url);
    const queries = benchQueries(await deepPageStart(database, peer.url).finally(() => peer.stop()));
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
