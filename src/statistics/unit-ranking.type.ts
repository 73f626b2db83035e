import { MaxLength } from 'class-validator';
import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AdministrativeLevel } from '../shared/levels';
import { DossierFigures } from './dossier-figures.type';
import { StatisticsFilterArgs } from './dossier-statistics.inputs';
import { METRICS, type MetricKey } from './statistics-methodology';
import { MetricDefinition } from './statistics-methodology.type';

const upperSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Every figure of DossierFigures can rank units: ON_TIME_RATE ranks on onTimeRate. */
const RankingMetric: Record<string, MetricKey> = Object.fromEntries(METRICS.map((m) => [upperSnake(m.key), m.key]));
registerEnumType(RankingMetric, {
  name: 'RankingMetric',
  description: 'A figure of DossierFigures to rank units on (ON_TIME_RATE ranks on onTimeRate); statisticsMethodology defines each.',
  valuesConfig: Object.fromEntries(METRICS.map((m) => [upperSnake(m.key), { description: `${m.name}: ${m.definition}` }])),
});

@ArgsType()
export class UnitRankingArgs extends StatisticsFilterArgs {
  @Field(() => String, { description: 'The unit whose direct sub-units are ranked (a province ranks its districts, a district its communes).' })
  @MaxLength(10)
  parentCode!: string;

  @Field(() => RankingMetric, { description: 'What to rank on; its direction (statisticsMethodology) decides whether higher or lower comes first.' })
  metric!: MetricKey;
}

@ObjectType({ simpleResolvers: true, description: "One sub-unit's place in a ranking, with all its figures so the value can be checked." })
export class UnitRankingEntry {
  @Field(() => Int, { nullable: true, description: 'Its rank (1 is first; equal values share a rank); null when its value is null.' })
  rank!: number | null;

  @Field(() => String, { description: 'The sub-unit (AdministrativeUnit.code).' })
  unitCode!: string;

  @Field(() => String, { description: "The sub-unit's name." })
  unitName!: string;

  @Field(() => AdministrativeLevel, { description: "The sub-unit's level." })
  unitLevel!: AdministrativeLevel;

  @Field(() => Float, { nullable: true, description: 'The metric: a count, or a rate as an unrounded fraction (0 to 1); null when its denominator is 0.' })
  value!: number | null;

  @Field(() => DossierFigures, { description: "The unit's figures for the period, the same as dossierStatistics gives for it with the same arguments." })
  figures!: DossierFigures;
}

@ObjectType({ simpleResolvers: true, description: 'Sub-units of a unit ranked on one metric over a period.' })
export class UnitRanking {
  @Field(() => String, { description: 'The unit whose sub-units are ranked.' })
  parentCode!: string;

  @Field(() => String, { description: "That unit's name." })
  parentName!: string;

  @Field(() => String, { description: 'First day of the period.' })
  from!: string;

  @Field(() => String, { description: 'Last day of the period, inclusive.' })
  to!: string;

  @Field(() => MetricDefinition, { description: 'The metric ranked on, defined.' })
  metric!: MetricDefinition;

  @Field(() => String, { description: 'How ties and units with nothing measured are ranked.' })
  tieRule!: string;

  @Field(() => [UnitRankingEntry], { description: 'Every direct sub-unit, first rank first.' })
  entries!: UnitRankingEntry[];
}
