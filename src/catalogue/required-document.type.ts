import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLURL } from 'graphql-scalars';

@ObjectType({ simpleResolvers: true, description: 'A document of the dossier (thành phần hồ sơ).' })
export class RequiredDocument {
  @Field(() => String, {
    nullable: true,
    description: 'The case (trường hợp) this document belongs to; null when the procedure has a single case.',
  })
  caseName!: string | null;

  @Field({ description: 'Vietnamese name of the document.' })
  name!: string;

  @Field(() => Int, { description: 'Number of originals (bản chính) to submit.' })
  originals!: number;

  @Field(() => Int, { description: 'Number of copies (bản sao) to submit.' })
  copies!: number;

  @Field({ description: 'False when the document is only needed in some situations.' })
  isRequired!: boolean;

  @Field(() => String, { nullable: true, description: 'Name of the form template (mẫu đơn, tờ khai), when there is one.' })
  formName!: string | null;

  @Field(() => GraphQLURL, { nullable: true, description: 'Where to download the form template.' })
  formUrl!: string | null;
}
