import type { FastifyReply, FastifyRequest } from 'fastify';
import { changesPage } from '../../portal/changes.page';
import { errorPage } from '../../portal/error.page';
import { openDataPage } from '../../portal/open-data.page';
import type { LoadedPortalAssets } from '../../portal/portal-assets';
import type { RunQuery } from '../../graphql/in-process-query';
import { procedurePage } from '../../portal/procedure/procedure.page';
import { homePage } from '../../portal/search/home.page';
import { statisticsPage } from '../../portal/statistics/statistics.page';
import { HTTP_STATUS } from '../../shared/error-status';
import { RETRY_AFTER_SECONDS } from '../../shared/retry-after';
import { toAppError, type ErrorLogger } from '../../shared/unexpected';
import { clientHas } from '../etag';
import { registerCompression } from '../plugins/compression';
import type { HttpRoute } from './route';

export interface PortalRouteOptions {
  run: RunQuery;
  assets: LoadedPortalAssets;
  /** Today's day (YYYY-MM-DD, Vietnam's calendar): the dashboard's default period ends on it. */
  today(): string;
  logError: ErrorLogger;
}

/**
 * Scripts and styles from this server only, no inline code, nothing framed: the pages show text
 * agencies typed, and this keeps any that slipped through escaping from running.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The URL's query string, as the pages read it (repeated names kept, as facets need). */
const queryOf = (request: FastifyRequest) => new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');

/**
 * The portal and dashboard (`/`, `/thu-tuc/:code`, `/thong-ke`, `/du-lieu`, `/thay-doi`):
 * server-rendered HTML from the public GraphQL schema, and their built scripts and styles under
 * `/assets/`. Bad input is a 400 page, an unknown procedure a 404 page, never a 500.
 */
export function portalRoute(options: PortalRouteOptions): HttpRoute {
  const { run, assets } = options;

  async function page(reply: FastifyReply, render: () => Promise<string>) {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    try {
      const body = await render();
      // Pages follow the catalogue and the statistics: always revalidated, never served stale.
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body);
    } catch (error) {
      const appError = toAppError(error, options.logError);
      const status = HTTP_STATUS[appError.code];
      if (status === 503) reply.header('retry-after', RETRY_AFTER_SECONDS);
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(errorPage(status, appError.message, appError.code, assets));
    }
  }

  return async (scope) => {
    await registerCompression(scope);
    scope.get('/', (request, reply) => page(reply, () => homePage(queryOf(request), run, assets)));
    scope.get<{ Params: { code: string } }>('/thu-tuc/:code', (request, reply) => page(reply, () => procedurePage(request.params.code, run, assets)));
    scope.get('/thong-ke', (request, reply) => page(reply, () => statisticsPage(queryOf(request), options.today(), run, assets)));
    scope.get('/du-lieu', (_request, reply) => page(reply, () => openDataPage(run, assets)));
    scope.get('/thay-doi', (request, reply) => page(reply, () => changesPage(queryOf(request), run, assets)));
    scope.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
      const asset = assets.get(request.params.file);
      if (!asset) return reply.callNotFound();
      const etag = `"${asset.version}"`;
      // A URL with the content's version never changes; without it, the browser checks each time.
      const versioned = (request.query as { v?: string }).v === asset.version;
      reply
        .header('etag', etag)
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff');
      if (clientHas(request, etag)) return reply.code(304).send();
      return reply.type(asset.type).send(asset.body);
    });
  };
}
