import { CatalogueCache } from '../db/catalogue-cache';
import type { Observed } from './metrics';
import type { RoleSql } from '../db/role-pools';
import type { Sql } from '../db/sql';
import { createCatalogueLoaders } from '../catalogue/catalogue.loaders';
import { AgencyService } from '../catalogue/agency.service';
import { CatalogueSummaryService } from '../catalogue/catalogue-summary.service';
import { FieldService } from '../catalogue/field.service';
import { ProcedureService } from '../catalogue/procedure.service';
import { AdministrativeUnitService } from '../units/administrative-unit.service';
import { createUnitLoaders } from '../units/administrative-unit.loaders';
import { ProcedureSearchService } from '../search/procedure-search.service';
import { ProcedureSuggestionService } from '../search/procedure-suggestion.service';
import { ApiKeyService } from '../statistics/api-key.service';
import { DossierIngestionService } from '../statistics/dossier-ingestion.service';
import { DossierStatisticsService } from '../statistics/dossier-statistics.service';
import { PublishedFigureService } from '../statistics/published-figure.service';

/**
 * The services, made once per process; the only state they keep is what the catalogue answers
 * until it changes (CatalogueCache), `countCacheSize` entries of each kind.
 */
export function createServices({ read: sql, ingest }: RoleSql, countCacheSize: number) {
  const statistics = new DossierStatisticsService(sql);
  return {
    procedures: new ProcedureService(sql, new ProcedureSearchService(sql, new CatalogueCache(countCacheSize))),
    summary: new CatalogueSummaryService(sql, new CatalogueCache(countCacheSize)),
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
