import { CatalogueCache } from '../db/catalogue-cache';
import type { Observed } from './metrics';
import type { RoleSql } from '../db/role-pools';
import type { Sql } from '../db/sql';
import { createCatalogueLoaders } from '../catalogue/catalogue.loaders';
import { AgencyService } from '../catalogue/agency.service';
import { CatalogueSummaryService } from '../catalogue/catalogue-summary.service';
import type { CatalogueSummary } from '../catalogue/catalogue-summary.type';
import { FieldService } from '../catalogue/field.service';
import { ProcedureService } from '../catalogue/procedure.service';
import { AdministrativeUnitService } from '../units/administrative-unit.service';
import { createUnitLoaders } from '../units/administrative-unit.loaders';
import { ProcedureSearchService } from '../search/procedure-search.service';
import { ProcedureSuggestionService } from '../search/procedure-suggestion.service';
import { ApiKeyService } from '../statistics/api-key.service';
import { DossierIngestionService } from '../statistics/dossier-ingestion.service';
import { DossierStatisticsService, type Unit } from '../statistics/dossier-statistics.service';
import { PublishedFigureService } from '../statistics/published-figure.service';

/**
 * What the services keep between requests: answers that hold until the catalogue changes
 * (CatalogueCache, `countCacheSize` entries of each kind) and the administrative units found.
 */
export function createServiceCaches(countCacheSize: number) {
  return {
    searchCounts: new CatalogueCache<number>(countCacheSize),
    summaries: new CatalogueCache<CatalogueSummary>(countCacheSize),
    units: new Map<string, Unit>(),
  };
}
export type ServiceCaches = ReturnType<typeof createServiceCaches>;

/**
 * The services of one request, on its own SQL (see RequestSql: its statements are stopped when
 * it is abandoned) and the caches shared by all. Making them costs a few objects per request.
 */
export function createServices({ read: sql, ingest }: RoleSql, caches: ServiceCaches) {
  const statistics = new DossierStatisticsService(sql, caches.units);
  return {
    procedures: new ProcedureService(sql, new ProcedureSearchService(sql, caches.searchCounts)),
    summary: new CatalogueSummaryService(sql, caches.summaries),
    fields: new FieldService(sql),
    agencies: new AgencyService(sql),
    units: new AdministrativeUnitService(sql),
    suggestions: new ProcedureSuggestionService(sql),
    statistics,
    publishedFigures: new PublishedFigureService(sql, statistics),
    apiKeys: new ApiKeyService(ingest),
    ingestion: new DossierIngestionService(ingest),
  };
}
export type Services = ReturnType<typeof createServices>;

/** What every resolver receives: the services and this request's own loaders (never shared). */
export interface Context {
  services: Services;
  /** The request's Authorization header: only writes read it. */
  authorization: string | undefined;
  loaders: ReturnType<typeof createCatalogueLoaders> & ReturnType<typeof createUnitLoaders>;
  /** What the request turned out to be, for metrics and logs (set by operationLabelPlugin). */
  observed?: Observed;
}

export function createContext(sql: Sql, services: Services, authorization?: string): Context {
  return { services, authorization, loaders: { ...createCatalogueLoaders(sql), ...createUnitLoaders(sql) } };
}
