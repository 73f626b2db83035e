import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { runMigrations } from '../../src/db/migrate';
import { Sql } from '../../src/db/sql';
import { seedCatalogue } from '../../seeds/seed-catalogue';

export interface BenchDatabase {
  url: string;
  sql: Sql;
  close(): Promise<void>;
}

/**
 * The database a bench measures: BENCH_DATABASE_URL's (it must be one the bench may fill and
 * change), or a throw-away embedded cluster; migrated and seeded with the catalogue.
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  let url = process.env.BENCH_DATABASE_URL;
  let stopEmbedded: () => Promise<void> = async () => undefined;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-bench-'));
    log(`starting a throw-away PostgreSQL in ${dir}`);
    const embedded = await startEmbeddedPostgres(dir, { persistent: false });
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const dataSource = createDataSource(url, 4);
  await dataSource.initialize();
  await runMigrations(dataSource);
  const sql = Sql.of(dataSource);
  await seedCatalogue(sql);
  return {
    url,
    sql,
    close: async () => {
      await dataSource.destroy();
      await stopEmbedded();
    },
  };
}
