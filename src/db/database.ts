import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';
import { openRolePools, type RolePools } from './role-pools';
import { Sql } from './sql';

/** The open database of a running service: TypeORM and `sql` as the owner (migrations, the dossier seed); `openRoles()` for requests and catalogue writes. */
export interface Database {
  dataSource: DataSource;
  sql: Sql;
  /** Pools that run as the least-privileged roles (reader, ingest, catalogue writer); open only once migrations have created the roles. */
  openRoles(): RolePools;
  /** The URL in use (the embedded server's when no DATABASE_URL was given). */
  url: string;
  close(): Promise<void>;
}

/**
 * `joinRunning`: for commands run while `npm start` may be running (the CLIs). They use the
 * embedded PostgreSQL of a server running on the data directory and leave it running; the server
 * itself refuses to share its data directory with another server.
 */
export async function openDatabase(config: Config, log: (line: string) => void, options: { joinRunning?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedServer | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log(`starting embedded PostgreSQL in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres(config.dataDir, { log, joinRunning: options.joinRunning });
    url = embedded.url;
  }
  const dataSource = createDataSource(url, config.poolSize);
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  let roles: ReturnType<typeof openRolePools> | null = null;
  return {
    dataSource,
    sql: Sql.of(dataSource),
    url,
    openRoles: () => (roles ??= openRolePools(url, config.poolSize)),
    close: async () => {
      await roles?.close();
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
