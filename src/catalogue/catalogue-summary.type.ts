import { Field, Int, ObjectType } from 'type-graphql';
import { AdministrativeLevel } from '../shared/levels';
import { OnlineServiceLevel } from './catalogue.enums';
import { FieldType } from './field.type';

@ObjectType({ simpleResolvers: true, description: 'Number of procedures at one level.' })
export class LevelCount {
  @Field(() => AdministrativeLevel, { description: 'The level.' })
  level!: AdministrativeLevel;

  @Field(() => Int, { description: 'Procedures at this level.' })
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Number of procedures in one field.' })
export class FieldCount {
  @Field(() => FieldType, { description: 'The field.' })
  field!: FieldType;

  @Field(() => Int, { description: 'Procedures in this field.' })
  count!: number;

  fieldId!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Number of procedures with one online-service level.' })
export class OnlineServiceLevelCount {
  @Field(() => OnlineServiceLevel, { description: 'The online-service level.' })
  onlineServiceLevel!: OnlineServiceLevel;

  @Field(() => Int, { description: 'Procedures with this level.' })
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Number of procedures inside or outside the one-stop mechanism.' })
export class OneStopCount {
  @Field({ description: 'Whether the procedures are one-stop.' })
  isOneStop!: boolean;

  @Field(() => Int, { description: 'Procedures with this value.' })
  count!: number;
}

@ObjectType({ simpleResolvers: true, description: 'Number of procedures at one level, inside or outside the one-stop mechanism.' })
export class LevelOneStopCount {
  @Field(() => AdministrativeLevel, { description: 'The level.' })
  level!: AdministrativeLevel;

  @Field({ description: 'Whether the procedures are one-stop.' })
  isOneStop!: boolean;

  @Field(() => Int, { description: 'Procedures with this level and value.' })
  count!: number;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Counts over the catalogue (or over the procedures matching a filter), computed by SQL from the stored records. ' +
    'Enumerated groups list every value, zero counts included; fields list only those with procedures.',
})
export class CatalogueSummary {
  @Field(() => Int, { description: 'Number of procedures.' })
  total!: number;

  @Field(() => Int, { description: 'How many of them are representative records, not real national procedures.' })
  representativeCount!: number;

  @Field(() => [LevelCount], { description: 'Counts by level.' })
  byLevel!: LevelCount[];

  @Field(() => [FieldCount], { description: 'Counts by field, largest first.' })
  byField!: FieldCount[];

  @Field(() => [OnlineServiceLevelCount], { description: 'Counts by online-service level.' })
  byOnlineServiceLevel!: OnlineServiceLevelCount[];

  @Field(() => [OneStopCount], { description: 'Counts of one-stop and other procedures.' })
  byOneStop!: OneStopCount[];

  @Field(() => [LevelOneStopCount], { description: 'Counts by level and one-stop together.' })
  byLevelAndOneStop!: LevelOneStopCount[];
}
