export interface Edge<T> {
  node: T;
  cursor: string;
}

/** Where a page sits in its list. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A page's edges and where it sits; its first and last cursors are encoded when read (most
 * clients select neither, and a keyset cursor holds the row's whole sort key).
 */
export function pageOf<T>(edges: Edge<T>[], hasNextPage: boolean, hasPreviousPage: boolean): { edges: Edge<T>[]; pageInfo: PageInfo } {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
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
export function lazyPage<T>(loadPage: () => Promise<{ edges: Edge<T>[]; pageInfo: PageInfo }>, count: () => Promise<number>): Page<T> {
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
