import { Field, ID, InterfaceType } from 'type-graphql';

/** The object type of a Node: node() gives each object it finds its type's name. */
export const nodeTypeName = (value: { __typename?: string }) => value.__typename;

@InterfaceType({
  description: 'An object with a global id, fetchable with `node(id)`. Ids are stable across releases.',
  resolveType: nodeTypeName,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id, stable across releases.' })
  id!: string;
}
