import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { ErrorLogger } from '../graphql/format-error';
import { RETRY_AFTER_SECONDS } from '../graphql/unavailable-errors';
import type { ApiKeyPrincipal, ApiKeyService } from './api-key.service';
import type { DossierIngestionService, IngestItemResult } from './dossier-ingestion.service';
import { BODY_MEDIA_TYPES, MalformedBody, readDossierChunks, type BodyFormat, type StreamRecord } from './dossier-stream';

/**
 * POST /ingest/dossiers: dossiers in bulk from agencies' systems, as NDJSON (application/x-ndjson
 * or application/jsonl, one JSON object a line) or CSV (text/csv, UTF-8, a header row of
 * DossierInput's field names, BOM allowed), authenticated with `Authorization: Bearer <key>`.
 *
 * Limits, and why:
 * - no limit on the body's size: it is read a chunk at a time, and the next chunk is read from the
 *   socket only once the previous one is committed and reported, so memory stays constant;
 * - MAX_CHUNK (1000) records per chunk: one transaction each, so a failure loses at most one
 *   chunk's work and the row locks of one unit are never held for long;
 * - MAX_RECORD_BYTES (64 KiB) per NDJSON line or CSV record: a dossier is under 1 KiB; a longer
 *   NDJSON line is rejected alone, a longer CSV record ends the body (its boundaries are lost).
 *
 * Answer: 200 and an NDJSON stream, one line per chunk as soon as it is committed (its counts and
 * its STALE and REJECTED items with their line numbers), then a `done` line. Before anything is
 * written: 401 without a valid key, 415 for another media type, 400 when the first chunk cannot
 * be read (unknown CSV column, broken CSV). Replays are idempotent, so after a `done: false` the
 * sender may send the whole body again.
 */
export const BULK_INGEST_PATH = '/ingest/dossiers';

export interface BulkIngestDeps {
  apiKeys: Pick<ApiKeyService, 'authenticate'>;
  ingestion: Pick<DossierIngestionService, 'ingest'>;
  logError: ErrorLogger;
}

type Counts = { created: number; updated: number; unchanged: number; stale: number; rejected: number };
const OUTCOME_COUNT = { CREATED: 'created', UPDATED: 'updated', UNCHANGED: 'unchanged', STALE: 'stale', REJECTED: 'rejected' } as const;

/** A record the sender has to look at again: an older version (STALE) or a rejected one. */
interface ReportedItem {
  line: number;
  unitCode: string | null;
  externalCode: string | null;
  outcome: 'STALE' | 'REJECTED';
  code: string;
  field: string | null;
  message: string;
}

const ACCEPTED = Object.keys(BODY_MEDIA_TYPES).join(', ');

/**
 * Registers the route in its own encapsulated plugin: its content-type parser hands the raw stream
 * over, so /graphql keeps its body limit and its own parsers.
 */
export function registerDossierBulkRoute(app: FastifyInstance, deps: BulkIngestDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Every media type reaches the handler unread: it authenticates before the body is touched, and answers 415 itself.
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.statusCode === 415) return failure(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', `send the dossiers as one of ${ACCEPTED}`);
      if (error.statusCode !== undefined && error.statusCode < 500) return failure(reply, error.statusCode, 'BAD_REQUEST', error.message);
      return unexpected(reply, deps.logError, error);
    });
    scope.post(BULK_INGEST_PATH, (request, reply) => handle(request, reply, deps));
  });
}

async function handle(request: FastifyRequest, reply: FastifyReply, deps: BulkIngestDeps) {
  let principal: ApiKeyPrincipal;
  try {
    principal = await deps.apiKeys.authenticate(request.headers.authorization);
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (code === 'UNAUTHENTICATED') return failure(reply, 401, 'UNAUTHENTICATED', (error as Error).message);
    return unexpected(reply, deps.logError, error);
  }
  const format = formatOf(request.headers['content-type']);
  if (typeof format !== 'string') return failure(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', format.message);

  const chunks = readDossierChunks(request.raw, format);
  let first: IteratorResult<StreamRecord[]>;
  try {
    first = await chunks.next();
  } catch (error) {
    if (error instanceof MalformedBody) return failure(reply, 400, 'BAD_REQUEST', error.message);
    // The sender went away or the connection broke: nobody is left to answer, and it is no fault to log.
    if (request.raw.destroyed) return failure(reply, 400, 'BODY_INTERRUPTED', 'the request body ended abruptly');
    return unexpected(reply, deps.logError, error);
  }
  const lines = Readable.from(report(first, chunks, principal, deps, request.raw), { objectMode: true, highWaterMark: 1 });
  return reply
    .code(200)
    .header('content-type', 'application/x-ndjson; charset=utf-8')
    // A body the handler stops reading early must not be read as the next request.
    .header('connection', 'close')
    .send(lines);
}

/**
 * The answer's lines: each chunk is ingested (one transaction) and reported in order. The next
 * chunk is read and parsed while the database writes this one (at most two chunks in memory), and
 * applied only once this one is committed. Never throws: a failure becomes a line, and reading stops.
 */
async function* report(
  first: IteratorResult<StreamRecord[]>,
  chunks: AsyncGenerator<StreamRecord[]>,
  principal: ApiKeyPrincipal,
  { ingestion, logError }: BulkIngestDeps,
  body: Readable,
): AsyncGenerator<string> {
  const totals = { chunks: 0, records: 0, created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0 };
  let next = first;
  let lastLine = 0;
  try {
    while (!next.done) {
      const records = next.value;
      const chunk = totals.chunks + 1;
      const span = { chunk, firstLine: records[0].line, lastLine: records[records.length - 1].line };
      let counts: Counts, items: ReportedItem[];
      const ingesting = ingestChunk(records, principal, ingestion);
      const reading = chunks.next();
      // Its failure, if any, is reported once this chunk is.
      reading.catch(() => undefined);
      try {
        ({ counts, items } = await ingesting);
      } catch (error) {
        yield line({ ...span, applied: false, error: masked(error, logError, 'nothing of this chunk was stored') });
        yield line({ done: false, ...totals });
        return;
      }
      totals.chunks = chunk;
      totals.records += records.length;
      for (const key of Object.keys(counts) as (keyof Counts)[]) totals[key] += counts[key];
      lastLine = span.lastLine;
      yield line({ ...span, applied: true, ...counts, items });
      try {
        next = await reading;
      } catch (error) {
        const failed = { chunk: chunk + 1, firstLine: lastLine + 1 };
        if (error instanceof MalformedBody) {
          yield line({ ...failed, lastLine: error.line, applied: false, error: { code: 'BAD_REQUEST', message: error.message } });
        } else if (body.destroyed) {
          // The sender went away or the connection broke: nothing more can be read, and it is no fault of ours.
          yield line({ ...failed, applied: false, error: { code: 'BODY_INTERRUPTED', message: 'the request body ended abruptly' } });
        } else {
          yield line({ ...failed, applied: false, error: masked(error, logError, 'nothing of this chunk was stored') });
        }
        yield line({ done: false, ...totals });
        return;
      }
    }
    yield line({ done: true, ...totals });
  } finally {
    // Stops reading when the answer ends early (a failure, or the sender went away). Not awaited:
    // a read-ahead may still wait on the socket, which closes once the answer has ended.
    void chunks.return(undefined).catch(() => undefined);
  }
}

async function ingestChunk(records: StreamRecord[], principal: ApiKeyPrincipal, ingestion: BulkIngestDeps['ingestion']) {
  const readable = records.filter((r) => r.input !== null);
  const results: IngestItemResult[] = readable.length ? await ingestion.ingest(principal, readable.map((r) => r.input!)) : [];
  const counts: Counts = { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0 };
  const items: ReportedItem[] = [];
  for (const record of records) {
    if (record.input !== null) continue;
    counts.rejected++;
    items.push({ line: record.line, unitCode: null, externalCode: null, outcome: 'REJECTED', code: 'MALFORMED_RECORD', field: record.field ?? null, message: record.problem ?? 'unreadable record' });
  }
  for (const result of results) {
    counts[OUTCOME_COUNT[result.outcome]]++;
    if (result.outcome !== 'STALE' && result.outcome !== 'REJECTED') continue;
    items.push({
      line: readable[result.index].line,
      unitCode: result.unitCode,
      externalCode: result.externalCode,
      outcome: result.outcome,
      code: result.error?.code ?? result.outcome,
      field: result.error?.field ?? null,
      message: result.error?.message ?? '',
    });
  }
  items.sort((a, b) => a.line - b.line);
  return { counts, items };
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/** The media type's format, or why it is refused (only UTF-8 text: that is what validation reads). */
function formatOf(contentType: string | undefined): BodyFormat | { message: string } {
  const [mediaType, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const format = BODY_MEDIA_TYPES[mediaType];
  if (!Object.hasOwn(BODY_MEDIA_TYPES, mediaType)) {
    return { message: `send the dossiers as one of ${ACCEPTED}${mediaType ? `, not ${mediaType.slice(0, 100)}` : ' (Content-Type is missing)'}` };
  }
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return { message: `the body must be UTF-8, not ${charset.slice(0, 40)}` };
  return format;
}

function failure(reply: FastifyReply, status: number, code: string, message: string) {
  // The body is left unread: closing the connection spares reading the rest of it.
  return reply.code(status).header('connection', 'close').send({ error: { code, message } });
}

/** The error for the sender: a code and a correlation id, never the stack or the SQL, which go to the log. */
function masked(error: unknown, logError: ErrorLogger, consequence: string) {
  const correlationId = crypto.randomUUID();
  logError({ correlationId, error });
  return isDatabaseUnavailable(error)
    ? { code: 'SERVICE_UNAVAILABLE', message: `the database is unavailable; ${consequence}: send it again later (reference ${correlationId})`, correlationId }
    : { code: 'INTERNAL_SERVER_ERROR', message: `internal server error; ${consequence}; quote ${correlationId} when reporting it`, correlationId };
}

function unexpected(reply: FastifyReply, logError: ErrorLogger, error: unknown) {
  const body = masked(error, logError, 'nothing was stored');
  if (body.code === 'SERVICE_UNAVAILABLE') reply.header('retry-after', RETRY_AFTER_SECONDS);
  return reply.code(body.code === 'SERVICE_UNAVAILABLE' ? 503 : 500).header('connection', 'close').send({ error: body });
}
