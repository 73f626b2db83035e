import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'One step of the procedure (trình tự thực hiện).' })
export class ProcedureStep {
  @Field(() => Int, { description: 'Order of the step within the procedure, from 1.' })
  position!: number;

  @Field(() => String, { nullable: true, description: 'The case this step belongs to; null for a single case.' })
  caseName!: string | null;

  @Field({ description: 'What happens in this step, in Vietnamese.' })
  description!: string;
}
