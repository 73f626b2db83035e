import type { Pool, PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { to as copyTo } from 'pg-copy-streams';
import { procedureSelect, publishedProcedure, WHOLE_RECORD, type ProcedureRow, type PublishedProcedure } from '../catalogue/procedure-record.sql';
import { IN_FORCE } from './catalogue-datasets';
import type { Dataset, Row, RowSource } from './dataset';

/** Rows fetched per round trip: enough to keep the socket busy, few enough to keep memory flat. */
const ROWS_PER_FETCH = 1_000;
/** Whole records are a few kilobytes each. */
const RECORDS_PER_FETCH = 200;

/**
 * One consistent view of the catalogue for a download: a read-only REPEATABLE READ transaction on
 * its own connection, so the rows, the catalogue version (the ETag) and the change feed's position
 * all describe the same moment. A client that continues from `feedPosition` with
 * `catalogueChanges` sees exactly the changes after this snapshot: no gap, no overlap.
 */
export class Snapshot implements RowSource {
  private constructor(
    private readonly client: PoolClient,
    readonly catalogueVersion: number,
    /** The last change in the feed at this moment (a stored position), null when the feed is empty. */
    readonly feedPosition: string | null,
    /** When that change was recorded: a catalogue download's Last-Modified. */
    readonly changedAt: Date | null,
    /** The statistics' version and its last change: a statistics download's ETag and Last-Modified. */
    readonly statistics: { version: number; changedAt: Date | null },
  ) {}

  /** `timeoutMs`: how long the download may take (its cursor is one statement, which the role's 5 s would cut short). */
  static async open(pool: Pool, timeoutMs: number): Promise<Snapshot> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`);
      const { rows } = await client.query<{
        version: string;
        position: string | null;
        changed_at: Date | null;
        statistics_version: string;
        statistics_changed_at: Date | null;
      }>(
        `SELECT v.version, c.position::text AS position, c.recorded_at AS changed_at,
                s.version AS statistics_version, s.changed_at AS statistics_changed_at
           FROM catalogue_version v CROSS JOIN statistics_version s
           LEFT JOIN LATERAL (SELECT position, recorded_at FROM procedure_change ORDER BY position DESC LIMIT 1) c ON true`,
      );
      const [row] = rows;
      return new Snapshot(client, Number(row.version), row.position, row.changed_at, {
        version: Number(row.statistics_version),
        changedAt: row.statistics_changed_at,
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /** The dataset's rows as of `day`. */
  rows(dataset: Dataset, day: string): AsyncIterable<Row> {
    return dataset.rows(this, day);
  }

  /** A statement's rows, a fetch at a time. */
  async *stream<T extends object = Row>(sql: string, params: readonly unknown[]): AsyncGenerator<T> {
    const cursor = this.client.query(new Cursor<T>(sql, [...params]));
    try {
      for (let batch = await cursor.read(ROWS_PER_FETCH); batch.length > 0; batch = await cursor.read(ROWS_PER_FETCH)) yield* batch;
    } finally {
      await cursor.close();
    }
  }

  /** A statement's rows as CSV with a header, as PostgreSQL writes it (RFC 4180 but for LF line ends; see crlf). */
  async *copyCsv(sql: string): AsyncGenerator<Buffer> {
    const copy = this.client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
    for await (const chunk of copy) yield chunk as Buffer;
  }

  /** Every procedure in force on `day`, whole (the GraphQL shape with codes), by code. */
  async *procedures(day: string): AsyncGenerator<PublishedProcedure> {
    const { columns, joins, toProcedure } = procedureSelect(WHOLE_RECORD);
    const sql = `SELECT ${columns} FROM procedure p ${joins}
                  WHERE ${IN_FORCE} ORDER BY p.code`;
    const cursor = this.client.query(new Cursor<ProcedureRow>(sql, [day]));
    try {
      for (let batch = await cursor.read(RECORDS_PER_FETCH); batch.length > 0; batch = await cursor.read(RECORDS_PER_FETCH)) {
        for (const row of batch) yield publishedProcedure(toProcedure(row));
      }
    } finally {
      await cursor.close();
    }
  }

  /** Ends the transaction and gives the connection back; `broken` when the connection may be mid-statement. */
  async close(broken = false): Promise<void> {
    if (broken) {
      this.client.release(true);
      return;
    }
    await this.client.query('COMMIT').catch(() => undefined);
    this.client.release();
  }
}
