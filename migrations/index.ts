import { CatalogueSchema1732240000000 } from './1732240000000-CatalogueSchema';
import { ProcedureSearch1732300000000 } from './1732300000000-ProcedureSearch';
import { SearchProjection1732400000000 } from './1732400000000-SearchProjection';
import { CatalogueVersionCoverage1732500000000 } from './1732500000000-CatalogueVersionCoverage';
import { DossierStatistics1732600000000 } from './1732600000000-DossierStatistics';
import { RollupsWithoutUnitKeys1732610000000 } from './1732610000000-RollupsWithoutUnitKeys';
import { LeastPrivilegeRoles1732620000000 } from './1732620000000-LeastPrivilegeRoles';
import { UnitRollups1732630000000 } from './1732630000000-UnitRollups';
import { SubtreeRollups1732640000000 } from './1732640000000-SubtreeRollups';
import { CatalogueWriter1732650000000 } from './1732650000000-CatalogueWriter';
import { CatalogueHistory1732700000000 } from './1732700000000-CatalogueHistory';
import { CatalogueEdits1732800000000 } from './1732800000000-CatalogueEdits';
import { StatisticsVersion1732900000000 } from './1732900000000-StatisticsVersion';
import { PublishedPrecision1733000000000 } from './1733000000000-PublishedPrecision';
import { FilteredPageIndexes1733100000000 } from './1733100000000-FilteredPageIndexes';
import { SearchDocumentTrigrams1733200000000 } from './1733200000000-SearchDocumentTrigrams';
import { CatalogueVersionCheck1733300000000 } from './1733300000000-CatalogueVersionCheck';

/** Every migration in order. Listed explicitly so the same list works from sources and from dist. */
export const migrations = [
  CatalogueSchema1732240000000,
  ProcedureSearch1732300000000,
  SearchProjection1732400000000,
  CatalogueVersionCoverage1732500000000,
  DossierStatistics1732600000000,
  RollupsWithoutUnitKeys1732610000000,
  LeastPrivilegeRoles1732620000000,
  UnitRollups1732630000000,
  SubtreeRollups1732640000000,
  CatalogueWriter1732650000000,
  CatalogueHistory1732700000000,
  CatalogueEdits1732800000000,
  StatisticsVersion1732900000000,
  PublishedPrecision1733000000000,
  FilteredPageIndexes1733100000000,
  SearchDocumentTrigrams1733200000000,
  CatalogueVersionCheck1733300000000,
];
