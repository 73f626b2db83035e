import { CHANNELS } from '../shared/channels';
import { LEVELS } from '../shared/levels';
import { HO_CHI_MINH_OFFSET_MS } from '../shared/clock';
import { ENDING_STATUSES, isDossierStatus, RESOLVED_STATUSES, type DossierVersion } from './dossier';

/** One dossier as an agency's system sends it (GraphQL input, an NDJSON line or a CSV row). */
export interface DossierInput {
  externalCode?: unknown;
  procedureCode?: unknown;
  unitCode?: unknown;
  level?: unknown;
  channel?: unknown;
  status?: unknown;
  receivedAt?: unknown;
  dueAt?: unknown;
  finishedAt?: unknown;
  returnedAt?: unknown;
  updatedAt?: unknown;
  digitisedOnReceipt?: unknown;
  electronicResult?: unknown;
  paidOnline?: unknown;
  feeBearing?: unknown;
  populationDataUsed?: unknown;
  apologyIssued?: unknown;
  satisfaction?: unknown;
}

export type RejectionCode = 'OUT_OF_SCOPE' | 'UNKNOWN_STATUS' | 'INVALID_VALUE' | 'IMPOSSIBLE_DATES';

export class DossierRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** What validation leaves for ingestion to fill in: the unit's id and the catalogue's view of the procedure. */
export type ValidDossier = Omit<DossierVersion, 'unitId' | 'fieldCode' | 'fullOnlineOffered' | 'isRepresentative'> & { unitCode: string };

const FLAGS = ['digitisedOnReceipt', 'electronicResult', 'paidOnline', 'feeBearing', 'populationDataUsed', 'apologyIssued'] as const;
/** Every field of DossierInput; typed so that a new field cannot miss the check for control characters. */
const FIELDS = Object.keys({
  externalCode: 0,
  procedureCode: 0,
  unitCode: 0,
  level: 0,
  channel: 0,
  status: 0,
  receivedAt: 0,
  dueAt: 0,
  finishedAt: 0,
  returnedAt: 0,
  updatedAt: 0,
  digitisedOnReceipt: 0,
  electronicResult: 0,
  paidOnline: 0,
  feeBearing: 0,
  populationDataUsed: 0,
  apologyIssued: 0,
  satisfaction: 0,
} satisfies Record<keyof DossierInput, 0>) as (keyof DossierInput)[];
/** Clocks of sending systems drift; a time this far ahead of ours is still accepted as now. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = Date.UTC(2000, 0, 1);
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Control characters (Unicode category Cc: C0, DEL and C1). NUL cannot be stored at all:
 * PostgreSQL text cannot hold it, and one would fail the whole transaction of its batch. The
 * others could be stored, but no code, status, level, time or flag holds one: they are the mark of
 * a binary or mis-decoded export, and two codes that differ only by an invisible character would
 * count as two dossiers. So a value that holds one is rejected, whatever the field. Whitespace
 * around a value (a CSV cell's CR, a tab) is not in it: it is trimmed, as it always was.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function checkControlCharacters(input: DossierInput): void {
  for (const field of FIELDS) {
    const value = input[field];
    // Tested twice only when there is one: most values hold none, and trimming costs a copy.
    if (typeof value !== 'string' || !CONTROL.test(value)) continue;
    const found = CONTROL.exec(value.trim());
    if (found === null) continue;
    const codePoint = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new DossierRejection('INVALID_VALUE', `${field} holds the control character ${codePoint}; a dossier's values are printable text`, field);
  }
}

/** A value as a rejection quotes it: never more than a few dozen characters of what was sent. */
function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? 'nothing';
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

function text(input: DossierInput, field: 'externalCode' | 'procedureCode' | 'unitCode', max: number): string {
  const value = input[field];
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) throw new DossierRejection('INVALID_VALUE', `${field} is required`, field);
  if (trimmed.length > max) throw new DossierRejection('INVALID_VALUE', `${field} is longer than ${max} characters`, field);
  return trimmed;
}

function oneOf<T extends string>(input: DossierInput, field: 'level' | 'channel', allowed: readonly T[]): T {
  const value = input[field];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new DossierRejection('INVALID_VALUE', `${field} must be one of ${allowed.join(', ')}`, field);
  }
  return value as T;
}

/**
 * An ISO 8601 date and time. Without an offset it is Vietnam's local time (UTC+7), which is what
 * a desk's system records.
 */
function timestamp(input: DossierInput, field: 'receivedAt' | 'dueAt' | 'finishedAt' | 'returnedAt' | 'updatedAt', required: boolean): number | null {
  const value = input[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new DossierRejection('INVALID_VALUE', `${field} is required`, field);
    return null;
  }
  const ms = typeof value === 'string' ? fastTimestamp(value) : NaN;
  return Number.isNaN(ms) ? slowTimestamp(value, field) : ms;
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const twoDigits = (s: string, i: number) => {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The common, plainly valid shapes (`2025-01-31T08:30:00+07:00`, `…Z`, `…T08:30`, with or without
 * a fraction) read digit by digit: a regex and Date.parse per field cost more than the rest of
 * validation. NaN for anything else, which the general parser then reads (or rejects) as before.
 */
function fastTimestamp(s: string): number {
  const n = s.length;
  if (n < 16 || n > 35 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return NaN; // 'T' or ' '
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  if (twoDigits(s, 0) < 19 || twoDigits(s, 2) < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  if (day > DAYS_IN_MONTH[month] || (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))) return NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    second = twoDigits(s, i + 1);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (i < n && s.charCodeAt(i) === 46) {
      // Up to six digits; the milliseconds are the first three (as Date.parse truncates).
      let digits = 0;
      for (i++; i < n; i++, digits++) {
        const d = digit(s, i);
        if (d < 0 || d > 9) break;
        if (digits < 3) millis = millis * 10 + d;
      }
      if (digits < 1 || digits > 6) return NaN;
      for (let k = digits; k < 3; k++) millis *= 10;
    }
  }
  let offset: number;
  if (i === n) offset = HO_CHI_MINH_OFFSET_MS;
  else if (i === n - 1 && s.charCodeAt(i) === 90)
    offset = 0; // 'Z'
  else if (i === n - 6 && sep === 84 && s.charCodeAt(i + 3) === 58) {
    const sign = s.charCodeAt(i);
    const oh = twoDigits(s, i + 1);
    const om = twoDigits(s, i + 4);
    if ((sign !== 43 && sign !== 45) || oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offset = (sign === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

function slowTimestamp(value: unknown, field: 'receivedAt' | 'dueAt' | 'finishedAt' | 'returnedAt' | 'updatedAt'): number {
  const raw = value instanceof Date ? value.toISOString() : value;
  const match = typeof raw === 'string' ? TIMESTAMP.exec(raw.trim()) : null;
  const ms = match ? Date.parse(match[7] ? (raw as string) : `${(raw as string).trim().replace(' ', 'T')}+07:00`) : NaN;
  // Date.parse rolls 31 April over to 1 May; the calendar date must survive the round trip.
  const day = new Date(Date.UTC(Number(match?.[1]), Number(match?.[2]) - 1, Number(match?.[3])));
  if (!match || Number.isNaN(ms) || day.getUTCDate() !== Number(match[3])) {
    throw new DossierRejection('INVALID_VALUE', `${field} must be an ISO 8601 date and time, such as 2025-01-31T08:30:00+07:00`, field);
  }
  return ms;
}

function flag(input: DossierInput, field: (typeof FLAGS)[number]): boolean {
  const value = input[field];
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new DossierRejection('INVALID_VALUE', `${field} must be true or false`, field);
}

function status(input: DossierInput) {
  const value = typeof input.status === 'string' && /^\d+$/.test(input.status) ? Number(input.status) : input.status;
  if (!isDossierStatus(value))
    throw new DossierRejection('UNKNOWN_STATUS', `status must be a national status code from 1 to 10, not ${quoted(input.status)}`, 'status');
  return value;
}

function satisfaction(input: DossierInput): number | null {
  const raw = input.satisfaction;
  if (raw === undefined || raw === null || raw === '') return null;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 5) {
    throw new DossierRejection('INVALID_VALUE', 'satisfaction must be a whole number from 1 to 5', 'satisfaction');
  }
  return value as number;
}

/** Checks one dossier and returns it in stored form; throws a DossierRejection saying what is wrong. */
export function validateDossier(input: DossierInput, now: number): ValidDossier {
  checkControlCharacters(input);
  const dossier: ValidDossier = {
    unitCode: text(input, 'unitCode', 10),
    externalCode: text(input, 'externalCode', 100),
    procedureCode: text(input, 'procedureCode', 80),
    level: oneOf(input, 'level', LEVELS),
    channel: oneOf(input, 'channel', CHANNELS),
    status: status(input),
    receivedAt: timestamp(input, 'receivedAt', true)!,
    dueAt: timestamp(input, 'dueAt', false),
    finishedAt: timestamp(input, 'finishedAt', false),
    returnedAt: timestamp(input, 'returnedAt', false),
    updatedAt: timestamp(input, 'updatedAt', true)!,
    digitisedOnReceipt: flag(input, 'digitisedOnReceipt'),
    electronicResult: flag(input, 'electronicResult'),
    paidOnline: flag(input, 'paidOnline'),
    feeBearing: flag(input, 'feeBearing'),
    populationDataUsed: flag(input, 'populationDataUsed'),
    apologyIssued: flag(input, 'apologyIssued'),
    satisfaction: satisfaction(input),
  };
  checkDates(dossier, now);
  const resolved = RESOLVED_STATUSES.includes(dossier.status);
  if (dossier.paidOnline && !dossier.feeBearing)
    throw new DossierRejection('INVALID_VALUE', 'paidOnline needs feeBearing: nothing is paid for a free procedure', 'paidOnline');
  if (dossier.electronicResult && !resolved)
    throw new DossierRejection('INVALID_VALUE', 'electronicResult is only for a resolved dossier (status 9 or 10)', 'electronicResult');
  if (dossier.satisfaction !== null && !resolved)
    throw new DossierRejection('INVALID_VALUE', 'satisfaction is only for a resolved dossier (status 9 or 10)', 'satisfaction');
  return dossier;
}

function checkDates(d: ValidDossier, now: number): void {
  const latest = now + CLOCK_SKEW_MS;
  checkInstant(d.receivedAt, 'receivedAt', latest);
  checkInstant(d.finishedAt, 'finishedAt', latest);
  checkInstant(d.returnedAt, 'returnedAt', latest);
  checkInstant(d.updatedAt, 'updatedAt', latest);
  const ends = ENDING_STATUSES.includes(d.status);
  if (ends && d.finishedAt === null) throw impossible(`status ${d.status} ends the dossier: finishedAt is required`, 'finishedAt');
  if (!ends && d.finishedAt !== null) throw impossible(`status ${d.status} is not an end: a pending dossier has no finishedAt`, 'finishedAt');
  if (d.returnedAt !== null && d.status !== 10) throw impossible('returnedAt is only for status 10 (result returned)', 'returnedAt');
  if (d.dueAt !== null && d.dueAt < d.receivedAt) throw impossible('dueAt is before receivedAt', 'dueAt');
  if (d.dueAt !== null && d.dueAt > d.receivedAt + MAX_DEADLINE_MS) throw impossible('dueAt is more than 10 years after receivedAt', 'dueAt');
  if (d.finishedAt !== null && d.finishedAt < d.receivedAt) throw impossible('finishedAt is before receivedAt', 'finishedAt');
  if (d.returnedAt !== null && d.finishedAt !== null && d.returnedAt < d.finishedAt) throw impossible('returnedAt is before finishedAt', 'returnedAt');
  if (d.updatedAt < d.receivedAt) throw impossible('updatedAt is before receivedAt', 'updatedAt');
}

/** No procedure takes ten years; a later due date is a typo, and would count on a day the rollups cannot hold. */
const MAX_DEADLINE_MS = 10 * 366 * 86_400_000;

const impossible = (message: string, field: string) => new DossierRejection('IMPOSSIBLE_DATES', message, field);

function checkInstant(at: number | null, field: string, latest: number): void {
  if (at !== null && at > latest) throw impossible(`${field} is in the future`, field);
  if (at !== null && at < EARLIEST) throw impossible(`${field} is before 2000`, field);
}
