import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogueHistoryService } from '../../catalogue/history/catalogue-history.service';
import { DEFAULT_FEED_PAGE, MAX_FEED_PAGE } from '../../catalogue/history/catalogue-history.service';
import { feedPosition } from '../../catalogue/history/history-cursors';
import type { CatalogueChange } from '../../catalogue/history/procedure-version.type';
import { publishedProcedure, WHOLE_RECORD } from '../../catalogue/procedure-record.sql';
import { AppError, badInput } from '../../shared/errors';
import { CHANGES_ATOM_PATH, CHANGES_PATH } from '../public-paths';
import { clientHas } from '../etag';
import { sendError } from '../plugins/errors';
import { single } from '../query-params';
import { atomFeed } from './atom-feed';
import type { HttpRoute } from './route';

/** Entries of the Atom feed: the latest changes, as a feed reader shows them. */
const ATOM_ENTRIES = 50;

export interface ChangesRouteOptions {
  history: CatalogueHistoryService;
  /** The catalogue's version now: it changes with every change recorded, so it is the feeds' ETag. */
  catalogueVersion(): Promise<number>;
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_FEED_PAGE;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_FEED_PAGE)
    throw badInput(`limit must be a whole number from 1 to ${MAX_FEED_PAGE}`, 'limit');
  return Number(raw);
}

/** A change as a line of the feed: the GraphQL shape, with codes rather than internal ids. */
function published({ procedureId: _, procedure, ...change }: CatalogueChange): string {
  return JSON.stringify({ ...change, procedure: procedure && publishedProcedure(procedure) });
}

/**
 * Changes read, encoded and sent per step: a page of 1,000 whole records is about 4 MB of JSON,
 * which would take a turn of the event loop of a tenth of a second to parse, join and encode at once.
 */
const CHANGES_PER_STEP = 100;

/**
 * The NDJSON body: up to `limit` changes after a stored position, a step at a time, then the line
 * with the position to ask from next. A response cut short (the database failing midway) lacks
 * that line, so a client can tell it is incomplete.
 */
async function* feedBody(history: CatalogueHistoryService, after: string | null, limit: number): AsyncGenerator<Buffer> {
  let last = after;
  for (let sent = 0; sent < limit;) {
    const batch = await history.changesAfter(last, Math.min(CHANGES_PER_STEP, limit - sent), WHOLE_RECORD);
    if (batch.length === 0) break;
    yield Buffer.from(`${batch.map(published).join('\n')}\n`);
    sent += batch.length;
    last = feedPosition.decode(batch.at(-1)!.position, 'after');
  }
  const hasMore = (await history.changesAfter(last, 1, null)).length > 0;
  yield Buffer.from(`${JSON.stringify({ next: last === null ? null : feedPosition.encode(last), hasMore })}\n`);
}

/**
 * The change feed over plain HTTP, for integrators and journalists who do not speak GraphQL:
 * `GET /changes?after=POSITION&limit=N` as NDJSON (one change a line, each with the whole
 * procedure as its version has it, then a line with the position to ask from next), and
 * `GET /changes.atom`, the latest changes for feed readers, removals as RFC 6721 deleted entries.
 * Both answer 304 to a client whose ETag is current (the catalogue's version), are open to any
 * origin (PUBLIC_PATHS), and refuse bad parameters as problem+json.
 */
export function changesRoute(options: ChangesRouteOptions): HttpRoute {
  /** The ETag of the feeds now; true (and a 304 sent) when the client's copy is current. */
  async function notModified(request: FastifyRequest, reply: FastifyReply, kind: string): Promise<boolean> {
    const etag = `"${kind}-${await options.catalogueVersion()}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (!clientHas(request, etag)) return false;
    await reply.code(304).send();
    return true;
  }

  return async (scope) => {
    // OPTIONS: the preflight, answered by the CORS plugin before any handler (see PUBLIC_PATHS).
    scope.route({
      method: ['GET', 'OPTIONS'],
      url: CHANGES_PATH,
      handler: async (request, reply) => {
        let after: string | null;
        let limit: number;
        try {
          const given = single(request.query, 'after');
          after = given === undefined || given === '' ? null : feedPosition.decode(given, 'after');
          limit = limitOf(single(request.query, 'limit'));
        } catch (error) {
          if (error instanceof AppError) return sendError(request, reply, error);
          throw error;
        }
        if (await notModified(request, reply, 'changes')) return reply;
        return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(feedBody(options.history, after, limit)));
      },
    });

    scope.route({
      method: ['GET', 'OPTIONS'],
      url: CHANGES_ATOM_PATH,
      handler: async (request, reply) => {
        if (await notModified(request, reply, 'atom')) return reply;
        const latest = await options.history.latestChanges(ATOM_ENTRIES, new Set(['field']));
        return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(latest));
      },
    });
  };
}
