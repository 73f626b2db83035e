import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { projectRoot } from '../../src/shared/project-root';
import { seedStatistics } from '../../seeds/seed-statistics';
import { openBenchDatabase } from './bench-database';
import { startServer } from './server-process';
import { numberOption } from './options';

/**
 * A minute of mixed load at 32 connections, as the public uses the API: catalogue pages and
 * records, searches and type-ahead, statistics, rankings and the service index, each connection
 * going round all of them. Passes with no error at all (transport, non-2xx or a GraphQL error in
 * a body) and with the server's memory at the end within 20 % of its memory after the warm-up:
 * what a leak would break. Options: --seconds N (default 60), --connections N (default 32).
 */
const REQUESTS: { name: string; query: string }[] = [
  {
    name: 'catalogue page',
    query:
      '{ procedures(first: 20, filter: { levels: [COMMUNE] }) { totalCount edges { node { code name field { name } channels { channel fees { amountVnd } } } } } }',
  },
  { name: 'whole record', query: '{ procedure(code: "1.001193") { code name requiredDocuments { name } steps { description } legalBasis { number } } }' },
  { name: 'search', query: '{ procedures(first: 10, search: "dang ky khai sinh") { totalCount edges { node { code name } } } }' },
  { name: 'search with a typo', query: '{ procedures(first: 10, search: "giay phep xay dung") { totalCount edges { node { code name } } } }' },
  { name: 'type-ahead', query: '{ procedureSuggestions(prefix: "cap giay") { code name } }' },
  {
    name: 'province quarter',
    query: '{ dossierStatistics(unitCode: "20", from: "2025-01-01", to: "2025-03-31") { received resolved onTimeRate { value } byLevel { level received } } }',
  },
  {
    name: 'district series',
    query:
      '{ dossierStatisticsSeries(unitCode: "427", from: "2024-01-01", to: "2024-12-31", interval: MONTH) { from received resolved onTimeRate { percent } } }',
  },
  {
    name: 'ranking',
    query: '{ unitRanking(parentCode: "20", from: "2025-01-01", to: "2025-03-31", metric: ON_TIME_RATE) { entries { rank unitCode value } } }',
  },
  { name: 'service index', query: '{ serviceIndex(unitCode: "427", from: "2024-01-01", to: "2024-06-30") { score scoredMaximum } }' },
];

/** The server serves /metrics on its public port only to the holder of this token. */
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';

/** The process's memory, and where it is: V8's heap (in use, and reserved), and memory outside it that V8 tracks (Buffers). */
async function memory(base: string): Promise<{ rss: number; heap: number; heapReserved: number; external: number }> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+(?:\\.\\d+)?(?:e\\+\\d+)?)$`, 'm').exec(text)?.[1]);
  return {
    rss: read('process_resident_memory_bytes'),
    heap: read('nodejs_heap_size_used_bytes'),
    heapReserved: read('nodejs_heap_size_total_bytes'),
    external: read('nodejs_external_memory_bytes'),
  };
}

async function load(url: string, seconds: number, connections: number) {
  let bodyErrors = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: REQUESTS.map(({ query }) => ({
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      onResponse: (_status: number, body: string) => {
        if (body.includes('"errors"')) bodyErrors += 1;
      },
    })),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + bodyErrors,
  };
}

async function main(): Promise<void> {
  const seconds = numberOption(process.argv, 'seconds', 60, { max: 3_600 });
  const connections = numberOption(process.argv, 'connections', 32, { max: 1_000 });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const database = await openBenchDatabase(log);
  await seedStatistics(database.sql);
  const server = await startServer('ours', database.url, { METRICS_TOKEN });
  const base = server.url.replace(/\/graphql$/, '');
  try {
    // At idle: started, the seed checked, nothing asked yet.
    const idle = await memory(base);
    for (const { name, query } of REQUESTS) {
      const answer = (await (
        await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
      ).json()) as { errors?: unknown };
      if (answer.errors) throw new Error(`${name} answers with errors: ${JSON.stringify(answer.errors)}`);
    }
    log(`warm-up: 15 s at ${connections} connections`);
    await load(server.url, 15, connections);
    const afterWarmUp = await memory(base);
    log(`mixed load: ${seconds} s at ${connections} connections over ${REQUESTS.length} kinds of request`);
    const run = await load(server.url, seconds, connections);
    const atEnd = await memory(base);
    const growth = atEnd.rss / afterWarmUp.rss - 1;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    log(`requests ${run.requests} (${run.requestsPerSecond}/s), p50 ${run.p50} ms, p99 ${run.p99} ms, errors ${run.errors}`);
    const where = (m: typeof idle) => `rss ${mb(m.rss)} (heap ${mb(m.heap)} in use of ${mb(m.heapReserved)} reserved, external ${mb(m.external)})`;
    log(
      `memory at idle after start: ${where(idle)}; after warm-up: ${where(afterWarmUp)}; ` +
        `at the end of the mixed load: ${where(atEnd)} (rss ${(growth * 100).toFixed(1)} % from the warm-up)`,
    );
    log(`verdict: errors ${run.errors === 0 ? 'MET (0)' : `NOT MET (${run.errors})`}; memory ${Math.abs(growth) <= 0.2 ? 'MET' : 'NOT MET'} (within 20 %)`);
    fs.writeFileSync(
      path.join(projectRoot, 'bench-results-mixed.json'),
      `${JSON.stringify({ seconds, connections, run, idle, afterWarmUp, atEnd, growth }, null, 2)}\n`,
    );
  } finally {
    await server.stop();
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
