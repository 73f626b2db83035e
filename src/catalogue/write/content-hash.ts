import crypto from 'node:crypto';
import type { ProcedureRecord } from './catalogue-record';

/**
 * The hash a procedure's row keeps (content_hash): a record whose hash is stored already is not
 * rewritten. It is taken over one fixed shape of the record, so the order of the caller's
 * properties, or properties the record does not have, cannot make equal content look changed.
 * The shape is the order the seed has always built its records in, so hashes stored before the
 * writer existed still match.
 */
export function contentHash(p: ProcedureRecord): string {
  return sha256(JSON.stringify(canonical(p)));
}

/** Whether two records say the same, their times of change aside (an edit or import sets a new time only when something else changed). */
export function sameContent(a: ProcedureRecord, b: ProcedureRecord): boolean {
  return contentHash({ ...a, updatedAt: '' }) === contentHash({ ...b, updatedAt: '' });
}

/** The names of the record's fields as the API shows them (`Procedure`), where they differ. */
const PUBLISHED_NAMES: Partial<Record<keyof ProcedureRecord, string>> = {
  fieldCode: 'field',
  agencyCode: 'implementingAgency',
  documents: 'requiredDocuments',
};

/** The names of the record's fields as the API shows them, in the record's order (the code aside). */
export function publishedFields(p: ProcedureRecord): string[] {
  return Object.keys(canonical(p))
    .filter((key) => key !== 'code')
    .map((key) => PUBLISHED_NAMES[key as keyof ProcedureRecord] ?? key);
}

/**
 * A short hash of each field of the record, under the field's published name: two versions whose
 * hashes of a field differ differ in that field (a 64-bit prefix: a collision is not plausible).
 */
export function fieldHashes(p: ProcedureRecord): Record<string, string> {
  return Object.fromEntries(
    Object.entries(canonical(p))
      .filter(([key]) => key !== 'code')
      .map(([key, value]) => [PUBLISHED_NAMES[key as keyof ProcedureRecord] ?? key, sha256(JSON.stringify(value)).slice(0, 16)]),
  );
}

/** The fields whose hashes differ, in the record's order. */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((field) => before[field] !== after[field]);
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function canonical(p: ProcedureRecord) {
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    level: p.level,
    fieldCode: p.fieldCode,
    agencyCode: p.agencyCode,
    status: p.status,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    updatedAt: p.updatedAt,
    isOneStop: p.isOneStop,
    isInterconnected: p.isInterconnected,
    onlineServiceLevel: p.onlineServiceLevel,
    subjects: p.subjects,
    conditions: p.conditions,
    results: p.results,
    announcementDecision: p.announcementDecision,
    isRepresentative: p.isRepresentative,
    representativeFields: p.representativeFields,
    legalBasis: p.legalBasis,
    steps: p.steps.map((s) => ({ caseName: s.caseName, description: s.description })),
    channels: p.channels.map((c) => ({
      channel: c.channel,
      timeValue: c.timeValue,
      timeUnit: c.timeUnit,
      timeDescription: c.timeDescription,
      fees: c.fees.map((f) => ({ kind: f.kind, amountVnd: f.amountVnd, description: f.description })),
    })),
    documents: p.documents.map((d) => ({
      caseName: d.caseName,
      name: d.name,
      originals: d.originals,
      copies: d.copies,
      isRequired: d.isRequired,
      formName: d.formName,
      formUrl: d.formUrl,
    })),
  };
}
