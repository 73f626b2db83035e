import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { FormulaBasis } from './service-index';
import { MetricDirection, MetricKind } from './statistics-methodology';

registerEnumType(MetricKind, {
  name: 'MetricKind',
  description: 'What sort of figure a metric is.',
  valuesConfig: {
    FLOW: { description: 'Dossiers counted on a day inside the period.' },
    STOCK: { description: 'Dossiers in a state at the start or end of the period.' },
    RATE: { description: 'A numerator over a denominator, given with both.' },
  },
});

registerEnumType(MetricDirection, {
  name: 'MetricDirection',
  description: 'How a metric is read when units are compared, and so the order of unitRanking.',
  valuesConfig: {
    HIGHER_IS_BETTER: { description: 'More is better: ranked highest first.' },
    LOWER_IS_BETTER: { description: 'Less is better: ranked lowest first.' },
    VOLUME: { description: 'Neither better nor worse, only more or less work: ranked largest first.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'What a dossier figure counts, in words a reader can check against the raw data.' })
export class MetricDefinition {
  @Field(() => String, { description: 'The field of DossierFigures that carries it (e.g. onTimeRate).' })
  key!: string;

  @Field(() => String, { description: 'Its name in reports.' })
  name!: string;

  @Field(() => MetricKind, { description: 'A count over the period, a state at its start or end, or a rate.' })
  kind!: MetricKind;

  @Field(() => String, { description: 'What is counted.' })
  definition!: string;

  @Field(() => String, { description: 'The day on which a dossier counts.' })
  countedOn!: string;

  @Field(() => String, { nullable: true, description: 'For a rate, what is counted over the denominator.' })
  numerator!: string | null;

  @Field(() => String, { nullable: true, description: 'For a rate, what the numerator is counted out of.' })
  denominator!: string | null;

  @Field(() => MetricDirection, { description: 'Whether more is better, less is better, or neither.' })
  direction!: MetricDirection;

  @Field(() => String, { description: 'Where the definition comes from.' })
  source!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A rule that holds for every figure.' })
export class MethodologyPrinciple {
  @Field(() => String, { description: 'What the rule is about.' })
  topic!: string;

  @Field(() => String, { description: 'The rule.' })
  text!: string;
}

registerEnumType(FormulaBasis, {
  name: 'FormulaBasis',
  description: 'Where a service-index formula comes from.',
  valuesConfig: {
    DECISION_TEXT: { description: 'Paraphrased from the text of Decision 766/QĐ-TTg.' },
    FITTED: { description: 'Fitted to published scores, not read from the legal text: treat the score as an estimate.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One indicator of the Decision 766/QĐ-TTg service index.' })
export class ServiceIndexIndicatorDefinition {
  @Field(() => String, { description: 'Stable identifier of the indicator (e.g. handledWithinDeadline).' })
  key!: string;

  @Field(() => String, { description: 'The indicator in words.' })
  name!: string;

  @Field(() => Float, { description: 'Most points the indicator can give.' })
  maximum!: number;

  @Field(() => String, { description: 'How the score is made.' })
  formula!: string;

  @Field(() => FormulaBasis, { description: 'Whether the formula paraphrases the decision or was fitted to published scores.' })
  basis!: FormulaBasis;

  @Field(() => String, { nullable: true, description: 'Why dossier data cannot support this indicator; null when it can.' })
  notComputableBecause!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One group of the Decision 766/QĐ-TTg service index.' })
export class ServiceIndexGroupDefinition {
  @Field(() => String, { description: 'Stable identifier of the group (e.g. TIMELINESS).' })
  key!: string;

  @Field(() => String, { description: 'The group in words.' })
  name!: string;

  @Field(() => Float, { description: 'Most points of the group; the sum of its indicators is capped at it.' })
  maximum!: number;

  @Field(() => [ServiceIndexIndicatorDefinition], { description: 'Its indicators, including those dossier data cannot support.' })
  indicators!: ServiceIndexIndicatorDefinition[];
}

@ObjectType({ simpleResolvers: true, description: 'How every statistic of this service is computed, as data.' })
export class StatisticsMethodology {
  @Field(() => [MethodologyPrinciple], { description: 'Rules that hold for every figure: calendar, source, rates, ranking, representative data.' })
  principles!: MethodologyPrinciple[];

  @Field(() => [MetricDefinition], { description: 'Every figure of DossierFigures, defined.' })
  metrics!: MetricDefinition[];

  @Field(() => [ServiceIndexGroupDefinition], { description: 'The groups and indicators of serviceIndex, with their formulas and what cannot be computed.' })
  serviceIndex!: ServiceIndexGroupDefinition[];
}
