import { Field, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';

@ObjectType({ simpleResolvers: true, description: 'A law, decree or circular cited as legal basis (căn cứ pháp lý).' })
export class LegalDocument {
  @Field({ description: 'Number as printed, e.g. `60/2014/QH13`.' })
  number!: string;

  @Field({ description: 'Vietnamese title.' })
  title!: string;

  @Field({ description: 'Issuing body, e.g. Quốc hội, Chính phủ, Bộ Tư pháp.' })
  issuer!: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'Date of issue; null when unknown.' })
  issuedOn!: string | null;
}
