import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import { SESSION_SETTINGS } from './session-settings';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Counts and VND amounts are bigint in SQL but stay far below 2^53; numeric holds processing
// times. Dates stay 'YYYY-MM-DD' strings so no time zone can shift them by a day.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));
types.setTypeParser(types.builtins.DATE, (v) => v);

export function createDataSource(url: string, poolSize = 10, entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // A connection that cannot be had in 3 s fails the request (SERVICE_UNAVAILABLE) instead of holding it.
    extra: { max: poolSize, application_name: 'vn-procedures-api', options: SESSION_SETTINGS, connectionTimeoutMillis: 3000 },
  });
}
