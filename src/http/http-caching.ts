import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientHas } from './etag';

/**
 * The HTTP caching of GraphQL answers to GET requests. A catalogue read (every root field cached
 * until the catalogue changes) is the same for everyone until the catalogue changes or the day
 * does: public, for a short while, with the catalogue's version and day as its ETag, so browsers
 * and CDNs keep it and revalidate it for a 304. Anything else (statistics, which every ingestion
 * changes; errors; an operation that is not a catalogue read) is not to be stored by anyone.
 */
export interface HttpCaching {
  /** Marks a catalogue answer cacheable; true when the client's copy (If-None-Match) is current, to answer 304. */
  shared(request: FastifyRequest, reply: FastifyReply, version: string): boolean;
  notShared(reply: FastifyReply): void;
}

/** `maxAgeSeconds()`: how long a catalogue answer stays fresh from now (it never outlives the day it is for). */
export function httpCaching(maxAgeSeconds: () => number): HttpCaching {
  return {
    shared(request, reply, version) {
      const etag = `"${version}"`;
      // The same URL may be asked for JSON or for graphql-response+json: caches keep one per Accept.
      reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds()}`).header('vary', 'accept');
      return clientHas(request, etag);
    },
    notShared(reply) {
      reply.header('cache-control', 'no-store');
    },
  };
}
