import type { RequestContext } from '../graphql/context';
import type { createUnitLoaders } from './administrative-unit.loaders';
import type { AdministrativeUnitService } from './administrative-unit.service';

/** What the units' resolvers use. */
export interface UnitsContext extends RequestContext {
  services: { units: AdministrativeUnitService };
  loaders: ReturnType<typeof createUnitLoaders>;
}
