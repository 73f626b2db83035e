import { Field, ID, InterfaceType } from 'type-graphql';

@InterfaceType({
  description: 'An object with a global id, fetchable with `node(id)`. Ids are stable across releases.',
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id, stable across releases.' })
  id!: string;
}
