import 'reflect-metadata';
import autocannon from 'autocannon';
import { PROCEDURE_QUERY } from '../../src/portal/procedure/procedure.query';
import { SEARCH_QUERY } from '../../src/portal/search/search.query';
import { parseSearchState, searchVariables } from '../../src/portal/search/search-state';
import { openBenchDatabase } from './bench-database';
import { numberOption } from './options';
import { startServer } from './server-process';

/**
 * Portal bench: the procedure page and the home page with a search, at 8 connections, against the
 * same GraphQL documents sent to /graphql on the same server in the same run (the baseline: what
 * a portal of its own pays for the data), so the ratio is the cost of rendering the HTML. Every
 * request differs from the one before (200 procedures, 40 searches with facets) and the response
 * cache is off, so everything is executed.
 *
 *   npm run bench:portal [-- --seconds 15] [-- --connections 8]
 */

const SEARCHES = [
  'khai sinh',
  'dang ky ket hon',
  'giay phep xay dung',
  'dat dai',
  'ho kinh doanh',
  'chung thuc',
  'thanh lap doanh nghiep',
  'cap doi',
  'bao tro xa hoi',
  'lao dong',
];
const FACETS = ['', '&cap=COMMUNE', '&tructuyen=FULL&mienphi=1', '&cap=PROVINCE&motcua=1'];

interface Line {
  what: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function run(what: string, connections: number, seconds: number, requests: autocannon.Request[], url: string): Promise<Line> {
  const result = await autocannon({ url, connections, duration: seconds, requests });
  return {
    what,
    requestsPerSecond: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** Requests taken in turn, each connection from where the last left off. */
function rotating(items: autocannon.Request[]): autocannon.Request[] {
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, ...items[next++ % items.length] }) }];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const seconds = numberOption(argv, 'seconds', 15, { max: 600 });
  const connections = numberOption(argv, 'connections', 8, { max: 256 });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const database = await openBenchDatabase(log);
  try {
    const codes = (await database.sql.rows<{ code: string }>(`SELECT code FROM procedure ORDER BY md5(code) LIMIT 200`)).map((row) => row.code);
    const searches = SEARCHES.flatMap((text) => FACETS.map((facets) => `/?q=${encodeURIComponent(text)}${facets}`));
    const server = await startServer('ours-uncached', database.url);
    try {
      const graphql = (query: string, variables: Record<string, unknown>): autocannon.Request => ({
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const page = (path: string): autocannon.Request => ({ method: 'GET', path });
      const base = server.url.replace(/\/graphql$/, '');
      const cases: [string, autocannon.Request[]][] = [
        ['procedure page /thu-tuc/{code}', codes.map((code) => page(`/thu-tuc/${code}`))],
        ['  baseline: its query on /graphql', codes.map((code) => graphql(PROCEDURE_QUERY, { code }))],
        ['home with a search /?q=…', searches.map(page)],
        [
          '  baseline: its query on /graphql',
          searches.map((path) => graphql(SEARCH_QUERY, searchVariables(parseSearchState(new URL(path, base).searchParams)))),
        ],
      ];
      const lines: Line[] = [];
      for (const [what, requests] of cases) {
        await run(what, connections, 2, rotating(requests), base); // warm-up
        lines.push(await run(what, connections, seconds, rotating(requests), base));
        log(`measured ${what.trim()}`);
      }
      log(`\nportal pages at ${connections} connections, ${seconds} s each, response cache off (server time: first byte sent to last byte received)`);
      log('| what | req/s | p50 ms | p99 ms | errors | p50 / baseline |');
      log('|---|---|---|---|---|---|');
      lines.forEach((line, index) => {
        const baseline = index % 2 === 0 ? lines[index + 1] : null;
        log(
          `| ${line.what} | ${line.requestsPerSecond} | ${line.p50} | ${line.p99} | ${line.errors} | ${baseline ? (line.p50 / baseline.p50).toFixed(2) : ''} |`,
        );
      });
    } finally {
      await server.stop();
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
