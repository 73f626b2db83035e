import { AgencyService } from '../catalogue/agency.service';
import type { CatalogueContext } from '../catalogue/catalogue.context';
import { createCatalogueLoaders } from '../catalogue/catalogue.loaders';
import { CatalogueSummaryService } from '../catalogue/catalogue-summary.service';
import type { CatalogueSummary } from '../catalogue/catalogue-summary.type';
import { FieldService } from '../catalogue/field.service';
import { CatalogueAuditService } from '../catalogue/history/catalogue-audit.service';
import { CatalogueHistoryService } from '../catalogue/history/catalogue-history.service';
import { ProcedureService } from '../catalogue/procedure.service';
import { ProcedureSearchService } from '../catalogue/search/procedure-search.service';
import { ProcedureSuggestionService } from '../catalogue/search/procedure-suggestion.service';
import { Vocabularies } from '../catalogue/search/search-vocabulary';
import type { RolePools } from '../db/role-pools';
import { CatalogueEditService } from '../catalogue/edit/catalogue-edit.service';
import { OpenDataService } from '../opendata/opendata.service';
import type { OpenDataContext } from '../opendata/opendata.context';
import type { Clock } from '../shared/clock';
import { ApiKeyService } from '../dossiers/api-key.service';
import { DossierIngestionService } from '../dossiers/dossier-ingestion.service';
import type { DossiersContext } from '../dossiers/dossiers.context';
import { CatalogueCache } from '../shared/catalogue-cache';
import { DossierStatisticsService } from '../statistics/dossier-statistics.service';
import { PublishedFigureService } from '../statistics/published-figure.service';
import type { StatisticsContext } from '../statistics/statistics.context';
import { createUnitLoaders } from '../units/administrative-unit.loaders';
import { AdministrativeUnitService } from '../units/administrative-unit.service';
import { UnitDirectory, type UnitRef } from '../units/unit-directory';
import type { UnitsContext } from '../units/units.context';

/**
 * Searches' vocabularies kept for each count (a vocabulary is a few hundred bytes, and serves every
 * page, filter and count of its words).
 */
const VOCABULARIES_PER_COUNT = 10;

/**
 * What the services keep between requests: answers that hold until the catalogue changes
 * (CatalogueCache, `countCacheSize` entries of each kind), searches' vocabularies (checked against
 * the catalogue's version where they are used) and the administrative units found.
 */
export function createServiceCaches(countCacheSize: number) {
  return {
    searchCounts: new CatalogueCache<number>(countCacheSize),
    vocabularies: new Vocabularies(VOCABULARIES_PER_COUNT * countCacheSize),
    summaries: new CatalogueCache<CatalogueSummary>(countCacheSize),
    units: new Map<string, UnitRef>(),
  };
}
export type ServiceCaches = ReturnType<typeof createServiceCaches>;

/**
 * The services on `roles` and the caches shared by all. A GraphQL request gets its own (on its
 * own RequestSql, whose statements are stopped when it is abandoned); making them costs a few
 * objects.
 */
export function createServices({ read: sql, ingest, catalogue }: RolePools, caches: ServiceCaches, today: string, clock: Clock) {
  const statistics = new DossierStatisticsService(sql, new UnitDirectory(sql, caches.units));
  const summary = new CatalogueSummaryService(sql, caches.summaries);
  return {
    procedures: new ProcedureService(sql, new ProcedureSearchService(sql, caches.searchCounts, caches.vocabularies)),
    summary,
    fields: new FieldService(sql),
    agencies: new AgencyService(sql),
    units: new AdministrativeUnitService(sql),
    suggestions: new ProcedureSuggestionService(sql),
    history: new CatalogueHistoryService(sql),
    audit: new CatalogueAuditService(sql),
    statistics,
    publishedFigures: new PublishedFigureService(sql, statistics, {
      provinceCode: () => summary.provinceCode(),
      summarise: () => summary.summarise(null, null, today),
    }),
    edits: new CatalogueEditService(catalogue, clock),
    openData: new OpenDataService(sql.pool),
    apiKeys: new ApiKeyService(ingest),
    ingestion: new DossierIngestionService(ingest),
  };
}

/** The context of every resolver: all the features' contexts in one object. */
export type AppContext = CatalogueContext & UnitsContext & StatisticsContext & DossiersContext & OpenDataContext;

/** One request's context: its services and its own loaders (never shared), on `roles`, answering as of `today`. */
export function createContext(roles: RolePools, caches: ServiceCaches, authorization: string | undefined, today: string, clock: Clock): AppContext {
  return {
    services: createServices(roles, caches, today, clock),
    authorization,
    today,
    loaders: { ...createCatalogueLoaders(roles.read, today), ...createUnitLoaders(roles.read) },
  };
}
