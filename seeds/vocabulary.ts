import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { FeeKind, OnlineServiceLevel, Subject, TimeUnit } from '../src/catalogue/catalogue.enums';
import { LEVELS, type AdministrativeLevel } from '../src/shared/levels';
import { projectRoot } from '../src/shared/project-root';

/**
 * Loading of the seed data files under `seeds/data/`, found from the project root so the same code
 * works from source (jest) and from `dist/seeds/`.
 */
export function dataFile(name: string): string {
  return path.join(projectRoot, 'seeds', 'data', name);
}

/**
 * A data file's rows keyed by its header's column names. Fields come verbatim (no trimming, no
 * type conversion: `05971` keeps its leading zero), and a row with more or fewer fields than the
 * header is an error, which is cheaper here than a silently shifted column.
 */
export function readDataFile(name: string): Record<string, string>[] {
  const file = dataFile(name);
  try {
    return parse(fs.readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function oneOf<T extends string>(values: readonly T[], what: string, value: string, where: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`${where}: unknown ${what} "${value}"`);
}

function parseLevel(value: string, where: string): AdministrativeLevel {
  return oneOf(LEVELS, 'level', value, where);
}

/** `CITIZEN|ENTERPRISE` → ['CITIZEN', 'ENTERPRISE']; empty → []. */
function parseSubjects(value: string, where: string): Subject[] {
  if (value === '') return [];
  return value.split('|').map((item) => oneOf(Object.values(Subject), 'subject', item, where));
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
  return value === '' ? null : oneOf(Object.values(TimeUnit), 'time unit', value, where);
}

/* ----------------------------------------------------------------------------------------------
 * Record types of the data files. Column meanings are documented in seeds/README.md.
 * -------------------------------------------------------------------------------------------- */

interface UnitRow {
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

interface AgencyRow {
  code: string;
  name: string;
}

interface LegalDocumentRow {
  number: string;
  title: string;
  issuer: string;
  issuedOn: string | null;
}

interface NameTemplate {
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

interface TimeOption {
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

interface RealProcedureRow {
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

interface RealProcedureDocumentRow {
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
    units: readDataFile('administrative-units.csv').map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      level: r.level,
      parentCode: r.parent_code,
    })),
    fields: readDataFile('fields.csv').map((r, i) => ({
      name: r.name,
      agency: r.agency,
      subjects: parseSubjects(r.subjects, `fields.csv row ${i + 2}`),
      oneStop: parseFlag(r.one_stop, `fields.csv row ${i + 2}`) ?? true,
      paidShare: Number(r.paid_share),
      legalBasis: parseList(r.legal_basis),
      condition: r.condition === '' ? null : r.condition,
    })),
    agencies: readDataFile('agencies.csv').map((r) => ({ code: r.code, name: r.name })),
    legalDocuments: readDataFile('legal-documents.csv').map((r) => ({
      number: r.number,
      title: r.title,
      issuer: r.issuer,
      issuedOn: r.issued_on === '' ? null : r.issued_on,
    })),
    templates: readDataFile('procedure-templates.csv').map((r, i) => {
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
    documents: readDataFile('documents.csv').map((r, i) => {
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
    times: readDataFile('processing-times.csv').map((r, i) => {
      const where = `processing-times.csv row ${i + 2}`;
      return {
        value: parseOptionalInt(r.value, where),
        unit: parseTimeUnit(r.unit, where),
        description: r.description,
        weight: { PROVINCE: Number(r.province), DISTRICT: Number(r.district), COMMUNE: Number(r.commune) },
      };
    }),
    steps: readDataFile('steps.csv').map((r) => ({ kind: r.kind, text: r.text })),
    targets: readDataFile('targets.csv').map((r, i) => ({
      level: parseLevel(r.level, `targets.csv row ${i + 2}`),
      procedures: Number(r.procedures),
      oneStop: Number(r.one_stop),
      online: { FULL: Number(r.online_full), PARTIAL: Number(r.online_partial), NONE: Number(r.online_none) },
      interconnected: Number(r.interconnected),
    })),
    realProcedures: readDataFile('real-procedures.csv').map((r, i) => ({
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      level: parseLevel(r.level, `real-procedures.csv row ${i + 2}`),
      field: r.field_vi,
      note: r.note,
    })),
    realDetails: new Map(
      readDataFile('real-procedure-details.csv').map((r, i) => {
        const where = `real-procedure-details.csv row ${i + 2}`;
        const details: RealProcedureDetails = {
          code: r.code,
          oneStop: parseFlag(r.one_stop, where),
          interconnected: parseFlag(r.interconnected, where),
          online: r.online === '' ? null : oneOf(Object.values(OnlineServiceLevel), 'online service level', r.online, where),
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
                  kind: oneOf(Object.values(FeeKind), 'fee kind', r.fee_kind, where),
                  amountVnd: parseOptionalInt(r.fee_amount, where),
                  description: r.fee_description,
                },
          onlineFee:
            r.online_fee_description === '' ? null : { amountVnd: parseOptionalInt(r.online_fee_amount, where), description: r.online_fee_description },
          legalBasis: parseList(r.legal_basis),
        };
        return [r.code, details] as const;
      }),
    ),
    realDocuments: readDataFile('real-procedure-documents.csv').map((r) => ({
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
