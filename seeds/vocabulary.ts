import path from 'node:path';
import { projectRoot } from '../src/shared/project-root';
import { readCsvRecords } from './csv';
import type { AdministrativeLevel, FeeKind, OnlineServiceLevel, Subject, TimeUnit } from './catalogue-seed.types';

/**
 * Loading of the seed data files under `seeds/data/`, found from the project root so the same code
 * works from source (jest) and from `dist/seeds/`.
 */
export function dataFile(name: string): string {
  return path.join(projectRoot, 'seeds', 'data', name);
}

function load(name: string): Record<string, string>[] {
  return readCsvRecords(dataFile(name));
}

const LEVELS: readonly AdministrativeLevel[] = ['PROVINCE', 'DISTRICT', 'COMMUNE'];
const SUBJECTS: readonly Subject[] = ['CITIZEN', 'ENTERPRISE', 'ORGANISATION', 'STATE_AGENCY', 'FOREIGNER'];

export function parseLevel(value: string, where: string): AdministrativeLevel {
  if ((LEVELS as readonly string[]).includes(value)) return value as AdministrativeLevel;
  throw new Error(`${where}: unknown level "${value}"`);
}

/** `CITIZEN|ENTERPRISE` → ['CITIZEN', 'ENTERPRISE']; empty → []. */
export function parseSubjects(value: string, where: string): Subject[] {
  if (value === '') return [];
  return value.split('|').map((item) => {
    if ((SUBJECTS as readonly string[]).includes(item)) return item as Subject;
    throw new Error(`${where}: unknown subject "${item}"`);
  });
}

function parseList(value: string): string[] {
  return value === '' ? [] : value.split('|');
}

function parseFlag(value: string, where: string): boolean | null {
  if (value === '') return null;
  if (value === 'Y') return true;
  if (value === 'N') return false;
  throw new Error(`${where}: flag must be Y, N or empty, got "${value}"`);
}

function parseOptionalInt(value: string, where: string): number | null {
  if (value === '') return null;
  if (!/^\d+$/.test(value)) throw new Error(`${where}: not a whole number: "${value}"`);
  return Number(value);
}

function parseTimeUnit(value: string, where: string): TimeUnit | null {
  if (value === '') return null;
  if (value === 'WORKING_DAY' || value === 'DAY' || value === 'HOUR') return value;
  throw new Error(`${where}: unknown time unit "${value}"`);
}

/* ----------------------------------------------------------------------------------------------
 * Record types of the data files. Column meanings are documented in seeds/README.md.
 * -------------------------------------------------------------------------------------------- */

export interface UnitRow {
  code: string;
  name: string;
  kind: string;
  level: string;
  parentCode: string;
}

export interface FieldProfile {
  name: string;
  /** Provincial department that implements the field's province-level procedures. */
  agency: string;
  subjects: Subject[];
  oneStop: boolean;
  /** Share of the field's procedures that charge a fee (the rest are free). */
  paidShare: number;
  legalBasis: string[];
  condition: string | null;
}

export interface AgencyRow {
  code: string;
  name: string;
}

export interface LegalDocumentRow {
  number: string;
  title: string;
  issuer: string;
  issuedOn: string | null;
}

export interface NameTemplate {
  level: AdministrativeLevel;
  field: string;
  template: string;
  result: string[];
  subjects: Subject[];
  agency: string | null;
  oneStop: boolean | null;
  legalBasis: string[];
  /** Row number in the file, for error messages and a stable order. */
  row: number;
}

export interface DocumentRow {
  /** A field name, or `*` for documents any procedure may ask for. */
  field: string;
  /** Only for procedures whose subjects include this one; null for any. */
  subject: Subject | null;
  name: string;
  originals: number;
  copies: number;
  isRequired: boolean;
}

export interface TimeOption {
  value: number | null;
  unit: TimeUnit | null;
  description: string;
  weight: Record<AdministrativeLevel, number>;
}

export interface StepText {
  kind: string;
  text: string;
}

export interface LevelTarget {
  level: AdministrativeLevel;
  procedures: number;
  oneStop: number;
  online: Record<OnlineServiceLevel, number>;
  interconnected: number;
}

export interface RealProcedureRow {
  code: string;
  nameVi: string;
  nameEn: string;
  level: AdministrativeLevel;
  field: string;
  note: string;
}

/** What is known about a real procedure beyond the national list; null/empty = generate. */
export interface RealProcedureDetails {
  code: string;
  oneStop: boolean | null;
  interconnected: boolean | null;
  online: OnlineServiceLevel | null;
  subjects: Subject[];
  results: string[];
  time: { value: number | null; unit: TimeUnit | null; description: string } | null;
  fee: { kind: FeeKind; amountVnd: number | null; description: string } | null;
  onlineFee: { amountVnd: number | null; description: string } | null;
  legalBasis: string[];
}

export interface RealProcedureDocumentRow {
  code: string;
  caseName: string | null;
  name: string;
  originals: number;
  copies: number;
  isRequired: boolean;
  formName: string | null;
}

export interface Vocabulary {
  units: UnitRow[];
  fields: FieldProfile[];
  agencies: AgencyRow[];
  legalDocuments: LegalDocumentRow[];
  templates: NameTemplate[];
  documents: DocumentRow[];
  times: TimeOption[];
  steps: StepText[];
  targets: LevelTarget[];
  realProcedures: RealProcedureRow[];
  realDetails: Map<string, RealProcedureDetails>;
  realDocuments: RealProcedureDocumentRow[];
}

export function loadVocabulary(): Vocabulary {
  return {
    units: load('administrative-units.csv').map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      level: r.level,
      parentCode: r.parent_code,
    })),
    fields: load('fields.csv').map((r, i) => ({
      name: r.name,
      agency: r.agency,
      subjects: parseSubjects(r.subjects, `fields.csv row ${i + 2}`),
      oneStop: parseFlag(r.one_stop, `fields.csv row ${i + 2}`) ?? true,
      paidShare: Number(r.paid_share),
      legalBasis: parseList(r.legal_basis),
      condition: r.condition === '' ? null : r.condition,
    })),
    agencies: load('agencies.csv').map((r) => ({ code: r.code, name: r.name })),
    legalDocuments: load('legal-documents.csv').map((r) => ({
      number: r.number,
      title: r.title,
      issuer: r.issuer,
      issuedOn: r.issued_on === '' ? null : r.issued_on,
    })),
    templates: load('procedure-templates.csv').map((r, i) => {
      const where = `procedure-templates.csv row ${i + 2}`;
      return {
        level: parseLevel(r.level, where),
        field: r.field,
        template: r.template,
        result: parseList(r.result),
        subjects: parseSubjects(r.subjects, where),
        agency: r.agency === '' ? null : r.agency,
        oneStop: parseFlag(r.one_stop, where),
        legalBasis: parseList(r.legal_basis),
        row: i + 2,
      };
    }),
    documents: load('documents.csv').map((r, i) => {
      const where = `documents.csv row ${i + 2}`;
      const [subject = null] = parseSubjects(r.subject, where);
      return {
        field: r.field,
        subject,
        name: r.name,
        originals: Number(r.originals),
        copies: Number(r.copies),
        isRequired: r.required === 'true',
      };
    }),
    times: load('processing-times.csv').map((r, i) => {
      const where = `processing-times.csv row ${i + 2}`;
      return {
        value: parseOptionalInt(r.value, where),
        unit: parseTimeUnit(r.unit, where),
        description: r.description,
        weight: { PROVINCE: Number(r.province), DISTRICT: Number(r.district), COMMUNE: Number(r.commune) },
      };
    }),
    steps: load('steps.csv').map((r) => ({ kind: r.kind, text: r.text })),
    targets: load('targets.csv').map((r, i) => ({
      level: parseLevel(r.level, `targets.csv row ${i + 2}`),
      procedures: Number(r.procedures),
      oneStop: Number(r.one_stop),
      online: { FULL: Number(r.online_full), PARTIAL: Number(r.online_partial), NONE: Number(r.online_none) },
      interconnected: Number(r.interconnected),
    })),
    realProcedures: load('real-procedures.csv').map((r, i) => ({
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      level: parseLevel(r.level, `real-procedures.csv row ${i + 2}`),
      field: r.field_vi,
      note: r.note,
    })),
    realDetails: new Map(
      load('real-procedure-details.csv').map((r, i) => {
        const where = `real-procedure-details.csv row ${i + 2}`;
        const details: RealProcedureDetails = {
          code: r.code,
          oneStop: parseFlag(r.one_stop, where),
          interconnected: parseFlag(r.interconnected, where),
          online: r.online === '' ? null : parseOnline(r.online, where),
          subjects: parseSubjects(r.subjects, where),
          results: parseList(r.results),
          time:
            r.time_description === ''
              ? null
              : {
                  value: parseOptionalInt(r.time_value, where),
                  unit: parseTimeUnit(r.time_unit, where),
                  description: r.time_description,
                },
          fee:
            r.fee_kind === ''
              ? null
              : {
                  kind: parseFeeKind(r.fee_kind, where),
                  amountVnd: parseOptionalInt(r.fee_amount, where),
                  description: r.fee_description,
                },
          onlineFee:
            r.online_fee_description === ''
              ? null
              : { amountVnd: parseOptionalInt(r.online_fee_amount, where), description: r.online_fee_description },
          legalBasis: parseList(r.legal_basis),
        };
        return [r.code, details] as const;
      }),
    ),
    realDocuments: load('real-procedure-documents.csv').map((r) => ({
      code: r.code,
      caseName: r.case_name === '' ? null : r.case_name,
      name: r.name,
      originals: Number(r.originals),
      copies: Number(r.copies),
      isRequired: r.required === 'true',
      formName: r.form_name === '' ? null : r.form_name,
    })),
  };
}

function parseOnline(value: string, where: string): OnlineServiceLevel {
  if (value === 'FULL' || value === 'PARTIAL' || value === 'NONE') return value;
  throw new Error(`${where}: unknown online service level "${value}"`);
}

function parseFeeKind(value: string, where: string): FeeKind {
  if (value === 'FEE' || value === 'CHARGE') return value;
  throw new Error(`${where}: unknown fee kind "${value}"`);
}
