import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './page-info.type';

export interface Edge<T> {
  node: T;
  cursor: string;
}

/**
 * What a list service returns. Each part runs its statement when a client's selection first reads
 * it: the page and `totalCount` then run side by side, and a part nobody selected costs nothing.
 */
export interface Page<T> {
  readonly edges: Promise<Edge<T>[]>;
  readonly pageInfo: Promise<PageInfo>;
  readonly totalCount: Promise<number>;
}

/** Runs `load` on the first call and hands every caller the same promise. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= load());
}

/** A Page over the statement that reads the page and the one that counts; each runs at most once. */
export function lazyPage<T>(
  loadPage: () => Promise<{ edges: Edge<T>[]; pageInfo: PageInfo }>,
  count: () => Promise<number>,
): Page<T> {
  const page = once(loadPage);
  const total = once(count);
  return {
    get edges() {
      return page().then((p) => p.edges);
    },
    get pageInfo() {
      return page().then((p) => p.pageInfo);
    },
    get totalCount() {
      return total();
    },
  };
}

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

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${noun}s (Relay connection, keyset-paginated).` })
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
