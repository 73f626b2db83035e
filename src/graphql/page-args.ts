import { ArgsType, Field, Int } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageArguments } from '../shared/pagination';

@ArgsType()
export class ForwardPageArgs implements PageArguments {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor.' })
  after?: string | null;
}

@ArgsType()
export class PageArgs extends ForwardPageArgs {
  @Field(() => Int, { nullable: true, description: `Page size from the end, 1 to ${MAX_PAGE_SIZE}; use with \`before\`.` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items before this cursor.' })
  before?: string | null;
}
