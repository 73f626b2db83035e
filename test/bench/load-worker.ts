import fs from 'node:fs';
import autocannon, { type Request } from 'autocannon';

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
  targets: LoadTarget[];
  /** In the order they run; `target` is an index into targets. */
  runs: { target: number; connections: number; seconds: number }[];
}

/** The longest wait after a run for the requests it left in flight. */
const MAX_DRAIN_MS = 5_000;

/** A varied request's answer must be data without errors (its content was checked before timing); PostgreSQL's JSON has spaces. */
const DATA = /^\{\s*"data"\s*:\s*\{/;
const isData = (body: string) => DATA.test(body) && !body.includes('"errors"');

async function main(): Promise<void> {
  const { targets, runs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as LoadSettings;
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
    // Requests still in flight when a run ends go on in the server and the database (a raw count
    // of the baseline takes a second or two): wait as long as the slowest one took, so that they
    // do not land in the next contestant's run.
    await new Promise((resolve) => setTimeout(resolve, Math.min(result.latency.max, MAX_DRAIN_MS)));
    results.push({
      // Over the whole run: autocannon's own average is over whole seconds only.
      requestsPerSecond: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts + result.non2xx + result.mismatches + wrong,
    });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
