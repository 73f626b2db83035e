import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asOfDay } from '../../catalogue/as-of';
import { feedPosition } from '../../catalogue/history/history-cursors';
import { dataPackage } from '../../opendata/datapackage';
import { LICENCE } from '../../opendata/licence';
import type { Download, OpenDataService } from '../../opendata/opendata.service';
import type { Snapshot } from '../../opendata/snapshot';
import { AppError, badInput } from '../../shared/errors';
import { toAppError, type ErrorLogger } from '../../shared/unexpected';
import { clientHas } from '../etag';
import { sendError } from '../plugins/errors';
import { single } from '../query-params';
import { OPENDATA_CATALOG_PATH, OPENDATA_FILE_PATH, OPENDATA_PACKAGE_PATH } from '../public-paths';
import { registerCompression } from '../plugins/compression';
import type { HttpRoute } from './route';

export interface OpenDataRouteOptions {
  openData: OpenDataService;
  /** The catalogue's version now: a catalogue download's ETag, checked before any snapshot is taken. */
  catalogueVersion(): Promise<number>;
  /** The statistics' version now: a statistics download's ETag. */
  statisticsVersion(): Promise<number>;
  /** Today in Vietnam: the default `asOf` and the date in file names. */
  today(): string;
  logError: ErrorLogger;
}

/**
 * Downloads hold a database connection while they stream (one snapshot each): beyond this many at
 * once, a download is answered 503 with Retry-After rather than starving the API's queries.
 */
const MAX_DOWNLOADS = 4;
/** How long a client may take to read a download before it is cut: a slow reader must not hold a snapshot for ever. */
const DOWNLOAD_DEADLINE_MS = 10 * 60_000;
/** Browsers and CDNs may keep a file this long, then revalidate (a 304 while the catalogue is unchanged). */
const CACHE_CONTROL = 'public, max-age=300, must-revalidate';
const LINK_LICENSE = `<${LICENCE.path}>; rel="license"`;

/**
 * The open-data downloads: `GET /opendata/<dataset>.<csv|ndjson>` (`?asOf=YYYY-MM-DD` for the
 * catalogue's datasets, `?bom=true` for Excel) `GET /opendata/datapackage.json` (Frictionless) and `GET /opendata/catalog.jsonld` (DCAT-AP 3). Each file is
 * streamed from one snapshot (constant memory), with an ETag and Last-Modified from the catalogue
 * version, or the statistics' (304 on a repeat), Cache-Control, gzip or brotli when asked, HEAD, a dated
 * Content-Disposition, the licence as a Link header, and the change feed's position in
 * `Catalogue-Feed-Position` so a client continues with `catalogueChanges(after:)` without a gap or
 * an overlap. Open to any origin. Errors as problem+json: unknown dataset 404, unknown format 406,
 * bad parameters 400.
 */
export function openDataRoute(options: OpenDataRouteOptions): HttpRoute {
  let downloads = 0;

  async function download(request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) {
    let parsed: { file: Download; day: string; bom: boolean };
    try {
      const file = options.openData.download(request.params.file);
      const asOf = single(request.query, 'asOf');
      if (asOf !== undefined && !file.asOf) throw badInput(`${file.id} has no history: asOf does not apply`, 'asOf');
      if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw badInput('asOf must be a day, YYYY-MM-DD', 'asOf');
      const bom = single(request.query, 'bom');
      if (bom !== undefined && (file.extension !== 'csv' || !['true', 'false'].includes(bom))) throw badInput('bom is true or false, for CSV files', 'bom');
      const day = asOfDay(asOf === undefined ? null : new Date(`${asOf}T00:00:00Z`), options.today());
      parsed = { file, day, bom: bom === 'true' };
    } catch (error) {
      return sendError(request, reply, toAppError(error, options.logError));
    }
    const { file, day, bom } = parsed;
    const statistics = file.changesWith === 'statistics';
    const etagOf = (version: number) => `"${file.id}-${file.extension}-${statistics ? 's' : ''}${version}-${day}${bom ? '-bom' : ''}"`;
    reply.header('cache-control', CACHE_CONTROL).header('link', LINK_LICENSE).header('vary', 'accept-encoding');
    const before = etagOf(await (statistics ? options.statisticsVersion() : options.catalogueVersion()));
    if (clientHas(request, before)) return reply.header('etag', before).code(304).send();
    if (downloads >= MAX_DOWNLOADS) {
      return sendError(request, reply, new AppError('SERVICE_UNAVAILABLE', `${MAX_DOWNLOADS} downloads are streaming; try again in a few seconds`));
    }

    downloads++;
    let snapshot: Snapshot;
    try {
      snapshot = await options.openData.snapshot(DOWNLOAD_DEADLINE_MS);
    } catch (error) {
      downloads--;
      return sendError(request, reply, toAppError(error, options.logError));
    }
    reply
      .header('etag', etagOf(statistics ? snapshot.statistics.version : snapshot.catalogueVersion))
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="${file.id}-${day}.${file.extension}"`);
    const modified = statistics ? snapshot.statistics.changedAt : snapshot.changedAt;
    if (modified) reply.header('last-modified', modified.toUTCString());
    if (!statistics && snapshot.feedPosition !== null) reply.header('catalogue-feed-position', feedPosition.encode(snapshot.feedPosition));
    let released = false;
    const release = (broken: boolean) => {
      if (released) return;
      released = true;
      downloads--;
      void snapshot.close(broken);
    };
    if (request.method === 'HEAD') {
      release(false);
      return reply.send();
    }
    const body = Readable.from(file.file(snapshot, day, { bom, base: `${request.protocol}://${request.host}` }), { highWaterMark: 4 });
    const deadline = setTimeout(() => body.destroy(new Error('download deadline passed')), DOWNLOAD_DEADLINE_MS);
    body.once('end', () => release(false));
    // A failure mid-stream cuts the file short (the client sees no last line, no final chunk): logged, as nothing else would tell.
    body.once('error', (error) => {
      if (!request.raw.destroyed) toAppError(error, options.logError);
    });
    body.once('close', () => {
      clearTimeout(deadline);
      // Closed before its end: the cursor may be mid-fetch, so the connection is not reused.
      release(!body.readableEnded);
    });
    return reply.send(body);
  }

  return async (scope) => {
    await registerCompression(scope);
    scope.route({ method: ['GET', 'HEAD', 'OPTIONS'], url: OPENDATA_FILE_PATH, exposeHeadRoute: false, handler: download });
    scope.route({
      method: ['GET', 'OPTIONS'],
      url: OPENDATA_CATALOG_PATH,
      handler: async (request, reply) => {
        const etag = `"catalog-${await options.catalogueVersion()}-${await options.statisticsVersion()}"`;
        reply.header('etag', etag).header('cache-control', CACHE_CONTROL).header('link', LINK_LICENSE);
        if (clientHas(request, etag)) return reply.code(304).send();
        return reply.type('application/ld+json; charset=utf-8').send(await options.openData.catalog(`${request.protocol}://${request.host}`, options.today()));
      },
    });
    scope.route({
      method: ['GET', 'OPTIONS'],
      url: OPENDATA_PACKAGE_PATH,
      handler: async (request, reply) => {
        const version = await options.catalogueVersion();
        const etag = `"datapackage-${version}"`;
        reply.header('etag', etag).header('cache-control', CACHE_CONTROL).header('link', LINK_LICENSE);
        if (clientHas(request, etag)) return reply.code(304).send();
        const base = `${request.protocol}://${request.host}`;
        return reply.type('application/json; charset=utf-8').send(dataPackage(options.openData.datasets(), base, null));
      },
    });
  };
}
