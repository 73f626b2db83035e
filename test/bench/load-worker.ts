import fs from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { Client } from 'pg';

/**
 * Autocannon runs, one after another, in a process of its own so that the load it generates does
 * not share an event loop with anything it measures. Reads its settings from the JSON file named
 * by argv[2]; prints the results, one per run, as one JSON line.
 */
interface LoadTarget {
  url: string;
  /** One body, sent again and again, or many, sent one after another (across its runs, round and round). */
  bodies: string[];
  /** With one body: the exact body every answer must be; any other answer counts as an error. */
  expectBody?: string;
}

interface LoadSettings {
  /** The database every contestant reads, watched between runs (see databaseIdle). */
  databaseUrl: string;
  targets: LoadTarget[];
  /** In the order they run; `target` is an index into targets. */
  runs: { target: number; connections: number; seconds: number }[];
}

/** The longest wait after a run for the requests it left in flight. */
const MAX_DRAIN_MS = 5_000;
/** The longest wait after a run for the statements it left running in PostgreSQL. */
const MAX_DATABASE_DRAIN_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no other client of the database is running a statement (autovacuum is not waited
 * for). A contestant's server goes on with the statements of requests that were in flight when
 * their connections closed; the baseline's raw dossier counts take up to seconds each, and 32 of
 * them at once could outlast the wait for the slowest answer and land in the next contestant's run.
 */
async function databaseIdle(client: Client): Promise<void> {
  const until = Date.now() + MAX_DATABASE_DRAIN_MS;
  for (;;) {
    const { rows } = await client.query<{ running: number }>(
      `SELECT count(*)::int AS running FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    if (rows[0].running === 0) return;
    if (Date.now() > until) throw new Error(`${rows[0].running} statements still running ${MAX_DATABASE_DRAIN_MS} ms after a run`);
    await sleep(20);
  }
}

/** A varied request's answer must be data without errors (its content was checked before timing); PostgreSQL's JSON has spaces. */
const DATA = /^\{\s*"data"\s*:\s*\{/;
const isData = (body: string) => DATA.test(body) && !body.includes('"errors"');

async function main(): Promise<void> {
  const { databaseUrl, targets, runs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadSettings;
  const database = new Client({ connectionString: databaseUrl });
  await database.connect();
  /** Per target, the next of its bodies to send. */
  const next = targets.map(() => 0);
  const results = [];
  for (const run of runs) {
    const { url, bodies, expectBody } = targets[run.target];
    let wrong = 0;
    const varied =
      bodies.length > 1
        ? {
            requests: [
              {
                setupRequest: (request: Request): Request => ({ ...request, body: bodies[next[run.target]++ % bodies.length] }),
                onResponse: (status: number, body: string) => {
                  if (status === 200 && !isData(body)) wrong++;
                },
              },
            ],
          }
        : { body: bodies[0], expectBody };
    const result = await autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...varied,
      connections: run.connections,
      duration: run.seconds,
    });
    // Requests still in flight when a run ends go on in the server and the database: wait as long
    // as the slowest one took, and until the database runs none of them, so that they do not land
    // in the next contestant's run.
    await sleep(Math.min(result.latency.max, MAX_DRAIN_MS));
    await databaseIdle(database);
    results.push({
      // Over the whole run: autocannon's own average is over whole seconds only.
      requestsPerSecond: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts + result.non2xx + result.mismatches + wrong,
    });
  }
  await database.end();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
