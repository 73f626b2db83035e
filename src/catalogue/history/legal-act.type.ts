import { GraphQLDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description: "A legal act that changed the catalogue: in practice the province's decision announcing the change (quyết định công bố).",
})
export class LegalAct {
  @Field({ description: 'Number as printed, e.g. `1234/QĐ-UBND`.' })
  number!: string;

  @Field({ description: 'Vietnamese title.' })
  title!: string;

  @Field({ description: 'Who signed it, e.g. Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn.' })
  issuer!: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'Date of issue; null when unknown.' })
  issuedOn!: string | null;

  @Field({
    description:
      'true when this act was generated for the representative seed data: it does not exist and must not be cited. ' +
      'false for an act a change was recorded with by an agency or an import.',
  })
  isRepresentative!: boolean;
}
