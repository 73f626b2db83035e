import { Field, ObjectType } from 'type-graphql';
import { AdministrativeLevel } from '../shared/levels';
import { PeriodDossierFigures } from './dossier-figures.type';

@ObjectType({ simpleResolvers: true, description: 'Dossier statistics of a unit over a period, computed from daily rollups of the dossiers agencies pushed.' })
export class DossierStatistics extends PeriodDossierFigures {
  @Field(() => String, { description: 'The unit (AdministrativeUnit.code).' })
  unitCode!: string;

  @Field(() => String, { description: "The unit's name." })
  unitName!: string;

  @Field(() => Boolean, { description: "Whether the sub-units' dossiers are included." })
  includeSubunits!: boolean;

  @Field(() => AdministrativeLevel, { nullable: true, description: 'The procedure level the figures are limited to, if any.' })
  level!: AdministrativeLevel | null;

  @Field(() => String, { nullable: true, description: 'The field the figures are limited to, if any.' })
  fieldCode!: string | null;

  @Field(() => String, { nullable: true, description: 'The procedure the figures are limited to, if any.' })
  procedureCode!: string | null;
}
