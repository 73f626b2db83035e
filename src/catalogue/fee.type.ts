import { Field, ObjectType } from 'type-graphql';
import { GraphQLNonNegativeInt } from 'graphql-scalars';
import { FeeKind } from './catalogue.enums';

@ObjectType({ simpleResolvers: true, description: 'A fee (phí) or state charge (lệ phí) due on one channel.' })
export class Fee {
  @Field(() => FeeKind, { description: 'FEE (phí) or CHARGE (lệ phí).' })
  kind!: FeeKind;

  @Field(() => GraphQLNonNegativeInt, {
    nullable: true,
    description: 'Amount in VND; 0 when free; null when the catalogue sets no fixed amount (see description).',
  })
  amountVnd!: number | null;

  @Field({ description: "The catalogue's own text, verbatim, with exemptions and reductions." })
  description!: string;
}
