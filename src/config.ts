import path from 'node:path';
import { projectRoot } from './shared/project-root';

/** Every setting the service reads from the environment, parsed and validated in one place. */
export interface Config {
  /** HTTP port of the GraphQL server. */
  port: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /** PostgreSQL to use; null starts the private embedded server under `dataDir`. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its cluster. */
  dataDir: string;
  /** Connections in the pool of the API process. */
  poolSize: number;
  /** Load the seed catalogue at start when it is missing or out of date. */
  seedOnStart: boolean;
  /** `debug` logs every request; `info` start-up and errors; `silent` nothing. */
  logLevel: 'debug' | 'info' | 'silent';
  /** Search counts and facets kept until the catalogue changes (see CatalogueCache); 0 keeps none. */
  countCacheSize: number;
  /** Megabytes of whole answers kept until the catalogue changes (see ResponseCache); 0 keeps none. */
  responseCacheMb: number;
  /** Seconds a catalogue answer to a GET may be kept by browsers and CDNs (Cache-Control max-age); 0 makes them revalidate every time. */
  getMaxAgeSeconds: number;
  /** Requests a minute from one client address; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /** Requests a minute with one API key, apart from its address's budget. */
  rateLimitApiKeyPerMinute: number;
  /** Share the rate-limit counts of every instance through this Redis; null keeps them in memory. */
  redisUrl: string | null;
  /** Proxies whose X-Forwarded-For names the client (addresses or CIDR ranges); empty trusts none. */
  trustedProxies: string[];
  /** Connections one client address may hold open at once; 0 limits nothing. */
  connectionsPerClient: number;
  /** Port of the metrics listener; null serves no separate listener. */
  metricsPort: number | null;
  /** Interface the metrics listener binds to. */
  metricsHost: string;
  /** Serves GET /metrics on the public port to requests that carry this token; null does not. */
  metricsToken: string | null;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  return raw;
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\/\S+$/.test(raw)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  return raw;
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (!/^[\x21-\x7e]{24,200}$/.test(raw)) throw new ConfigError('METRICS_TOKEN must be 24 to 200 printable characters without spaces');
  return raw;
}

function trustedProxies(env: NodeJS.ProcessEnv): string[] {
  const list = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = list.find((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p));
  if (bad) throw new ConfigError(`TRUSTED_PROXIES must list IP addresses or CIDR ranges, got "${bad}"`);
  return list;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: databaseUrl(env),
    dataDir: path.resolve(projectRoot, env.DATA_DIR || '.data'),
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    seedOnStart: boolean(env, 'SEED_ON_START', true),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'silent'] as const, 'info'),
    countCacheSize: integer(env, 'COUNT_CACHE_SIZE', 1000, 0, 1_000_000),
    responseCacheMb: integer(env, 'RESPONSE_CACHE_MB', 64, 0, 16_384),
    getMaxAgeSeconds: integer(env, 'GRAPHQL_GET_MAX_AGE', 60, 0, 3_600),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 10_000_000),
    rateLimitApiKeyPerMinute: integer(env, 'RATE_LIMIT_API_KEY_PER_MINUTE', 6000, 1, 10_000_000),
    redisUrl: redisUrl(env),
    trustedProxies: trustedProxies(env),
    connectionsPerClient: integer(env, 'CONNECTIONS_PER_CLIENT', 64, 0, 100_000),
    metricsPort: env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 0, 65535) : null,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    metricsToken: metricsToken(env),
  };
}
