import type { ApolloServerPlugin, HTTPGraphQLRequest } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { DocumentNode, GraphQLSchema, SelectionSetNode } from 'graphql';
import { collectFieldGroups, fragmentsOf } from './merged-selection';

/**
 * The extension that lets a Query field's answers be cached: put it only on fields whose whole
 * answer, at any depth, comes from tables whose changes bump catalogue_version (see
 * readCatalogueVersion). A field that reads anything else (dossier statistics, the clock) must not
 * carry it, nor be reachable from one that does.
 */
export const CACHED_UNTIL_CATALOGUE_CHANGES = { cachedUntilCatalogueChanges: true } as const;

/** Where a request's answer sits in the cache: its key, and the catalogue version and day it was asked at (`<version>@<YYYY-MM-DD>`). */
export interface CacheSlot {
  key: string;
  version: string;
}

export interface CachedAnswer {
  version: string;
  body: Buffer;
  headers: [string, string][];
  bytes: number;
  /** The operation's label in metrics and logs (see operationLabelPlugin). */
  operation: string;
}

/**
 * Whole answers to catalogue queries, as the exact bytes and headers sent, kept until the
 * catalogue changes. An answer is filed under the version read before it was computed; it is
 * served again only while the version still reads the same, so no client can get an answer older
 * than the last committed change (a write bumps the version in its own transaction). The key is
 * the request itself (query, operation, variables, extensions and the Accept header, which picks
 * the response type), so two equal requests get the same bytes. Only successful queries whose
 * root fields all carry CACHED_UNTIL_CATALOGUE_CHANGES are kept; the least recently used answers
 * go first past `capacityBytes`, and a capacity of 0 keeps nothing.
 */
export class ResponseCache {
  /** The answers, bounded by their bytes; null with a capacity of 0. */
  private readonly entries: LRUCache<string, CachedAnswer> | null;
  /** The requests Apollo answered cleanly with a cacheable operation (it copies contexts, not requests). */
  private readonly cacheable = new WeakSet<HTTPGraphQLRequest>();
  /** Operations (operation name and query text) seen to read more than the catalogue, the most recent last. */
  private readonly readingMore = new LRUCache<string, true>({ max: REMEMBERED_OPERATIONS });

  constructor(capacityBytes: number) {
    // An answer larger than the whole capacity is not kept (lru-cache's maxEntrySize defaults to maxSize).
    this.entries = capacityBytes > 0 ? new LRUCache({ maxSize: capacityBytes, sizeCalculation: (answer) => answer.bytes }) : null;
  }

  /**
   * The slot of a request that names a query or a persisted query's hash (a POST's JSON body, or a
   * GET's parameters; the same request either way gets the same bytes); null for anything else.
   */
  slotKey(parameters: unknown, accept: string | undefined): string | null {
    if (!this.entries || !parameters || typeof parameters !== 'object' || Array.isArray(parameters)) return null;
    const { query, operationName, variables, extensions } = parameters as Record<string, unknown>;
    if (typeof query !== 'string' && extensions === undefined) return null;
    return JSON.stringify([query ?? null, operationName ?? null, variables ?? null, extensions ?? null, accept ?? null]);
  }

  /**
   * True when the request's operation was seen to read more than the catalogue (statistics): its
   * answers are never kept, so nothing needs the catalogue's version for them, a statement saved.
   */
  readsMoreThanCatalogue(parameters: unknown): boolean {
    const operation = operationOf(parameters);
    return operation !== null && this.readingMore.has(operation);
  }

  /** The answer kept for this request at this version, with its headers. */
  get({ key, version }: CacheSlot): CachedAnswer | undefined {
    const entry = this.entries?.get(key);
    if (!entry || entry.version === version) return entry;
    // Never served again: the version only moves forward, and a day once past does not return.
    this.entries!.delete(key);
    return undefined;
  }

  /** Keeps an answer for the requests that fill `slot`. */
  set(slot: CacheSlot, body: Buffer, headers: [string, string][], operation: string): void {
    // Strings take up to two bytes a character (Vietnamese text is not Latin-1); the body is bytes.
    const bytes = 2 * slot.key.length + body.length + 64;
    this.entries?.set(slot.key, { version: slot.version, body, headers, bytes, operation });
  }

  /** True when Apollo answered `request` cleanly and its operation reads the catalogue alone: an answer HTTP caches may keep too. */
  mayKeep(request: HTTPGraphQLRequest): boolean {
    return this.cacheable.has(request);
  }

  /** The Apollo plugin that marks which answers may be kept: clean answers to catalogue-only queries. */
  plugin(): ApolloServerPlugin<object> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, operation, document, schema, errors, response }) => {
          if (!operation || !document) return;
          if (operation.operation !== 'query' || !readsCatalogueOnly(operation.selectionSet, document, schema)) {
            const name = operationOf(request);
            if (name !== null) this.readingMore.set(name, true);
            return;
          }
          const clean = !errors?.length && response.body.kind === 'single' && !response.body.singleResult.errors;
          if (clean && request.http) this.cacheable.add(request.http);
        },
      }),
    };
  }
}

/** Operations remembered as reading more than the catalogue: a dashboard's few, with room to spare. */
const REMEMBERED_OPERATIONS = 1_000;

/** An operation as its name and query text (a persisted query's hash stands for its text), or null when the request names none. */
function operationOf(parameters: unknown): string | null {
  if (!parameters || typeof parameters !== 'object') return null;
  const { query, operationName, extensions } = parameters as {
    query?: unknown;
    operationName?: unknown;
    extensions?: { persistedQuery?: { sha256Hash?: unknown } };
  };
  const hash = extensions?.persistedQuery?.sha256Hash;
  const text = typeof hash === 'string' ? hash : query;
  if (typeof text !== 'string') return null;
  return `${typeof operationName === 'string' ? operationName : ''}\u0000${text}`;
}

const INTROSPECTION_FIELDS = new Set(['__typename', '__schema', '__type']);

/** True when every root field selected, through fragments too, is a cached catalogue field or introspection. */
function readsCatalogueOnly(selectionSet: SelectionSetNode, document: DocumentNode, schema: GraphQLSchema): boolean {
  const rootFields = schema.getQueryType()!.getFields();
  return collectFieldGroups([selectionSet], fragmentsOf(document.definitions)).every(({ nodes: [field] }) => {
    const name = field.name.value;
    return INTROSPECTION_FIELDS.has(name) || rootFields[name]?.extensions.cachedUntilCatalogueChanges === true;
  });
}
