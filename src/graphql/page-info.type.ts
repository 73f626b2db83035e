import { Field, ObjectType } from 'type-graphql';
import type { PageInfo as PageInfoData } from '../shared/page';

@ObjectType({ simpleResolvers: true, description: 'Where a page sits in a Relay connection.' })
export class PageInfo implements PageInfoData {
  @Field({ description: 'True when more items follow the last edge in the current direction.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede the first edge.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}
