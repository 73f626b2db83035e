import type { ChannelRecord, DocumentRecord, FeeRecord, ProcedureRecord, StepRecord } from '../write/catalogue-record';
import type { ChannelInput, DocumentInput, FeeInput, ProcedurePatch, StepInput } from './procedure-edit.inputs';

/** One thing wrong with an edit: where (the input's path), a stable code, and what. */
export interface EditProblem {
  field: string;
  code: EditProblemCode;
  message: string;
}

export type EditProblemCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'TOO_MANY'
  | 'DUPLICATE'
  | 'INVALID_VALUE'
  | 'INVALID_URL'
  | 'UNKNOWN_REFERENCE'
  | 'CONFLICT'
  | 'REMOVED'
  | 'NOT_REMOVED'
  | 'ABOLISHED'
  | 'TOO_EARLY';

/** A code the record refers to, checked against the catalogue by the edit service. */
export interface Reference {
  field: string;
  kind: 'field' | 'agency' | 'legalDocument';
  code: string;
}

/** The bounds of every value, in one place (the README lists them). */
export const EDIT_LIMITS = {
  name: 500,
  text: 5_000,
  code: 80,
  url: 1_000,
  maxFeeVnd: 1_000_000_000,
  maxTime: 1_000,
  maxCopies: 100,
  results: 50,
  legalBasis: 100,
  steps: 200,
  documents: 300,
  feesPerChannel: 50,
} as const;

export const PROCEDURE_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/;
/** Control characters other than tab and line breaks: they cannot be shown and only hide text. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const EARLIEST_DAY = '1945-01-01';
const LATEST_DAY = '2100-12-31';

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Checks a patch and applies it to `base` (the stored record, or a blank one for a new procedure):
 * returns the new record, with every problem found pushed to `problems` (all of them, not just the
 * first) and every code it refers to pushed to `references`. `at` prefixes the paths (`patch`,
 * `input`). The patched fields stop being representative: an agency has given them.
 */
export function applyPatch(base: ProcedureRecord, patch: ProcedurePatch, at: string, problems: EditProblem[], references: Reference[]): ProcedureRecord {
  const check = new Checker(problems);
  const next: ProcedureRecord = { ...base };
  const given = (key: keyof ProcedurePatch) => patch[key] !== undefined && patch[key] !== null;
  const path = (key: string) => `${at}.${key}`;

  if (given('name')) next.name = check.text(path('name'), patch.name!, EDIT_LIMITS.name, true);
  if (patch.nameEn !== undefined) next.nameEn = check.optionalText(path('nameEn'), patch.nameEn, EDIT_LIMITS.name);
  if (given('level')) next.level = patch.level!;
  if (given('field')) next.fieldCode = check.reference(references, path('field'), 'field', patch.field!);
  if (given('implementingAgency')) next.agencyCode = check.reference(references, path('implementingAgency'), 'agency', patch.implementingAgency!);
  if (given('effectiveFrom')) next.effectiveFrom = check.day(path('effectiveFrom'), patch.effectiveFrom!);
  if (given('isOneStop')) next.isOneStop = patch.isOneStop!;
  if (given('isInterconnected')) next.isInterconnected = patch.isInterconnected!;
  if (given('onlineServiceLevel')) next.onlineServiceLevel = patch.onlineServiceLevel!;
  if (given('subjects')) next.subjects = check.unique(path('subjects'), patch.subjects!, (s) => s);
  if (patch.conditions !== undefined) next.conditions = check.optionalText(path('conditions'), patch.conditions, EDIT_LIMITS.text);
  if (given('results')) {
    next.results = check.list(path('results'), patch.results!, EDIT_LIMITS.results, (r, p) => check.text(p, r, EDIT_LIMITS.name, true));
  }
  if (patch.announcementDecision !== undefined) {
    next.announcementDecision = check.optionalText(path('announcementDecision'), patch.announcementDecision, EDIT_LIMITS.name);
  }
  if (given('legalBasis')) {
    const numbers = check.list(path('legalBasis'), patch.legalBasis!, EDIT_LIMITS.legalBasis, (n, p) => check.reference(references, p, 'legalDocument', n));
    next.legalBasis = check.unique(path('legalBasis'), numbers, (n) => n);
  }
  if (given('steps')) next.steps = check.list(path('steps'), patch.steps!, EDIT_LIMITS.steps, (s, p) => step(check, s, p));
  if (given('channels')) {
    const channels = check.list(path('channels'), patch.channels!, 3, (c, p) => channel(check, c, p));
    next.channels = check.unique(path('channels'), channels, (c) => c.channel);
  }
  if (given('requiredDocuments')) {
    next.documents = check.list(path('requiredDocuments'), patch.requiredDocuments!, EDIT_LIMITS.documents, (d, p) => document(check, d, p));
  }
  const patched = new Set(Object.keys(patch).filter((key) => patch[key as keyof ProcedurePatch] !== undefined));
  next.representativeFields = base.representativeFields.filter((name) => !patched.has(name));
  return next;
}

function step(check: Checker, input: StepInput, at: string): StepRecord {
  return {
    caseName: check.optionalText(`${at}.caseName`, input.caseName, EDIT_LIMITS.name),
    description: check.text(`${at}.description`, input.description, EDIT_LIMITS.text, true),
  };
}

function channel(check: Checker, input: ChannelInput, at: string): ChannelRecord {
  const { timeValue, timeUnit } = input;
  // Stored with two decimals: a third would be rounded away.
  if (
    timeValue !== null &&
    !(Number.isFinite(timeValue) && timeValue > 0 && timeValue <= EDIT_LIMITS.maxTime && Number.isInteger(Math.round(timeValue * 1e6) / 1e4))
  ) {
    check.problem(`${at}.timeValue`, 'OUT_OF_RANGE', `a processing time must be more than 0 and at most ${EDIT_LIMITS.maxTime}, with at most two decimals`);
  }
  if ((timeValue === null) !== (timeUnit === null)) {
    check.problem(`${at}.timeUnit`, 'REQUIRED', 'a processing time needs its unit, and a unit its time: give both or neither');
  }
  return {
    channel: input.channel,
    timeValue,
    timeUnit,
    timeDescription: check.text(`${at}.timeDescription`, input.timeDescription, EDIT_LIMITS.text, false),
    fees: check.list(`${at}.fees`, input.fees, EDIT_LIMITS.feesPerChannel, (f, p) => fee(check, f, p)),
  };
}

function fee(check: Checker, input: FeeInput, at: string): FeeRecord {
  const { amountVnd } = input;
  if (amountVnd !== null && !(Number.isInteger(amountVnd) && amountVnd >= 0 && amountVnd <= EDIT_LIMITS.maxFeeVnd)) {
    check.problem(`${at}.amountVnd`, 'OUT_OF_RANGE', `an amount is whole VND from 0 to ${EDIT_LIMITS.maxFeeVnd.toLocaleString('en')}`);
  }
  return { kind: input.kind, amountVnd, description: check.text(`${at}.description`, input.description, EDIT_LIMITS.text, false) };
}

function document(check: Checker, input: DocumentInput, at: string): DocumentRecord {
  for (const key of ['originals', 'copies'] as const) {
    if (!(Number.isInteger(input[key]) && input[key] >= 0 && input[key] <= EDIT_LIMITS.maxCopies)) {
      check.problem(`${at}.${key}`, 'OUT_OF_RANGE', `${key} must be from 0 to ${EDIT_LIMITS.maxCopies}`);
    }
  }
  return {
    caseName: check.optionalText(`${at}.caseName`, input.caseName, EDIT_LIMITS.name),
    name: check.text(`${at}.name`, input.name, EDIT_LIMITS.name, true),
    originals: input.originals,
    copies: input.copies,
    isRequired: input.isRequired,
    formName: check.optionalText(`${at}.formName`, input.formName, EDIT_LIMITS.name),
    formUrl: check.url(`${at}.formUrl`, input.formUrl),
  };
}

/** Collects problems while values are read, so one answer names every mistake. */
class Checker {
  constructor(private readonly problems: EditProblem[]) {}

  problem(field: string, code: EditProblemCode, message: string): void {
    this.problems.push({ field, code, message });
  }

  /** Text as given (names trimmed): bounded, without control characters, not empty when `required`. */
  text(field: string, value: string, max: number, required: boolean): string {
    const text = required ? value.trim() : value;
    if (required && text === '') this.problem(field, 'REQUIRED', 'must not be empty');
    if (text.length > max) this.problem(field, 'TOO_LONG', `at most ${max.toLocaleString('en')} characters (${text.length.toLocaleString('en')} given)`);
    if (CONTROL.test(text)) this.problem(field, 'INVALID_VALUE', 'must not contain control characters');
    return text.normalize('NFC');
  }

  /** Text or null; an empty text means none. */
  optionalText(field: string, value: string | null | undefined, max: number): string | null {
    if (value === null || value === undefined || value.trim() === '') return null;
    return this.text(field, value, max, false);
  }

  day(field: string, value: Date): string {
    const day = isoDay(value);
    if (day < EARLIEST_DAY || day > LATEST_DAY) this.problem(field, 'OUT_OF_RANGE', `must be from ${EARLIEST_DAY} to ${LATEST_DAY}`);
    return day;
  }

  url(field: string, value: string | null | undefined): string | null {
    if (value === null || value === undefined || value.trim() === '') return null;
    const text = value.trim();
    let valid = text.length <= EDIT_LIMITS.url && !CONTROL.test(text);
    try {
      valid &&= ['http:', 'https:'].includes(new URL(text).protocol);
    } catch {
      valid = false;
    }
    if (!valid) this.problem(field, 'INVALID_URL', `must be an absolute http or https URL of at most ${EDIT_LIMITS.url.toLocaleString('en')} characters`);
    return text;
  }

  reference(references: Reference[], field: string, kind: Reference['kind'], value: string): string {
    const code = this.text(field, value, EDIT_LIMITS.code, true);
    if (code !== '' && code.length <= EDIT_LIMITS.code) references.push({ field, kind, code });
    return code;
  }

  /** Items of a list checked one by one (none past `max`: the list is refused whole). */
  list<T, R>(field: string, items: T[], max: number, item: (value: T, path: string) => R): R[] {
    if (items.length > max) {
      this.problem(field, 'TOO_MANY', `at most ${max} items (${items.length} given)`);
      return [];
    }
    return items.map((value, i) => item(value, `${field}[${i}]`));
  }

  unique<T>(field: string, items: T[], key: (item: T) => string): T[] {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(key(item))) this.problem(`${field}[${i}]`, 'DUPLICATE', `"${key(item)}" is given twice`);
      seen.add(key(item));
    });
    return items;
  }
}
