import { OnlineServiceLevel, ProcedureStatus } from '../catalogue/catalogue.enums';
import type { FieldRecord, ProcedureRecord } from '../catalogue/write/catalogue-record';
import type { NationalProcedure, PackageProblem } from './package-mapping';

/** What the catalogue holds that a package is matched against. */
export interface LocalReferences {
  /** Field codes the catalogue holds. */
  fieldCodes: ReadonlySet<string>;
  /** Every agency: a new procedure's implementing agency is one of them. */
  agencies: readonly { code: string; name: string }[];
}

/** Field codes are at most 80 characters (their column). */
const FIELD_CODE_MAX = 80;

const foldName = (name: string) => name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The local agency a package's COQUANTHUCHIEN names: the one whose code is MADONVI, or ends in
 * `.MADONVI` (local codes carry the province's prefix: `20.SVHTTDL`), or whose name is TENDONVI,
 * or starts with it and goes on with the province's name (`Sở Tư pháp` → `Sở Tư pháp tỉnh Lạng
 * Sơn`); only a single match counts.
 */
function matchAgency(agency: { nationalCode: string | null; name: string | null }, agencies: LocalReferences['agencies']): string | null {
  const single = (matches: { code: string }[]) => (matches.length === 1 ? matches[0].code : null);
  const code = agency.nationalCode;
  const name = agency.name && foldName(agency.name);
  return (
    (code && (single(agencies.filter((a) => a.code === code)) ?? single(agencies.filter((a) => a.code.endsWith(`.${code}`))))) ||
    (name &&
      (single(agencies.filter((a) => foldName(a.name) === name)) ??
        single(agencies.filter((a) => [`${name} tỉnh `, `${name} thành phố `].some((prefix) => foldName(a.name).startsWith(prefix)))))) ||
    null
  );
}

/**
 * A national package merged into the local record (null for a procedure the catalogue does not
 * hold), by these rules (README, "National package import"):
 * - content (name, conditions, results, decision, legal basis, steps, channels, documents,
 *   subjects when it names any) comes from the package;
 * - local values the package does not carry (English name, one-stop, inter-connection, online
 *   level, the day it came into force) are kept; a new procedure starts with none (NONE online,
 *   not one-stop, inter-connected when TTHCLIENTHONG lists procedures) and in force from `day`;
 * - level: the local level when the package lists it, else the most local level it lists
 *   (commune before district before province: where a citizen applies first);
 * - field: the local field code of the package's field name (its slug), created when new;
 * - implementing agency: the local one; for a new procedure the agency COQUANTHUCHIEN names (see
 *   matchAgency); none is a problem (the province must create the agency first);
 * - the record is real (not representative), but a local value that was generated stays marked so.
 * `updatedAt` is the local one; the caller sets it when the content changed.
 */
export function mergePackage(
  index: number,
  national: NationalProcedure,
  local: ProcedureRecord | null,
  references: LocalReferences,
  day: string,
): { record: ProcedureRecord; newField: FieldRecord | null } | { problems: PackageProblem[] } {
  const problems: PackageProblem[] = [];
  const level = local && national.levels.includes(local.level) ? local.level : national.levels[national.levels.length - 1];

  let fieldCode = local?.fieldCode ?? '';
  let newField: FieldRecord | null = null;
  if (national.field) {
    if (national.field.slug.length > FIELD_CODE_MAX) {
      problems.push({ path: `[${index}].LINHVUCTHUCHIEN[0].TENLINHVUC`, message: `makes a field code longer than ${FIELD_CODE_MAX} characters` });
    } else {
      fieldCode = national.field.slug;
      if (!references.fieldCodes.has(fieldCode)) newField = { code: fieldCode, name: national.field.name };
    }
  } else if (!local) {
    problems.push({ path: `[${index}].LINHVUCTHUCHIEN`, message: 'is missing: a new procedure needs its field' });
  }

  let agencyCode = local?.agencyCode ?? '';
  if (!local) {
    const agency = national.agency;
    agencyCode = (agency && matchAgency(agency, references.agencies)) ?? '';
    if (!agencyCode) {
      const named = agency ? `"${agency.nationalCode ?? ''}" / "${agency.name ?? ''}"` : 'none';
      problems.push({
        path: `[${index}].COQUANTHUCHIEN[0]`,
        message: `matches no agency of the catalogue by code or name (${named}): a new procedure needs one`,
      });
    }
  }
  if (problems.length) return { problems };

  const given = new Set([
    'name',
    'level',
    'status',
    'effectiveTo',
    'conditions',
    'results',
    'announcementDecision',
    'legalBasis',
    'steps',
    'channels',
    'requiredDocuments',
  ]);
  if (national.field) given.add('field');
  if (national.subjects.length) given.add('subjects');
  const record: ProcedureRecord = {
    code: national.code,
    name: national.name,
    nameEn: local?.nameEn ?? null,
    level,
    fieldCode,
    agencyCode,
    status: ProcedureStatus.PUBLIC,
    effectiveFrom: local?.effectiveFrom ?? day,
    effectiveTo: null,
    updatedAt: local?.updatedAt ?? '',
    isOneStop: local?.isOneStop ?? false,
    isInterconnected: local?.isInterconnected ?? national.isInterconnected,
    onlineServiceLevel: local?.onlineServiceLevel ?? OnlineServiceLevel.NONE,
    subjects: national.subjects.length ? national.subjects : (local?.subjects ?? []),
    conditions: national.conditions,
    results: national.results,
    announcementDecision: national.announcementDecision,
    isRepresentative: false,
    representativeFields: (local?.representativeFields ?? []).filter((name) => !given.has(name)),
    legalBasis: national.legalDocuments.map((d) => d.number),
    steps: national.steps,
    // Stored with two decimals: rounded here, so that the same package read again is the same record.
    channels: national.channels.map((c) => ({ ...c, timeValue: c.timeValue === null ? null : Math.round(c.timeValue * 100) / 100 })),
    documents: national.documents,
  };
  return { record, newField };
}
