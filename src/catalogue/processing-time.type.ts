import { Field, Float, ObjectType } from 'type-graphql';
import { TimeUnit } from './catalogue.enums';

@ObjectType({ simpleResolvers: true, description: 'How long the agency has to resolve a dossier on one channel.' })
export class ProcessingTime {
  @Field(() => Float, { nullable: true, description: 'Number of units; null when the catalogue sets no fixed time.' })
  value!: number | null;

  @Field(() => TimeUnit, { nullable: true, description: 'Unit of `value`; null with it.' })
  unit!: TimeUnit | null;

  @Field({ description: 'The catalogue\'s own text, verbatim (e.g. "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ").' })
  description!: string;
}
