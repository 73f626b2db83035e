/**
 * What a downloadable dataset is: a table with typed, described columns (a Frictionless Table
 * Schema in the making), keys that join it to the others by stable codes, and the statement that
 * reads its rows. Formats (CSV, NDJSON, Parquet) and descriptors (datapackage.json) are built from
 * this one description.
 */

/** Column types, as Frictionless names them. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

export interface Column {
  /** English snake_case. */
  name: string;
  type: ColumnType;
  description: string;
  /** false when the value may be empty (unknown); empty is never written as 0. */
  required: boolean;
}

interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

/** A bilingual text: Vietnamese as published, English for integrators. */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface Dataset {
  /** Its name in URLs: `/opendata/<id>.<format>`. */
  id: string;
  title: Bilingual;
  description: Bilingual;
  columns: readonly Column[];
  primaryKey: readonly string[];
  foreignKeys: readonly ForeignKey[];
  /** true for catalogue datasets: they take `asOf` (the catalogue as in force on a day). */
  asOf: boolean;
  /** What its ETag and Last-Modified follow: the catalogue's version, or the statistics rollups'. */
  changesWith: 'catalogue' | 'statistics';
  /** Its rows, read from `source` (one consistent snapshot) as of `day`, in order. */
  rows(source: RowSource, day: string): AsyncIterable<Row>;
  /**
   * The same rows as CSV made by PostgreSQL itself (COPY), for a dataset that is one statement:
   * several times faster than formatting them here. Absent: the rows are formatted here.
   */
  csv?(source: RowSource, day: string): AsyncIterable<Buffer>;
}

/** Where a dataset's rows come from: one consistent snapshot, streamed (constant memory). */
export interface RowSource {
  /** A statement's rows, a fetch at a time. */
  stream<T extends object = Row>(sql: string, params: readonly unknown[]): AsyncGenerator<T>;
  /** A statement's rows as CSV with a header row, as PostgreSQL's COPY writes it (no parameters: values inlined). */
  copyCsv(sql: string): AsyncIterable<Buffer>;
}

/** A row as the statement gives it: a value per column name, null for unknown. */
export type Row = Record<string, string | number | boolean | null>;
