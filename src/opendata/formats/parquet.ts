/**
 * A dataset as Apache Parquet: one typed column per dataset column, nulls where the value is
 * unknown, written with @dsnp/parquetjs and streamed a row group at a time.
 */
import { Writable } from 'node:stream';
import { ParquetSchema, ParquetWriter, type FieldDefinition, type ParquetType, type SchemaDefinition } from '@dsnp/parquetjs';
import type { Column, ColumnType, Row } from '../dataset';

/**
 * Rows per row group: what the writer holds in memory before it encodes them and hands the group
 * on. 10,000 rows of a catalogue table are a few MB, and each group is one unit that readers can
 * skip by its statistics.
 */
export const ROWS_PER_GROUP = 10_000;

/**
 * The Parquet type of each column type. Dates are DATE (INT32 days since 1970-01-01) and datetimes
 * TIMESTAMP_MILLIS (INT64 milliseconds since the epoch, UTC): the library writes only these legacy
 * "converted" annotations, never the newer logical types, so there is no TIMESTAMP with time zone
 * to choose; readers such as DuckDB see DATE and TIMESTAMP, in UTC.
 */
const PARQUET_TYPES: Readonly<Record<ColumnType, ParquetType>> = {
  string: 'UTF8',
  integer: 'INT64',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP_MILLIS',
};

/** A value as the library takes it for each column type (see valueOf). */
type ParquetValue = string | number | bigint | boolean | Date | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 (or PostgreSQL text) datetime that says its offset: without one, Date would read it in the server's time zone. */
const DATETIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
/** The text PostgreSQL's driver gives for int8 and numeric, which a statement may return for integer and number columns. */
const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The rows as a Parquet file (typed columns, nulls where unknown), streamed: row groups of
 * ROWS_PER_GROUP rows are written as they fill, so memory holds one group whatever the size.
 *
 * Rows are pulled from `rows` only as the consumer pulls bytes: at most one encoded group waits
 * to be taken. Columns marked `required` are REQUIRED in the file, and a null in one throws, as
 * does a value of the wrong type; any error (from `rows` or the writer) is thrown to the consumer.
 * A consumer that stops early ends `rows` too (its `return`), and leaves nothing running.
 */
export async function* parquetOf(columns: readonly Column[], rows: AsyncIterable<Row>): AsyncGenerator<Buffer> {
  const sink = new Chunks();
  // Data page v1: every Parquet reader reads it, while v2 pages (the library's default) are not
  // read by some older ones; SNAPPY (pure JavaScript in the library) is what readers expect by default.
  const writer = await ParquetWriter.openStream(schemaOf(columns), sink as unknown as Output, { rowGroupSize: ROWS_PER_GROUP, useDataPageV2: false });
  let index = 0;
  for await (const row of rows) {
    await writer.appendRow(recordOf(columns, row, index++));
    // Empty but for the rows that filled a group (and the magic bytes after the first row).
    yield* sink.take();
  }
  await writer.close();
  yield* sink.take();
}

/**
 * What the writer writes to. It calls only `write` and `end`, but types them as fs.WriteStream
 * declares them (`end` returning the WriteStream), which no other Writable matches: hence a cast.
 */
type Output = Parameters<typeof ParquetWriter.openStream>[1];

/**
 * Where the writer writes: it keeps the chunks until the generator takes them. Its writes never
 * fail and it is never destroyed, because the library drops the promises of some of its writes
 * (the header, indexes): a failing write there would be an unhandled rejection. Backpressure needs
 * no stream machinery: the generator appends the next row only when its consumer asks for more.
 */
class Chunks extends Writable {
  private chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }

  take(): Buffer[] {
    const taken = this.chunks;
    this.chunks = [];
    return taken;
  }
}

function schemaOf(columns: readonly Column[]): ParquetSchema {
  const fields: SchemaDefinition = {};
  for (const column of columns) {
    const field: FieldDefinition = { type: PARQUET_TYPES[column.type], optional: !column.required, compression: 'SNAPPY' };
    fields[column.name] = field;
  }
  return new ParquetSchema(fields);
}

/** A row as the writer takes it, each value checked against its column's type. */
function recordOf(columns: readonly Column[], row: Row, index: number): Record<string, ParquetValue> {
  const record: Record<string, ParquetValue> = {};
  for (const column of columns) {
    const value = row[column.name] ?? null;
    if (value === null && column.required) throw new Error(`Parquet: row ${index} has no value for the required column ${column.name}`);
    record[column.name] = value === null ? null : valueOf(column, value, index);
  }
  return record;
}

function valueOf(column: Column, value: string | number | boolean, index: number): ParquetValue {
  const wrong = (): Error => new TypeError(`Parquet: row ${index}, column ${column.name} (${column.type}) cannot take ${JSON.stringify(value)}`);
  switch (column.type) {
    case 'string':
      if (typeof value !== 'string') throw wrong();
      return value;
    case 'integer':
      // Unsafe integers have already lost digits; int8 text is taken as BigInt, which keeps them all.
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value);
      throw wrong();
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && NUMBER_TEXT.test(value)) return Number(value);
      throw wrong();
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong();
      return value;
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value)) throw wrong();
      // A Date rather than a day number: the library refuses day numbers before 1970 but takes any Date.
      const date = new Date(`${value}T00:00:00Z`);
      // Rejects days that do not exist (2024-02-30), which Date would roll over.
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw wrong();
      return date;
    }
    case 'datetime': {
      if (typeof value !== 'string' || !DATETIME_WITH_OFFSET.test(value)) throw wrong();
      // A Date for the same reason as dates; precision beyond the millisecond is dropped.
      const instant = new Date(value);
      if (Number.isNaN(instant.getTime())) throw wrong();
      return instant;
    }
  }
}
