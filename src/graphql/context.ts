import { CatalogueCache } from '../db/catalogue-cache';
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

/**
 * The services, made once per process; the only state they keep is what the catalogue answers
 * until it changes (CatalogueCache), `countCacheSize` entries of each kind.
 */
export function createServices(sql: Sql, countCacheSize: number) {
  return {
    procedures: new ProcedureService(sql, new ProcedureSearchService(sql, new CatalogueCache(countCacheSize))),
    summary: new CatalogueSummaryService(sql, new CatalogueCache(countCacheSize)),
    fields: new FieldService(sql),
    agencies: new AgencyService(sql),
    units: new AdministrativeUnitService(sql),
    suggestions: new ProcedureSuggestionService(sql),
  };
}
export type Services = ReturnType<typeof createServices>;

/** What every resolver receives: the services and this request's own loaders (never shared). */
export interface Context {
  services: Services;
  loaders: ReturnType<typeof createCatalogueLoaders> & ReturnType<typeof createUnitLoaders>;
}

export function createContext(sql: Sql, services: Services): Context {
  return { services, loaders: { ...createCatalogueLoaders(sql), ...createUnitLoaders(sql) } };
}
