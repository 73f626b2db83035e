import { Connection, type Pool, type PoolClient } from 'pg';
import { AppError } from '../shared/errors';
import { Sql } from './sql';

/** For a statement a request asks for after it was abandoned: its deadline passed, and its client has been answered. */
const abandonedError = () => new AppError('TIMEOUT', 'The operation took too long and was stopped');

/**
 * One request's statements on a shared pool, each on a connection it holds until the statement
 * ends, so that they can be stopped when the request is abandoned: once its client has been
 * answered (the operation deadline), nothing it still runs is of use to anyone, and a statement
 * left running holds a connection and a core until its role's statement_timeout.
 */
export class RequestSql extends Sql {
  private readonly running = new Set<PoolClient>();
  private readonly cancelled = new WeakSet<PoolClient>();
  private abandoned = false;

  constructor(pool: Pool) {
    super(pool);
  }

  /** Cancels the statements running now and refuses new ones. */
  abandon(): void {
    this.abandoned = true;
    for (const client of this.running) {
      this.cancelled.add(client);
      sendCancelRequest(client);
    }
  }

  protected override async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.abandoned) throw abandonedError();
    const client = await this.pool.connect();
    if (this.abandoned) {
      client.release();
      throw abandonedError();
    }
    this.running.add(client);
    try {
      return await work(client);
    } finally {
      this.running.delete(client);
      // A cancel request races with the statement's end: the connection of one that was sent is
      // closed rather than reused, so that it can never stop another request's statement.
      client.release(this.cancelled.has(client) || undefined);
    }
  }
}

interface ProtocolConnection {
  on(event: 'connect' | 'error', listener: () => void): void;
  connect(port: number | string, host?: string): void;
  cancel(processID: number, secretKey: number): void;
}

/**
 * The protocol's CancelRequest, on a connection of its own: it names the backend by its process
 * id and secret key, so it needs no privilege (pg_cancel_backend would need the owner's).
 */
function sendCancelRequest(client: PoolClient): void {
  const { host, port, processID, secretKey } = client as unknown as { host: string; port: number; processID: number; secretKey: number };
  // node-postgres's own cancel (Client#cancel) does the same with these two calls, which its types do not declare.
  const connection = new Connection() as unknown as ProtocolConnection;
  connection.on('connect', () => connection.cancel(processID, secretKey));
  // The server closes it once it has read the request; nothing is waited for.
  connection.on('error', () => undefined);
  if (host.startsWith('/')) connection.connect(`${host}/.s.PGSQL.${port}`);
  else connection.connect(port, host);
}
