import { types } from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { entities } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Counts and VND amounts are bigint in SQL but stay far below 2^53; numeric holds processing
// times. Dates stay 'YYYY-MM-DD' strings so no time zone can shift them by a day.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));
types.setTypeParser(types.builtins.DATE, (v) => v);

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // Settings for an API's short queries. JIT compilation and parallel workers cost more to start
    // than they save, and the workers would take the cores other requests need. The catalogue
    // fits in memory, where an index read costs about what a sequential one does: with the
    // default random_page_cost (4, for spinning disks) the planner scans whole tables to count a
    // broad search instead of reading its index.
    extra: {
      max: poolSize,
      application_name: 'vn-procedures-api',
      options: '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1',
    },
  });
}
