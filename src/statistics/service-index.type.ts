import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Rate } from './rate.type';
import { ServiceIndexGroupDefinition, ServiceIndexIndicatorDefinition } from './statistics-methodology.type';

@ObjectType({ simpleResolvers: true, description: 'One indicator of the service index for a unit and period.' })
export class ServiceIndexIndicator extends ServiceIndexIndicatorDefinition {
  @Field(() => Rate, { nullable: true, description: 'What the score is made from; null when dossier data cannot support the indicator.' })
  rate!: Rate | null;

  @Field(() => Float, { nullable: true, description: 'Points, rounded to two decimals; null when not computable or nothing was measured (denominator 0).' })
  score!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'One group of the service index for a unit and period.' })
export class ServiceIndexGroup extends ServiceIndexGroupDefinition {
  @Field(() => [ServiceIndexIndicator], { description: 'Its indicators with their rates and scores, including those dossier data cannot support.' })
  declare indicators: ServiceIndexIndicator[];

  @Field(() => Float, { description: 'Sum of the scored indicators, capped at the maximum.' })
  score!: number;

  @Field(() => Float, { description: 'The points the scored indicators could have given: the score is out of this, not out of maximum.' })
  scoredMaximum!: number;
}

@ObjectType({ simpleResolvers: true, description: 'The Decision 766/QĐ-TTg service index as far as dossier data supports it.' })
export class ServiceIndex {
  @Field(() => String, { description: 'The unit (AdministrativeUnit.code).' })
  unitCode!: string;

  @Field(() => String, { description: "The unit's name." })
  unitName!: string;

  @Field(() => String, { description: 'First day of the period.' })
  from!: string;

  @Field(() => String, { description: 'Last day of the period, inclusive.' })
  to!: string;

  @Field(() => Float, { description: 'Sum of the group scores.' })
  score!: number;

  @Field(() => Float, {
    description:
      'The points the scored indicators could have given. Indicators dossier data cannot support score nothing, so compare score with this, not with maximum.',
  })
  scoredMaximum!: number;

  @Field(() => Float, { description: 'The full index: 100 points.' })
  maximum!: number;

  @Field(() => Int, { description: 'Of the dossiers received in the period, how many are representative seed dossiers, not real records.' })
  representativeReceived!: number;

  @Field(() => [ServiceIndexGroup], { description: 'The six groups of the decision, 100 points in all.' })
  groups!: ServiceIndexGroup[];
}
