import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description: 'A figure officials published, beside the value this service computes for the same unit, period and metric.',
})
export class PublishedFigure {
  @Field(() => String, { description: 'The unit the figure is about (AdministrativeUnit.code).' })
  unitCode!: string;

  @Field(() => String, { description: "The unit's name as published." })
  unitName!: string;

  @Field(() => String, { nullable: true, description: 'First day of the period (YYYY-MM-DD); null for a figure at a date.' })
  periodStart!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day of the period, or the date of a snapshot; null when the source gave none.' })
  periodEnd!: string | null;

  @Field(() => String, { description: 'What is measured, e.g. dossiers_received or online_rate_pct (see statisticsMethodology for how it is computed).' })
  metric!: string;

  @Field(() => Float, { description: 'The published value.' })
  value!: number;

  @Field(() => String, { description: "The source's caveats: derivations, parts that do not add up." })
  note!: string;

  @Field(() => String, { description: 'Where it was published.' })
  source!: string;

  @Field(() => Float, { nullable: true, description: "The value computed from this service's data; null when it cannot be (see notComputedBecause)." })
  computed!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the computed value equals the published one at the published precision; null when nothing is computed.',
  })
  agrees!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Why no value is computed, when none is.' })
  notComputedBecause!: string | null;
}
