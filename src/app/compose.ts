import type { RolePools } from '../db/role-pools';
import { RequestSql } from '../db/request-sql';
import { QUERY_LIMITS } from '../graphql/query-limits';
import { HTTP_LIMITS, type HttpLimits } from '../http/http-limits';
import { changesRoute } from '../http/routes/changes.route';
import { graphqlRoute } from '../http/routes/graphql.route';
import { portalRoute } from '../http/routes/portal.route';
import { inProcessQuery } from '../graphql/in-process-query';
import { loadPortalAssets, type LoadedPortalAssets } from '../portal/portal-assets';
import { healthRoutes } from '../http/routes/health.route';
import { ingestRoute } from '../http/routes/ingest.route';
import { nationalImportRoute } from '../http/routes/national-import.route';
import { openDataRoute } from '../http/routes/opendata.route';
import { NationalImport } from '../importer/national-import.service';
import { readStatisticsVersion } from '../opendata/statistics-version';
import type { HttpRoute } from '../http/routes/route';
import { readCatalogueVersion } from '../shared/catalogue-version';
import { secondsToVietnamMidnight, systemClock, vietnamDay, type Clock } from '../shared/clock';
import { httpCaching } from '../http/http-caching';
import type { ErrorLogger } from '../shared/unexpected';
import { sharedRead } from '../shared/shared-read';
import { buildAppSchema } from './schema';
import { createContext, createServiceCaches, createServices, type AppContext } from './services';

export interface AppOptions {
  /** The pools requests run on: public reads as the reader role, dossier writes as the ingest role, catalogue edits as the catalogue role. */
  roles: RolePools;
  logError: ErrorLogger;
  /** Entries of each kind of catalogue answer kept in memory (config COUNT_CACHE_SIZE). */
  countCacheSize: number;
  /** Bytes of whole answers kept until the catalogue changes (config RESPONSE_CACHE_MB); 0 keeps none. */
  responseCacheBytes: number;
  /** Seconds browsers and CDNs may keep a catalogue answer to a GET (config GRAPHQL_GET_MAX_AGE; default 60); never past midnight, when the day's catalogue changes. */
  getMaxAgeSeconds?: number;
  /** How long one GraphQL operation may take (default QUERY_LIMITS.deadlineMs). */
  operationDeadlineMs?: number;
  /** How request bodies must arrive (default HTTP_LIMITS). */
  httpLimits?: Partial<HttpLimits>;
  /** What "now" is: the day the catalogue is answered as of by default (tests move it). */
  clock?: Clock;
  /** The portal's built scripts and styles (default: dist/portal, as npm start builds them). */
  portalAssets?: LoadedPortalAssets;
}

export interface App {
  routes: HttpRoute[];
  /** The id of the valid API key an Authorization header carries, else null: for the rate limiter's budgets. */
  apiKeyOf: (authorization: string | undefined) => Promise<number | null>;
}

/**
 * The composition root: the services on the role pools, the GraphQL schema of every feature, and
 * the routes that serve them. A GraphQL request gets services of its own on its own RequestSql,
 * so that its statements can be stopped at its deadline.
 */
export async function composeApp({
  roles,
  logError,
  countCacheSize,
  responseCacheBytes,
  operationDeadlineMs = QUERY_LIMITS.deadlineMs,
  getMaxAgeSeconds = 60,
  httpLimits = {},
  clock = systemClock,
  portalAssets = loadPortalAssets(),
}: AppOptions): Promise<App> {
  const limits = { ...HTTP_LIMITS, ...httpLimits };
  const caches = createServiceCaches(countCacheSize);
  /** Today in Vietnam's calendar: what the catalogue is answered as of by default. */
  const today = () => vietnamDay(clock());
  const shared = createServices(roles, caches, today(), clock);
  // Read for every request the response cache or HTTP caching may answer: shared by those of one turn.
  const catalogueVersion = sharedRead(() => readCatalogueVersion(roles.read));
  const schema = await buildAppSchema();
  const contextFor = (authorization: string | undefined, day: string) => {
    // A catalogue edit runs on the shared pool: it is one short transaction, never stopped half-way.
    const own = { read: new RequestSql(roles.read.pool), ingest: new RequestSql(roles.ingest.pool), catalogue: roles.catalogue };
    return {
      context: createContext(own, caches, authorization, day, clock),
      abandon: () => {
        own.read.abandon();
        own.ingest.abandon();
      },
    };
  };
  const graphql = graphqlRoute<AppContext>({
    schema,
    today,
    contextFor: (request, day) => contextFor(request.headers.authorization, day),
    catalogueVersion,
    responseCacheBytes,
    httpCaching: httpCaching(() => Math.min(getMaxAgeSeconds, secondsToVietnamMidnight(clock()))),
    deadlineMs: operationDeadlineMs,
    bodyPace: limits.graphqlBody,
    logError,
  });
  const isReady = () =>
    roles.read.rows('SELECT 1').then(
      () => true,
      () => false,
    );
  return {
    routes: [
      healthRoutes(isReady),
      graphql,
      changesRoute({ history: shared.history, catalogueVersion }),
      openDataRoute({
        openData: shared.openData,
        catalogueVersion,
        statisticsVersion: async () => (await readStatisticsVersion(roles.read)).version,
        today,
        logError,
      }),
      portalRoute({
        // The pages read as an anonymous client of the API does.
        run: inProcessQuery(schema, () => contextFor(undefined, today()), operationDeadlineMs),
        assets: portalAssets,
        today,
        logError,
      }),
      ingestRoute({ apiKeys: shared.apiKeys, ingestion: shared.ingestion, logError, bodyPace: limits.bulkBody }),
      nationalImportRoute({ apiKeys: shared.apiKeys, importer: new NationalImport(roles.catalogue, clock), logError, bodyPace: limits.bulkBody }),
    ],
    apiKeyOf: (authorization) =>
      shared.apiKeys.keyIdOf(authorization).then(
        (id) => id,
        () => null,
      ),
  };
}
