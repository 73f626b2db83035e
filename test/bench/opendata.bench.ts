import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client, type Connection, type Submittable } from 'pg';
import { CATALOGUE_DATASETS } from '../../src/opendata/catalogue-datasets';
import type { Row, RowSource } from '../../src/opendata/dataset';
import { vietnamDay } from '../../src/shared/clock';
import { DEFAULT_FACTOR, MAX_FACTOR, SCALED_TABLES, scaleCatalogue } from '../../tools/scale-catalogue';
import { openBenchDatabase } from './bench-database';
import { numberOption } from './options';
import { startServer } from './server-process';

/**
 * Open-data bench: the full `GET /opendata/procedures.csv` at the size of a national catalogue
 * (the seed ×50, 91,150 procedures), streamed from our server, against PostgreSQL's own
 * `COPY (<the procedures dataset's statement>) TO STDOUT WITH CSV HEADER` of the same rows, in the
 * same run on the same database: rows/s and MB/s, time to first byte, and the server's resident
 * memory while it streams (a download must stay in constant memory).
 *
 *   npm run bench:opendata [-- --scale 50] [-- --rounds 3]
 *
 * Targets: our throughput at least half of COPY's (rows/s), the first byte within 100 ms.
 *
 * The server runs in a process of its own, as in production (the built dist/src/main.js), so
 * its memory is its own: it is read from /proc/<pid>/status (VmRSS) every 50 ms. The client reads
 * each body to its end and counts bytes and CSV records (line ends outside quotes), keeping
 * nothing. COPY runs on a connection of its own through a minimal COPY-out handler for the `pg`
 * client (pg-copy-streams is not installed); each round runs both, ours first. A download that
 * does not reach its end is listed with how long it ran and what it had received, and left out
 * of the medians.
 */

const TARGET_RATIO = 0.5;
const TARGET_FIRST_BYTE_MS = 100;
const RSS_SAMPLE_MS = 50;
const DATASET = 'procedures';

interface Transfer {
  /** Until the response's headers (ours) or the COPY's start (PostgreSQL). */
  headersMs: number;
  /** Until the first byte of data. */
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  /** CSV records after the header. */
  rows: number;
}

/** Counts CSV records (RFC 4180: line ends inside quotes belong to the field) over chunks, keeping nothing. */
class RecordCounter {
  private quoted = false;
  records = 0;
  bytes = 0;
  private last = 0x0a;

  add(chunk: Buffer): void {
    this.bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) this.records++;
    }
    if (chunk.length > 0) this.last = chunk[chunk.length - 1];
  }

  /** Records after the header row (a last line without its line end counts too). */
  rows(): number {
    return this.records + (this.last === 0x0a ? 0 : 1) - 1;
  }
}

const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

/** One GET read to its end on a fresh connection (no compression asked, as a script would). */
function download(url: string): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const counter = new RecordCounter();
    let firstByteMs = NaN;
    const request = http.get(url, { agent: false }, (response) => {
      const headersMs = elapsed(started);
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET ${url} answered ${response.statusCode}`));
        return;
      }
      response.on('data', (chunk: Buffer) => {
        if (Number.isNaN(firstByteMs)) firstByteMs = elapsed(started);
        counter.add(chunk);
      });
      response.once('end', () => resolve({ headersMs, firstByteMs, totalMs: elapsed(started), bytes: counter.bytes, rows: counter.rows() }));
      response.once('error', (error) =>
        reject(
          new Error(`GET ${url}: ${error.message} after ${Math.round(elapsed(started))} ms and ${counter.bytes.toLocaleString('en')} bytes`, { cause: error }),
        ),
      );
    });
    request.once('error', reject);
  });
}

/**
 * `COPY … TO STDOUT` for the `pg` client: a submittable that sends the statement by the simple
 * query protocol and counts the CopyData messages as they come (pg hands each to the active
 * query), keeping nothing.
 */
class CopyOut implements Submittable {
  private readonly started = process.hrtime.bigint();
  private readonly counter = new RecordCounter();
  private firstByteMs = NaN;
  private failed: Error | undefined;
  private settle!: { resolve: (transfer: Transfer) => void; reject: (error: Error) => void };
  readonly done = new Promise<Transfer>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(private readonly text: string) {}

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (Number.isNaN(this.firstByteMs)) this.firstByteMs = elapsed(this.started);
    this.counter.add(message.chunk);
  }

  handleCommandComplete(): void {}

  handleEmptyQuery(): void {}

  handleError(error: Error): void {
    this.failed = error;
  }

  handleReadyForQuery(): void {
    if (this.failed) return this.settle.reject(this.failed);
    this.settle.resolve({
      headersMs: this.firstByteMs,
      firstByteMs: this.firstByteMs,
      totalMs: elapsed(this.started),
      bytes: this.counter.bytes,
      rows: this.counter.rows(),
    });
  }
}

/** The statement the dataset streams its rows with, and its parameters, as of `day`. */
async function statementOf(datasetId: string, day: string): Promise<{ sql: string; params: readonly unknown[] }> {
  const dataset = CATALOGUE_DATASETS.find((d) => d.id === datasetId);
  if (!dataset) throw new Error(`no dataset ${datasetId}`);
  let captured: { sql: string; params: readonly unknown[] } | undefined;
  const recorder: RowSource = {
    // eslint-disable-next-line require-yield -- records the statement; yields no row
    async *stream<T extends object = Row>(sql: string, params: readonly unknown[]): AsyncGenerator<T> {
      captured = { sql, params };
    },
    // eslint-disable-next-line require-yield -- the rows' statement is what is measured, not this one
    async *copyCsv(): AsyncGenerator<Buffer> {
      throw new Error('the bench reads the statement of the rows');
    },
  };
  for await (const _ of dataset.rows(recorder, day)) break;
  if (!captured) throw new Error(`${datasetId} streamed no statement`);
  return captured;
}

/** COPY takes no parameters: the day goes in as a literal (it is a checked YYYY-MM-DD). */
function copyStatement({ sql, params }: { sql: string; params: readonly unknown[] }): string {
  const inlined = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`parameter $${n} is not a day: ${String(value)}`);
    return `'${value}'`;
  });
  return `COPY (${inlined}) TO STDOUT WITH (FORMAT csv, HEADER)`;
}

/** Resident memory of a process, in bytes (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) * 1024;
}

/** Samples a process's RSS every 50 ms while `work` runs; the highest sample and the one before. */
async function whileSampling<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number; after: number }> {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), RSS_SAMPLE_MS);
  try {
    const result = await work();
    const after = rssOf(pid);
    return { result, before, peak: Math.max(peak, after), after };
  } finally {
    clearInterval(timer);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const mb = (bytes: number) => bytes / 1e6;
const rowsPerSecond = (t: Transfer) => t.rows / (t.totalMs / 1000);
const mbPerSecond = (t: Transfer) => mb(t.bytes) / (t.totalMs / 1000);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // --scale as asked of this bench; --factor as the other benches call it.
  const factor = argv.includes('--scale')
    ? numberOption(argv, 'scale', DEFAULT_FACTOR, { max: MAX_FACTOR })
    : numberOption(argv, 'factor', DEFAULT_FACTOR, { max: MAX_FACTOR });
  const rounds = numberOption(argv, 'rounds', 3, { max: 100 });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const database = await openBenchDatabase(log);
  const ours: Transfer[] = [];
  /** Downloads that did not reach their end (the bench goes on, and says so). */
  const cut: string[] = [];
  const attempt = async (what: string, work: () => Promise<Transfer>): Promise<Transfer | undefined> => {
    try {
      return await work();
    } catch (error) {
      cut.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const copies: Transfer[] = [];
  const memory = { start: 0, peak: 0, end: 0, peaks: [] as number[] };
  let procedures = 0;
  const day = vietnamDay(new Date());
  try {
    if (factor > 1) {
      log(`scaling the catalogue ×${factor} through the catalogue writer…`);
      const scaling = Date.now();
      await database.sql.transaction((client) => scaleCatalogue(client, factor));
      log(`scaled in ${Math.round((Date.now() - scaling) / 1000)} s`);
      await database.sql.rows(`VACUUM (ANALYZE) ${SCALED_TABLES.join(', ')}`);
    }
    [{ procedures }] = await database.sql.rows<{ procedures: number }>(
      `SELECT count(*)::int AS procedures FROM procedure WHERE valid_from <= $1::date AND (valid_to IS NULL OR valid_to > $1::date)`,
      [day],
    );
    const copy = copyStatement(await statementOf(DATASET, day));

    const server = await startServer('ours', database.url);
    const base = new URL(server.url).origin;
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const url = `${base}/opendata/${DATASET}.csv?asOf=${day}`;
      log(`measuring ${url.replace(base, '')} at ${procedures.toLocaleString('en')} procedures in force on ${day} (${rounds} rounds after a warm-up)…`);
      memory.start = rssOf(server.pid);
      // Warm-up: the server's code paths and plans, and both reads of the tables into the cache.
      const warm = await whileSampling(server.pid, () => attempt('warm-up', () => download(url)));
      memory.peaks.push(warm.peak);
      await pg.query(new CopyOut(copy)).done;
      for (let round = 0; round < rounds; round++) {
        const measured = await whileSampling(server.pid, () => attempt(`round ${round + 1}`, () => download(url)));
        if (measured.result) ours.push(measured.result);
        memory.peaks.push(measured.peak);
        copies.push(await pg.query(new CopyOut(copy)).done);
      }
      memory.peak = Math.max(...memory.peaks);
      memory.end = rssOf(server.pid);
    } finally {
      await pg.end();
      await server.stop();
    }
  } finally {
    await database.close();
  }

  const summary = (transfers: Transfer[]) => ({
    rows: transfers[0].rows,
    bytes: transfers[0].bytes,
    headersMs: median(transfers.map((t) => t.headersMs)),
    firstByteMs: median(transfers.map((t) => t.firstByteMs)),
    totalMs: median(transfers.map((t) => t.totalMs)),
    rowsPerSecond: median(transfers.map(rowsPerSecond)),
    mbPerSecond: median(transfers.map(mbPerSecond)),
  });
  if (ours.length === 0) throw new Error(`no download reached its end:\n  ${cut.join('\n  ')}`);
  const a = summary(ours);
  const b = summary(copies);
  const ratio = a.rowsPerSecond / b.rowsPerSecond;
  const firstByteWorst = Math.max(...ours.map((t) => t.firstByteMs));
  const sameRows = ours.every((t) => t.rows === procedures) && copies.every((t) => t.rows === procedures);

  const cells = [
    ['', 'ours (GET /opendata/procedures.csv)', 'PostgreSQL COPY … TO STDOUT CSV'],
    ['rows', a.rows.toLocaleString('en'), b.rows.toLocaleString('en')],
    ['size', `${mb(a.bytes).toFixed(1)} MB`, `${mb(b.bytes).toFixed(1)} MB`],
    ['headers', `${a.headersMs.toFixed(1)} ms`, '–'],
    ['first byte', `${a.firstByteMs.toFixed(1)} ms`, `${b.firstByteMs.toFixed(1)} ms`],
    ['whole file', `${(a.totalMs / 1000).toFixed(2)} s`, `${(b.totalMs / 1000).toFixed(2)} s`],
    ['rows/s', Math.round(a.rowsPerSecond).toLocaleString('en'), Math.round(b.rowsPerSecond).toLocaleString('en')],
    ['MB/s', a.mbPerSecond.toFixed(1), b.mbPerSecond.toFixed(1)],
  ];
  const widths = cells[0].map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  log('');
  log(`medians of ${ours.length} complete downloads and ${copies.length} COPYs; ×${factor}, ${procedures.toLocaleString('en')} procedures in force`);
  for (const row of cells) log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  log('');
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  log(
    `server RSS (sampled every ${RSS_SAMPLE_MS} ms from /proc): start ${mib(memory.start)}, peak ${mib(memory.peak)}, growth ${mib(memory.peak - memory.start)}, after ${mib(memory.end)}; peak per download: ${memory.peaks.map(mib).join(', ')} (first: warm-up)`,
  );
  if (cut.length > 0) {
    log(`downloads cut short (${cut.length}; the table counts only complete ones):`);
    for (const line of cut) log(`  ${line}`);
  }
  log(`complete downloads: ${ours.length} of ${rounds} measured (+ warm-up): ${cut.length === 0 ? 'all' : 'NOT all'}`);
  log(`rows: ours and COPY ${sameRows ? 'both' : 'NOT both'} gave the ${procedures.toLocaleString('en')} procedures in force`);
  log(`throughput ours / COPY (rows/s): ${ratio.toFixed(2)} (target at least ${TARGET_RATIO}): ${ratio >= TARGET_RATIO ? 'MET' : 'NOT MET'}`);
  log(
    `first byte: median ${a.firstByteMs.toFixed(1)} ms, worst ${firstByteWorst.toFixed(1)} ms (target under ${TARGET_FIRST_BYTE_MS} ms): ${firstByteWorst < TARGET_FIRST_BYTE_MS ? 'MET' : 'NOT MET'}`,
  );
  const file = path.resolve(process.cwd(), 'bench-results-opendata.json');
  fs.writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, factor, rounds, procedures, day, ours, copies, cut, ratio, memory }, null, 2)}\n`,
  );
  log(`results written to ${path.relative(process.cwd(), file)}; the bench took ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
  process.stderr.write(`open-data bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
