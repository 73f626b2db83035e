import type { RequestContext } from '../graphql/context';
import type { ApiKeyService } from './api-key.service';
import type { DossierIngestionService } from './dossier-ingestion.service';

/** What the dossier writes' resolvers use: the request's Authorization header, which only writes read. */
export interface DossiersContext extends RequestContext {
  services: { apiKeys: ApiKeyService; ingestion: DossierIngestionService };
  authorization: string | undefined;
}
