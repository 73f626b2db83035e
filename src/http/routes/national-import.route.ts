import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyService } from '../../dossiers/api-key.service';
import { parseDecision } from '../../importer/import-decision';
import type { ImportEvent, NationalImport, PackageResult } from '../../importer/national-import.service';
import { AppError } from '../../shared/errors';
import { toAppError, type ErrorLogger } from '../../shared/unexpected';
import { sendError } from '../plugins/errors';
import { pacedBody, type UploadPace } from '../plugins/upload-pace';
import type { HttpRoute } from './route';

/**
 * POST /import/national-packages: national procedure packages from the province's office (a
 * province catalogue key), as a JSON array, NDJSON, or the portal's `{"result": [...]}` wrapper
 * (also inside a `message` string), in constant memory whatever the size. Query: `dryRun=true`
 * (report, write nothing), `full=true` (the body is the whole list: local procedures missing from
 * it are removed), `decision=number|date|issuer` (the act the changes are made under).
 *
 * Answer: 200 and an NDJSON stream, one `packages` line per chunk once it is written (its counts
 * and its packages that are not UNCHANGED, at most MAX_LISTED in the whole answer), a `removals`
 * line with `full=true`, then `done` with the totals. Before anything is read: 401/403 without a
 * province key, 415 for another media type, 400 for a bad query or a body that is not JSON at all.
 */
const NATIONAL_IMPORT_PATH = '/import/national-packages';

/** Package results listed in one answer: enough to fix a file by; the counts stay exact beyond them. */
const MAX_LISTED = 1000;

const MEDIA_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl'];

export interface NationalImportDeps {
  apiKeys: Pick<ApiKeyService, 'authenticateCatalogue'>;
  importer: Pick<NationalImport, 'run'>;
  logError: ErrorLogger;
  /** How slowly a body may arrive (HTTP_LIMITS.bulkBody). */
  bodyPace: UploadPace;
}

export function nationalImportRoute(deps: NationalImportDeps): HttpRoute {
  return async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addHook('preParsing', async (request, _reply, payload) => pacedBody(request.raw, payload, deps.bodyPace));
    // The handler authenticates before the body is touched, and answers 415 itself.
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(NATIONAL_IMPORT_PATH, (request, reply) => handle(request, reply, deps));
  };
}

const flag = (value: unknown, name: string): boolean => {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new AppError('BAD_REQUEST', `${name} must be true or false`);
};

async function handle(request: FastifyRequest, reply: FastifyReply, deps: NationalImportDeps) {
  let events: AsyncGenerator<ImportEvent>;
  let first: IteratorResult<ImportEvent>;
  try {
    const principal = await deps.apiKeys.authenticateCatalogue(request.headers.authorization);
    if (principal.agencyCode !== null)
      throw new AppError('FORBIDDEN', 'an import needs a province catalogue key (npm run apikey:create -- --catalogue --province)');
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!MEDIA_TYPES.includes(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `send the packages as ${MEDIA_TYPES.join(', ')}`);
    const query = request.query as Record<string, unknown>;
    const unknown = Object.keys(query).filter((key) => !['dryRun', 'full', 'decision'].includes(key));
    if (unknown.length) throw new AppError('BAD_REQUEST', `unknown parameter ${unknown[0]}: the parameters are dryRun, full and decision`);
    if (query.decision !== undefined && (typeof query.decision !== 'string' || query.decision.length > 700)) {
      throw new AppError('BAD_REQUEST', 'decision must be one "number|date|issuer" of at most 700 characters');
    }
    const options = {
      dryRun: flag(query.dryRun, 'dryRun'),
      full: flag(query.full, 'full'),
      decision: typeof query.decision === 'string' ? parseDecision(query.decision) : null,
      author: { origin: 'IMPORT' as const, name: principal.name, keyId: principal.keyId, agencyCode: null },
    };
    events = deps.importer.run(request.body as Readable, options);
    first = await events.next();
  } catch (error) {
    return sendError(request, reply, toAppError(error, deps.logError));
  }
  const done = first.value as ImportEvent | undefined;
  if (done?.kind === 'done' && done.failure && done.totals.packages === 0) {
    return sendError(request, reply, new AppError('BAD_REQUEST', `no package could be read: ${done.failure}`));
  }
  return (
    reply
      .code(200)
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      // A body the handler stops reading early must not be read as the next request.
      .header('connection', 'close')
      .send(Readable.from(lines(first, events, deps.logError), { objectMode: true, highWaterMark: 1 }))
  );
}

/** The answer's lines; never throws: a failure becomes an `error` line (what was written before it stays written). */
async function* lines(first: IteratorResult<ImportEvent>, events: AsyncGenerator<ImportEvent>, logError: ErrorLogger): AsyncGenerator<string> {
  let listable = MAX_LISTED;
  let next = first;
  try {
    while (!next.done) {
      const event = next.value;
      if (event.kind === 'packages') {
        const worth = event.results.filter((result) => result.outcome !== 'UNCHANGED');
        const listed: PackageResult[] = worth.slice(0, Math.max(0, listable));
        listable -= listed.length;
        const counts: Record<string, number> = {};
        for (const result of event.results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
        yield `${JSON.stringify({ kind: 'packages', counts, results: listed, resultsOmitted: worth.length - listed.length })}\n`;
      } else {
        yield `${JSON.stringify(event)}\n`;
      }
      next = await events.next();
    }
  } catch (error) {
    const failure = toAppError(error, logError);
    yield `${JSON.stringify({ kind: 'error', code: failure.code, message: failure.message })}\n`;
  }
}
