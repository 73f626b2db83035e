import type { RequestContext } from '../graphql/context';
import type { OpenDataService } from './opendata.service';

/** What the open-data resolver uses. */
export interface OpenDataContext extends RequestContext {
  services: { openData: OpenDataService };
}
