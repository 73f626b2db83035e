import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './page-info.type';

/**
 * Builds the Edge and Connection object types of a Relay connection over `Node`; `EdgeBase`
 * adds fields of its own to every edge.
 */
export function Connection<T extends object>(Node: ClassType<T>, name: string, noun: string, EdgeBase: ClassType = class {}) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${noun} in a page, with its cursor.` })
  class EdgeType extends EdgeBase {
    @Field(() => Node, { description: `The ${noun}.` })
    node!: T;

    @Field({ description: 'Opaque cursor: pass it as `after` or `before` to continue from this edge.' })
    cursor!: string;
  }

  // A Page's parts are promises (each statement runs when first read): each field has a resolver
  // (not `simple`), as compiled execution awaits what a resolver returns but not a plain property.
  @ObjectType(`${name}Connection`, { description: `A page of ${noun}s (Relay connection, keyset-paginated).` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: `The ${noun}s of this page, in order.` })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Position of this page in the whole list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `Number of ${noun}s matching the arguments, over all pages.` })
    totalCount!: number;
  }
  return ConnectionType;
}
