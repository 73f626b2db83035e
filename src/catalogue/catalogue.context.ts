import type { ApiKeyService } from '../dossiers/api-key.service';
import type { RequestContext } from '../graphql/context';
import type { UnitsContext } from '../units/units.context';
import type { AgencyService } from './agency.service';
import type { createCatalogueLoaders } from './catalogue.loaders';
import type { CatalogueSummaryService } from './catalogue-summary.service';
import type { CatalogueEditService } from './edit/catalogue-edit.service';
import type { FieldService } from './field.service';
import type { CatalogueAuditService } from './history/catalogue-audit.service';
import type { CatalogueHistoryService } from './history/catalogue-history.service';
import type { ProcedureService } from './procedure.service';
import type { ProcedureSuggestionService } from './search/procedure-suggestion.service';

/** What the catalogue's resolvers use: its services, and this request's own loaders (never shared); a procedure's agency leads to its unit. */
export type CatalogueContext = RequestContext &
  UnitsContext & {
    services: {
      procedures: ProcedureService;
      summary: CatalogueSummaryService;
      fields: FieldService;
      agencies: AgencyService;
      suggestions: ProcedureSuggestionService;
      history: CatalogueHistoryService;
      audit: CatalogueAuditService;
      edits: CatalogueEditService;
      apiKeys: Pick<ApiKeyService, 'authenticateCatalogue'>;
    };
    loaders: ReturnType<typeof createCatalogueLoaders>;
    /** The request's Authorization header: the edits read it. */
    authorization: string | undefined;
  };
