import autocannon from 'autocannon';

/**
 * Autocannon runs, one after another, in a process of its own so that the load it generates does
 * not share an event loop with anything it measures. Reads its settings as JSON from argv[2];
 * prints the results, one per run, as one JSON line.
 */
interface LoadSettings {
  url: string;
  body: string;
  /** The exact body every answer must be; any other answer counts as an error. */
  expectBody: string;
  runs: { connections: number; seconds: number }[];
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2]) as LoadSettings;
  const results = [];
  for (const run of settings.runs) {
    const result = await autocannon({
      url: settings.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: settings.body,
      expectBody: settings.expectBody,
      connections: run.connections,
      duration: run.seconds,
    });
    results.push({
      // Over the whole run: autocannon's own average is over whole seconds only.
      requestsPerSecond: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
    });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
