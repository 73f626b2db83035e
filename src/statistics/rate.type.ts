import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description: 'A rate with its parts, so a reader can check it: value = numerator / denominator, null (not 0) when the denominator is 0.',
})
export class Rate {
  @Field(() => Int, { description: 'What is counted.' })
  numerator!: number;

  @Field(() => Int, { description: 'What it is counted out of.' })
  denominator!: number;

  @Field(() => Float, { nullable: true, description: 'numerator / denominator, unrounded (0 to 1); null when the denominator is 0.' })
  value!: number | null;

  @Field(() => Float, { nullable: true, description: 'The same as a percentage rounded to two decimals, as reports print it; null when the denominator is 0.' })
  percent!: number | null;
}
