import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { runMigrations } from './db/migrate';
import { MemoryRateLimitStore } from './graphql/rate-limit';
import { RedisRateLimitStore } from './graphql/redis-rate-limit-store';
import { createHttpServer } from './graphql/server';
import { serveMetrics } from './graphql/metrics';
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
    httpLimits: { connectionsPerClient: config.connectionsPerClient },
    metricsToken: config.metricsToken,
    logError: ({ correlationId, error }) =>
      log.error({ correlationId, error: error instanceof Error ? error.stack : String(error) }, 'unexpected error'),
  });
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metricsPort === null ? null : await serveMetrics(app.metricsRegistry, config.metricsPort, config.metricsHost);
  const url = (server: { address(): unknown }, path: string) => {
    const address = server.address() as { port: number } | null;
    return `http://localhost:${address?.port}${path}`;
  };
  log.info({ url: url(app.server, '/graphql'), metrics: metricsServer && url(metricsServer, '/metrics'), startupMs: Date.now() - started, embedded: !config.databaseUrl }, 'ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await app.close();
    metricsServer?.close();
    if (rateLimitStore instanceof RedisRateLimitStore) await rateLimitStore.close();
    await database.close();
    process.exit(0);
  };
  // The requests in flight are drained first, then the embedded cluster is stopped (it runs in a
  // process group of its own, so a Ctrl-C in the terminal reaches only this process).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  // A promise rejected with no reason (or with a non-Error) must still say something useful.
  const message =
    error instanceof ConfigError ? error.message
    : error instanceof Error ? (error.stack ?? error.message)
    : error === undefined || error === null ? 'a start-up step failed without giving a reason; the log lines above show how far the start got'
    : `a start-up step failed with ${String(error)}`;
  process.stderr.write(`failed to start: ${message}\n`);
  process.exit(1);
});
