import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { entities } from '../src/app/entities';
import { createDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:generate -- migrations/Name`): the same
 * configuration as the app, on DATABASE_URL or else on the embedded cluster under DATA_DIR.
 */
export default (async () => {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
  const dataSource = createDataSource(config.databaseUrl ?? embedded!.url, 2, entities);
  // The CLI ends by destroying the DataSource; the embedded server must stop with it or the
  // process would never exit.
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await embedded?.stop();
  };
  return dataSource;
})();
