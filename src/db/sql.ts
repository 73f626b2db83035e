import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { asPrepared } from './prepared-statements';

let statementsSent = 0;

/** Statements sent by read paths since the process started; tests read the difference. */
export function statementCount(): number {
  return statementsSent;
}

export interface StatementOptions {
  /**
   * The statement's best plan depends on its values (how many rows a filter keeps): it is sent
   * unnamed, so that PostgreSQL plans it for them every time. Otherwise a statement whose text
   * recurs is prepared on its connection (see asPrepared), and PostgreSQL switches to one generic
   * plan after five executions: for a page of a field's 30 procedures in name order, one that read
   * 560 rows of the name index to find 21 (5.9 ms instead of 0.4).
   */
  plannedForValues?: boolean;
}

/**
 * Raw SQL on the same pool TypeORM opened: read paths select exactly the columns they need
 * and get plain rows, without entity hydration or a query runner per call.
 */
export class Sql {
  constructor(readonly pool: Pool) {}

  static of(dataSource: DataSource): Sql {
    return new Sql((dataSource.driver as PostgresDriver).master as Pool);
  }

  async rows<T>(text: string, values: readonly unknown[] = [], { plannedForValues = false }: StatementOptions = {}): Promise<T[]> {
    statementsSent++;
    const result = await this.send({ text, values: values as unknown[] }, plannedForValues);
    return result.rows as T[];
  }

  /**
   * A statement PostgreSQL parses and plans once per connection and then only executes: for the
   * few fixed statements that run on nearly every request.
   */
  async prepared<T>(name: string, text: string, values: readonly unknown[] = []): Promise<T[]> {
    statementsSent++;
    const result = await this.send({ name, text, values: values as unknown[] });
    return result.rows as T[];
  }

  async one<T>(text: string, values: readonly unknown[] = [], options?: StatementOptions): Promise<T | undefined> {
    return (await this.rows<T>(text, values, options))[0];
  }

  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** One statement on any connection of the pool, prepared there if its text recurs (see asPrepared) unless it is planned for its values. */
  protected send(query: QueryConfig, plannedForValues = false): Promise<QueryResult> {
    return this.withClient((client) => client.query(plannedForValues ? query : asPrepared(client, query)));
  }

  /** `work` on one connection of the pool, held until it ends. */
  protected async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
}
