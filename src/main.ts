import 'reflect-metadata';
import { inspect } from 'node:util';
import { composeApp } from './app/compose';
import { keepGarbageYoung } from './app/young-garbage';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db/database';
import { runMigrations } from './db/migrate';
import { serveMetrics } from './http/plugins/metrics';
import { connectRateLimitRedis } from './http/plugins/rate-limit';
import { createHttpServer } from './http/server';
import { createLogger, type Logger } from './shared/log';

/** What runs between migrating and serving: `npm start` loads the seed there (tools/start.ts); production runs nothing. */
export type BeforeServing = (database: Database, log: Logger) => Promise<void>;

/** config -> database (embedded unless DATABASE_URL; migrated) -> app -> HTTP, until SIGTERM or SIGINT. */
export async function serve(config: Config, beforeServing: BeforeServing = async () => undefined): Promise<void> {
  keepGarbageYoung();
  const log = createLogger(config.logLevel);
  const started = Date.now();
  const database = await openDatabase(config, (message) => log.info(message));
  const migrations = await runMigrations(database.dataSource);
  if (migrations.length) log.info({ migrations }, 'migrations applied');
  await beforeServing(database, log);

  const roles = database.openRoles();
  const logError = ({ correlationId, error }: { correlationId: string; error: unknown }) =>
    log.error({ correlationId, error: error instanceof Error ? error.stack : String(error) }, 'unexpected error');
  const httpLimits = { connectionsPerClient: config.connectionsPerClient };
  const app = await composeApp({
    roles,
    logError,
    countCacheSize: config.countCacheSize,
    responseCacheBytes: config.responseCacheMb * 1024 * 1024,
    getMaxAgeSeconds: config.getMaxAgeSeconds,
    httpLimits,
  });
  const rateLimitRedis = config.redisUrl
    ? connectRateLimitRedis(config.redisUrl, (error) => log.error({ error: String(error) }, 'rate-limit store unavailable'))
    : undefined;
  const http = await createHttpServer({
    routes: app.routes,
    logError,
    pools: { reader: roles.read.pool, ingest: roles.ingest.pool },
    rateLimit: {
      redis: rateLimitRedis,
      limits: { perClient: config.rateLimitPerMinute, perApiKey: config.rateLimitApiKeyPerMinute, windowMs: 60_000 },
      onStoreError: (error) => log.error({ error: String(error) }, 'rate-limit store failed; request let through'),
      apiKeyOf: app.apiKeyOf,
    },
    logger: log,
    trustedProxies: config.trustedProxies,
    httpLimits,
    metricsToken: config.metricsToken,
  });
  await http.listen({ port: config.port, host: config.host });
  const metricsServer = config.metricsPort === null ? null : await serveMetrics(http.metricsRegistry, config.metricsPort, config.metricsHost);
  const url = (server: { address(): unknown }, path: string) => `http://localhost:${(server.address() as { port: number } | null)?.port}${path}`;
  log.info(
    {
      url: url(http.server, '/graphql'),
      metrics: metricsServer && url(metricsServer, '/metrics'),
      startupMs: Date.now() - started,
      embedded: !config.databaseUrl,
    },
    'ready',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await http.close();
    metricsServer?.close();
    rateLimitRedis?.disconnect();
    await database.close();
    process.exit(0);
  };
  // The requests in flight are drained first, then the embedded cluster is stopped (it runs in a
  // process group of its own, so a Ctrl-C in the terminal reaches only this process).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}

/** A start that fails says what happened, in words, and exits 1. */
export function startFailed(error: unknown): never {
  // A promise rejected with no reason (or with a non-Error) must still say something useful.
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : error === undefined || error === null
          ? 'a start-up step failed without giving a reason; the log lines above show how far the start got'
          : `a start-up step failed with ${inspect(error)}`;
  process.stderr.write(`failed to start: ${message}\n`);
  process.exit(1);
}

if (require.main === module) serve(loadConfig()).catch(startFailed);
