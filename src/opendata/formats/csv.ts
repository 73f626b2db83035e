import { stringify } from 'csv-stringify/sync';
import type { Column, Row } from '../dataset';

/** Rows formatted per call: the per-row cost of a stream would halve the throughput. */
const ROWS_PER_CHUNK = 1_000;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * RFC 4180 CSV in UTF-8 with a header row of the columns' names: CRLF line ends, fields quoted
 * when needed, an unknown value as an empty field (never 0), booleans `true`/`false`. Cells that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) are escaped
 * with a leading `'`, against CSV injection. `bom`: the byte order mark Excel needs to read
 * UTF-8 (Vietnamese) correctly.
 */
export async function* csvOf(columns: readonly Column[], rows: AsyncIterable<Row>, bom: boolean): AsyncGenerator<Buffer> {
  const options = {
    columns: columns.map((column) => column.name),
    record_delimiter: 'windows' as const,
    escape_formulas: true,
    cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
  };
  if (bom) yield BOM;
  yield Buffer.from(stringify([], { ...options, header: true }));
  let chunk: Row[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === ROWS_PER_CHUNK) {
      yield Buffer.from(stringify(chunk, options));
      chunk = [];
    }
  }
  if (chunk.length) yield Buffer.from(stringify(chunk, options));
}

/** A CSV made elsewhere (PostgreSQL's COPY), with the byte order mark first when asked. */
export async function* withBom(csv: AsyncIterable<Buffer>, bom: boolean): AsyncGenerator<Buffer> {
  if (bom) yield BOM;
  yield* csv;
}
