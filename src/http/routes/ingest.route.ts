import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import { toAppError, type ErrorLogger } from '../../shared/unexpected';
import { sendError } from '../plugins/errors';
import { pacedBody, UploadTooSlow, type UploadPace } from '../plugins/upload-pace';
import type { HttpRoute } from './route';
import type { ApiKeyPrincipal, ApiKeyService } from '../../dossiers/api-key.service';
import type { DossierIngestionService, IngestItemResult } from '../../dossiers/dossier-ingestion.service';
import { BODY_MEDIA_TYPES, MalformedBody, readDossierChunks, type BodyFormat, type StreamRecord } from '../../dossiers/dossier-stream';

/**
 * POST /ingest/dossiers: dossiers in bulk from agencies' systems, as NDJSON (application/x-ndjson
 * or application/jsonl, one JSON object a line) or CSV (text/csv, UTF-8, a header row of
 * DossierInput's field names, BOM allowed), authenticated with `Authorization: Bearer <key>`.
 *
 * Limits, and why:
 * - no limit on the body's size: it is read a chunk at a time, and a chunk is read from the socket
 *   only when there is room for it (CHUNKS_IN_FLIGHT being written, one more read ahead), so
 *   memory stays constant;
 * - MAX_CHUNK (5000) records per chunk: one transaction each, so a failure loses at most one
 *   chunk's work and row locks are held for a fraction of a second;
 * - MAX_RECORD_BYTES (64 KiB) per NDJSON line or CSV record: a dossier is under 1 KiB; a longer
 *   NDJSON line is rejected alone, a longer CSV record ends the body (its boundaries are lost);
 * - MAX_ITEMS_PER_CHUNK and MAX_ITEMS_PER_ANSWER items listed (see there);
 * - a body must keep coming (`bodyPace`): one that stops, or trickles, is answered REQUEST_TIMEOUT.
 *
 * Answer: 200 and an NDJSON stream, one line per chunk as soon as it is committed (its counts, its
 * rejections counted by code, and its first STALE and REJECTED items with their line numbers),
 * then a `done` line with the totals. Before anything is
 * written: 401 without a valid key, 415 for another media type, 400 when the first chunk cannot
 * be read (unknown CSV column, broken CSV). Replays are idempotent, so after a `done: false` the
 * sender may send the whole body again.
 */
const BULK_INGEST_PATH = '/ingest/dossiers';

export interface BulkIngestDeps {
  apiKeys: Pick<ApiKeyService, 'authenticate'>;
  ingestion: Pick<DossierIngestionService, 'ingest'>;
  logError: ErrorLogger;
  /** How slowly a body may arrive (HTTP_LIMITS.bulkBody). */
  bodyPace: UploadPace;
}

type Counts = { created: number; updated: number; unchanged: number; stale: number; rejected: number };
const OUTCOME_COUNT = { CREATED: 'created', UPDATED: 'updated', UNCHANGED: 'unchanged', STALE: 'stale', REJECTED: 'rejected' } as const;

/**
 * Items listed in one chunk's line (its first ones by line) and in a whole answer. The items are
 * for a person to look at and fix, and the counts stay exact whatever is left out. Listing every
 * one would make an answer larger than its body (2 MB of lines that are not JSON took 208 MB),
 * and a client that sends its whole body before it reads the answer, as most do, stalls once the
 * unread answer fills the sockets' buffers. With these, past the first 1,000 items a chunk's line
 * takes about 200 bytes, for at least 10 kB of body (5,000 records of at least 2 bytes).
 */
export const MAX_ITEMS_PER_CHUNK = 100;
export const MAX_ITEMS_PER_ANSWER = 1000;

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
 * The route in a scope of its own: its content-type parser hands the body over unread (paced),
 * so /graphql keeps its body limit and its own parsers.
 */
export function ingestRoute(deps: BulkIngestDeps): HttpRoute {
  return async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body may take as long as it needs while it keeps coming (see UploadPace).
    scope.addHook('preParsing', async (request, _reply, payload) => pacedBody(request.raw, payload, deps.bodyPace));
    // Every media type reaches the handler unread: it authenticates before the body is touched, and answers 415 itself.
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(BULK_INGEST_PATH, (request, reply) => handle(request, reply, deps));
  };
}

async function handle(request: FastifyRequest, reply: FastifyReply, deps: BulkIngestDeps) {
  let principal: ApiKeyPrincipal;
  try {
    principal = await deps.apiKeys.authenticate(request.headers.authorization);
  } catch (error) {
    return sendError(request, reply, toAppError(error, deps.logError));
  }
  const format = formatOf(request.headers['content-type']);
  if (typeof format !== 'string') return sendError(request, reply, new AppError('UNSUPPORTED_MEDIA_TYPE', format.message));

  const chunks = readDossierChunks(request.body as Readable, format);
  let first: IteratorResult<StreamRecord[]>;
  try {
    first = await chunks.next();
  } catch (error) {
    if (error instanceof MalformedBody) return sendError(request, reply, new AppError('BAD_REQUEST', error.message));
    if (error instanceof AppError) return sendError(request, reply, error);
    // The sender went away or the connection broke: nobody is left to answer, and it is no fault to log.
    if (request.raw.destroyed) return sendError(request, reply, new AppError('BODY_INTERRUPTED', 'the request body ended abruptly'));
    return sendError(request, reply, toAppError(error, deps.logError));
  }
  const lines = Readable.from(report(first, chunks, principal, deps, request.raw), { objectMode: true, highWaterMark: 1 });
  return (
    reply
      .code(200)
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      // A body the handler stops reading early must not be read as the next request.
      .header('connection', 'close')
      .send(lines)
  );
}

/** Chunks written at the same time, each in its own transaction on its own connection. */
const CHUNKS_IN_FLIGHT = 2;

/** What a chunk's line reports once it is committed. */
interface ChunkReport {
  counts: Counts;
  /** REJECTED records by their code. */
  rejectedByCode: Record<string, number>;
  /** The first STALE and REJECTED records by line, at most MAX_ITEMS_PER_CHUNK. */
  items: ReportedItem[];
  /** STALE and REJECTED records not in `items`. */
  itemsOmitted: number;
}

type ChunkOutcome = ChunkReport | { error: unknown } | { notStarted: true };

/** A chunk that waited for one holding the same dossiers, which failed: as if the body had stopped there. */
const NOT_STARTED = { code: 'NOT_STARTED', message: 'not written: an earlier chunk with some of the same dossiers failed; send the body again' };
type ReadOutcome = { value: IteratorResult<StreamRecord[]> } | { error: unknown };

interface InFlightChunk {
  span: { chunk: number; firstLine: number; lastLine: number };
  records: number;
  /** Unit and external code of every readable record. */
  dossiers: Set<string>;
  /** Never rejects. */
  outcome: Promise<ChunkOutcome>;
}

const dossierKey = (input: { unitCode?: unknown; externalCode?: unknown }) => `${String(input.unitCode)}\u0000${String(input.externalCode)}`;
const shareDossiers = (a: Set<string>, b: Set<string>) => {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
};

/**
 * The answer's lines: one per chunk in body order, each once its transaction has ended, then a
 * `done` line. Up to CHUNKS_IN_FLIGHT chunks are written at once while the next one is read and
 * parsed (at most CHUNKS_IN_FLIGHT + 1 chunks in memory); a chunk that has a dossier in common
 * with one in flight starts after it, so versions of a dossier apply in the order sent. After a
 * failed chunk no other starts: the chunks already in flight are reported as they end (one that
 * was waiting for it is NOT_STARTED). Never throws: a failure becomes a line.
 */
async function* report(
  first: IteratorResult<StreamRecord[]>,
  chunks: AsyncGenerator<StreamRecord[]>,
  principal: ApiKeyPrincipal,
  { ingestion, logError }: BulkIngestDeps,
  body: Readable,
): AsyncGenerator<string> {
  const totals = {
    chunks: 0,
    records: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    stale: 0,
    rejected: 0,
    rejectedByCode: {} as Record<string, number>,
    itemsOmitted: 0,
  };
  let listable = MAX_ITEMS_PER_ANSWER;
  const inFlight: InFlightChunk[] = [];
  let ready: StreamRecord[] | null = first.done ? null : first.value;
  let ended = first.done === true;
  let reading: Promise<ReadOutcome> | null = null;
  let readError: unknown = null;
  let failed = false;
  let started = 0;
  let lastStartedLine = 0;
  let allApplied = true;

  const start = (records: StreamRecord[]) => {
    const dossiers = new Set(records.flatMap((r) => (r.input ? [dossierKey(r.input)] : [])));
    const before = inFlight.filter((c) => shareDossiers(c.dossiers, dossiers)).map((c) => c.outcome);
    const outcome: Promise<ChunkOutcome> = Promise.all(before)
      .then((): ChunkOutcome | Promise<ChunkOutcome> => (failed ? { notStarted: true } : ingestChunk(records, principal, ingestion)))
      .catch((error: unknown) => {
        failed = true;
        return { error };
      });
    started++;
    const span = { chunk: started, firstLine: records[0].line, lastLine: records[records.length - 1].line };
    lastStartedLine = span.lastLine;
    inFlight.push({ span, records: records.length, dossiers, outcome });
  };
  const take = (read: ReadOutcome) => {
    reading = null;
    if ('error' in read) readError = read.error;
    else if (read.value.done) ended = true;
    else ready = read.value.value;
  };

  try {
    for (;;) {
      while (!failed && ready && inFlight.length < CHUNKS_IN_FLIGHT) {
        start(ready);
        ready = null;
      }
      if (!failed && !ready && !ended && readError === null && !reading) {
        reading = chunks.next().then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
      }
      const oldest = inFlight[0];
      if (!oldest) {
        if (!reading || failed) break;
        take(await reading);
        continue;
      }
      // Whichever comes first: the oldest chunk's end (its line), or the next chunk read (it may start).
      const next = failed || !reading ? 'chunk' : await Promise.race([oldest.outcome.then(() => 'chunk'), reading.then(() => 'read')]);
      if (next === 'read') {
        take(await reading!);
        continue;
      }
      inFlight.shift();
      const outcome = await oldest.outcome;
      if ('error' in outcome || 'notStarted' in outcome) {
        allApplied = false;
        const error = 'error' in outcome ? chunkError(outcome.error, logError) : NOT_STARTED;
        yield line({ ...oldest.span, applied: false, error });
        continue;
      }
      const items = outcome.items.slice(0, listable);
      listable -= items.length;
      const itemsOmitted = outcome.itemsOmitted + outcome.items.length - items.length;
      totals.chunks++;
      totals.records += oldest.records;
      for (const key of Object.keys(outcome.counts) as (keyof Counts)[]) totals[key] += outcome.counts[key];
      for (const [code, n] of Object.entries(outcome.rejectedByCode)) totals.rejectedByCode[code] = (totals.rejectedByCode[code] ?? 0) + n;
      totals.itemsOmitted += itemsOmitted;
      yield line({ ...oldest.span, applied: true, ...outcome.counts, rejectedByCode: outcome.rejectedByCode, items, itemsOmitted });
    }
    if (readError !== null && !failed) {
      allApplied = false;
      const unread = { chunk: started + 1, firstLine: lastStartedLine + 1 };
      if (readError instanceof MalformedBody) {
        yield line({ ...unread, lastLine: readError.line, applied: false, error: { code: 'BAD_REQUEST', message: readError.message } });
      } else if (readError instanceof UploadTooSlow) {
        yield line({ ...unread, applied: false, error: { code: readError.code, message: `${readError.message}; the rest of the body was not read` } });
      } else if (body.destroyed) {
        // The sender went away or the connection broke: nothing more can be read, and it is no fault of ours.
        yield line({ ...unread, applied: false, error: { code: 'BODY_INTERRUPTED', message: 'the request body ended abruptly' } });
      } else {
        yield line({ ...unread, applied: false, error: chunkError(readError, logError) });
      }
    }
    yield line({ done: allApplied, ...totals });
  } finally {
    // Stops reading when the answer ends early (a failure, or the sender went away). Not awaited:
    // a read-ahead may still wait on the socket, which closes once the answer has ended.
    void chunks.return(undefined).catch(() => undefined);
  }
}

async function ingestChunk(records: StreamRecord[], principal: ApiKeyPrincipal, ingestion: BulkIngestDeps['ingestion']): Promise<ChunkReport> {
  const readable = records.filter((r) => r.input !== null);
  const results: IngestItemResult[] = readable.length
    ? await ingestion.ingest(
        principal,
        readable.map((r) => r.input!),
      )
    : [];
  const report: ChunkReport = { counts: { created: 0, updated: 0, unchanged: 0, stale: 0, rejected: 0 }, rejectedByCode: {}, items: [], itemsOmitted: 0 };
  const { counts, rejectedByCode, items } = report;
  // Records and results are both in body order, so the first items met are the first by line.
  let next = 0;
  for (const record of records) {
    const result = record.input === null ? null : results[next++];
    const outcome = result?.outcome ?? 'REJECTED';
    counts[OUTCOME_COUNT[outcome]]++;
    if (outcome !== 'STALE' && outcome !== 'REJECTED') continue;
    const code = result === null ? 'MALFORMED_RECORD' : (result.error?.code ?? outcome);
    if (outcome === 'REJECTED') rejectedByCode[code] = (rejectedByCode[code] ?? 0) + 1;
    if (items.length === MAX_ITEMS_PER_CHUNK) {
      report.itemsOmitted++;
      continue;
    }
    items.push(
      result === null
        ? { line: record.line, unitCode: null, externalCode: null, outcome, code, field: record.field ?? null, message: record.problem ?? 'unreadable record' }
        : {
            line: record.line,
            unitCode: result.unitCode,
            externalCode: result.externalCode,
            outcome,
            code,
            field: result.error?.field ?? null,
            message: result.error?.message ?? '',
          },
    );
  }
  return report;
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/** The media type's format, or why it is refused (only UTF-8 text: that is what validation reads). */
function formatOf(contentType: string | undefined): BodyFormat | { message: string } {
  const [mediaType, ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const format = BODY_MEDIA_TYPES[mediaType];
  if (!Object.hasOwn(BODY_MEDIA_TYPES, mediaType)) {
    return { message: `send the dossiers as one of ${ACCEPTED}${mediaType ? `, not ${mediaType.slice(0, 100)}` : ' (Content-Type is missing)'}` };
  }
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return { message: `the body must be UTF-8, not ${charset.slice(0, 40)}` };
  return format;
}

/** A failed chunk's error for the sender: its code and what became of the chunk, never the stack or the SQL (see toAppError). */
function chunkError(error: unknown, logError: ErrorLogger) {
  const { code, message, details } = toAppError(error, logError);
  return { code, message: `${message}; nothing of this chunk was stored${code === 'SERVICE_UNAVAILABLE' ? ': send it again later' : ''}`, ...details };
}
