import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { MAX_CHUNK } from './dossier-ingestion.service';
import type { DossierInput } from './dossier-input';

/**
 * Longest NDJSON line or CSV record, in bytes. A dossier takes well under 1 KiB; the bound keeps
 * the memory one record can take small, whatever a sender puts on one line.
 */
const MAX_RECORD_BYTES = 64 * 1024;

/** One record of a bulk body: its dossier, or why it could not be read as one. */
export interface StreamRecord {
  /** 1-based line of the body where the record starts (the CSV header is line 1). */
  line: number;
  input: DossierInput | null;
  /** Set when `input` is null: what is wrong with the record, for the sender. */
  problem?: string;
  /** The field the problem is about, when it is about one. */
  field?: string;
}

export type BodyFormat = 'ndjson' | 'csv';

/** Media types of the accepted bodies; JSON Lines is the same format under another name. */
export const BODY_MEDIA_TYPES: Record<string, BodyFormat> = {
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'text/csv': 'csv',
};

/**
 * The body's structure is broken past repair (CSV header, unclosed quote, an over-long CSV record):
 * nothing after `line` can be trusted to be the record the sender meant.
 */
export class MalformedBody extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Every field of DossierInput and how a CSV cell becomes its value; typed so that a new field cannot be forgotten here. */
const FIELD_KINDS: Record<keyof DossierInput, 'text' | 'number' | 'flag'> = {
  externalCode: 'text',
  procedureCode: 'text',
  unitCode: 'text',
  level: 'text',
  channel: 'text',
  status: 'number',
  receivedAt: 'text',
  dueAt: 'text',
  finishedAt: 'text',
  returnedAt: 'text',
  updatedAt: 'text',
  digitisedOnReceipt: 'flag',
  electronicResult: 'flag',
  paidOnline: 'flag',
  feeBearing: 'flag',
  populationDataUsed: 'flag',
  apologyIssued: 'flag',
  satisfaction: 'number',
};
const DOSSIER_FIELDS = Object.keys(FIELD_KINDS) as (keyof DossierInput)[];
const kindOf = (name: string) => (Object.hasOwn(FIELD_KINDS, name) ? FIELD_KINDS[name as keyof DossierInput] : undefined);
/** Without these validation rejects every record, so a CSV header that lacks one is refused at once. */
const REQUIRED = ['externalCode', 'procedureCode', 'unitCode', 'level', 'channel', 'status', 'receivedAt', 'updatedAt'];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as chunks of at most `size` records, read only as fast as they are asked for: the next
 * chunk is not read from the socket before the caller asks for it, so a body of any length takes
 * the memory of one chunk. Throws MalformedBody when the structure breaks.
 */
export async function* readDossierChunks(body: Readable, format: BodyFormat, size = MAX_CHUNK): AsyncGenerator<StreamRecord[]> {
  let chunk: StreamRecord[] = [];
  for await (const record of format === 'csv' ? csvRecords(body) : ndjsonRecords(body)) {
    chunk.push(record);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

const rejected = (line: number, problem: string, field?: string): StreamRecord => ({ line, input: null, problem, ...(field ? { field } : {}) });

/** One JSON object a line; a line that is not one is rejected with its number, and the lines after it go on. */
async function* ndjsonRecords(body: Readable): AsyncGenerator<StreamRecord> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  // The request stays open when reading stops early: the response still has to reach the sender.
  for await (const data of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = data.indexOf(10); end !== -1; start = end + 1, end = data.indexOf(10, start)) {
      const piece = data.subarray(start, end);
      const whole = !tooLong && length + piece.length <= MAX_RECORD_BYTES ? (parts.length ? Buffer.concat([...parts, piece]) : piece) : null;
      const record = whole ? ndjsonRecord(line, whole) : rejected(line, `the line is longer than ${MAX_RECORD_BYTES} bytes`);
      if (record) yield record;
      line++;
      parts = [];
      length = 0;
      tooLong = false;
    }
    if (start < data.length && !tooLong) {
      const rest = data.subarray(start);
      length += rest.length;
      // Past the limit the rest of the line is only looked through for its end, never kept.
      if (length > MAX_RECORD_BYTES) {
        tooLong = true;
        parts = [];
      } else parts.push(rest);
    }
  }
  if (tooLong) yield rejected(line, `the line is longer than ${MAX_RECORD_BYTES} bytes`);
  else if (length) {
    const record = ndjsonRecord(line, Buffer.concat(parts));
    if (record) yield record;
  }
}

function ndjsonRecord(line: number, bytes: Buffer): StreamRecord | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return rejected(line, 'the line is not valid UTF-8');
  }
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  const trimmed = text.trim();
  if (!trimmed) return null;
  // A line that does not open an object is no dossier, and is told so without JSON.parse: its
  // error costs far more than reading the line, which made a body of garbage take seconds a megabyte.
  if (trimmed.charCodeAt(0) !== 0x7b) return rejected(line, 'a line must hold one JSON object: a dossier');
  let value: object;
  try {
    value = JSON.parse(text) as object;
  } catch (error) {
    // The engine's message quotes a few characters of the line; the answer never echoes more.
    return rejected(line, `the line is not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
  const unknown = Object.keys(value).find((key) => kindOf(key) === undefined);
  if (unknown !== undefined)
    return rejected(line, `unknown field ${JSON.stringify(unknown.slice(0, 60))}; a dossier has ${DOSSIER_FIELDS.join(', ')}`, unknown.slice(0, 60));
  return { line, input: value };
}

/**
 * CSV with a header row of DossierInput's field names. csv-parse reads it as a stream; a record with
 * the wrong number of cells is rejected alone, while a break that loses the record boundaries (a
 * quote never closed, a record over the size limit) ends the body.
 */
async function* csvRecords(body: Readable): AsyncGenerator<StreamRecord> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES, info: true });
  // pipe (not pipeline): when reading stops early the request must stay open for the response.
  const forward = (error: Error) => parser.destroy(error);
  body.on('error', forward);
  body.pipe(parser);
  let header: string[] | null = null;
  let previousEnd = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (record.length === 1 && record[0].trim() === '') continue;
      if (header === null) {
        header = checkHeader(line, record);
        continue;
      }
      yield csvRecord(line, header, record);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new MalformedBody(previousEnd + 1, `the CSV is broken from line ${previousEnd + 1} on (${error.message}); nothing from there was read`);
    }
    throw error;
  } finally {
    body.off('error', forward);
    body.unpipe(parser);
  }
  if (header === null) throw new MalformedBody(1, `a CSV body starts with a header row naming its columns: ${DOSSIER_FIELDS.join(', ')}`);
}

function checkHeader(line: number, cells: string[]): string[] {
  const names = cells.map((cell) => cell.trim());
  const unknown = names.filter((name) => kindOf(name) === undefined);
  if (unknown.length) {
    throw new MalformedBody(
      line,
      `unknown CSV column ${unknown.map((n) => JSON.stringify(n.slice(0, 60))).join(', ')}; the columns are ${DOSSIER_FIELDS.join(', ')}`,
    );
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length) throw new MalformedBody(line, `CSV column ${[...new Set(repeated)].join(', ')} appears more than once`);
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length) throw new MalformedBody(line, `the CSV header lacks the required column ${missing.join(', ')}`);
  return names;
}

/**
 * A row as DossierInput: an empty cell is an absent value; codes and numbers arrive as text. What
 * is not a recognisable number or boolean stays text, for validation to reject with its reason.
 */
function csvRecord(line: number, header: string[], cells: string[]): StreamRecord {
  if (cells.length !== header.length) return rejected(line, `the row has ${cells.length} cells where the header has ${header.length}`);
  const input: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i++) {
    const name = header[i];
    const cell = cells[i].trim();
    // csv-parse decodes invalid UTF-8 (a sheet saved in a legacy code page) to U+FFFD.
    if (cell.includes('\uFFFD')) return rejected(line, `${name} is not valid UTF-8: save the sheet as "CSV UTF-8"`, name);
    if (cell === '') continue;
    const kind = kindOf(name);
    if (kind === 'number' && /^\d{1,9}$/.test(cell)) input[name] = Number(cell);
    // Spreadsheets write TRUE and FALSE.
    else if (kind === 'flag' && /^(true|1)$/i.test(cell)) input[name] = true;
    else if (kind === 'flag' && /^(false|0)$/i.test(cell)) input[name] = false;
    else input[name] = cell;
  }
  return { line, input: input };
}
