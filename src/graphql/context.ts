import type { Sql } from '../db/sql';
import { createCatalogueLoaders } from '../catalogue/catalogue.loaders';
import { AgencyService } from '../catalogue/agency.service';
import { CatalogueSummaryService } from '../catalogue/catalogue-summary.service';
import { FieldService } from '../catalogue/field.service';
import { ProcedureService } from '../catalogue/procedure.service';
import { AdministrativeUnitService } from '../units/administrative-unit.service';
import { createUnitLoaders } from '../units/administrative-unit.loaders';
import { ProcedureSuggestionService } from '../search/procedure-suggestion.service';

/** Stateless services, made once per process. */
export function createServices(sql: Sql) {
  return {
    procedures: new ProcedureService(sql),
    summary: new CatalogueSummaryService(sql),
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
