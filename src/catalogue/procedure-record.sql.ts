import { toGlobalId } from '../graphql/global-id';
import { toAgency, toField } from './catalogue.loaders';
import type { Agency } from './agency.type';
import type { Fee } from './fee.type';
import type { LegalDocument } from './legal-document.type';
import type { ProcedureChannel } from './procedure-channel.type';
import type { ProcedureStep } from './procedure-step.type';
import type { Procedure } from './procedure.type';
import type { ProcessingTime } from './processing-time.type';
import type { RequiredDocument } from './required-document.type';

/**
 * The scalar columns of a procedure (alias p) by field. `code` and `name` always come (the id, the
 * search's highlight); the rest only when selected: an array or a date costs more to parse from
 * the wire than to send, and a names-only page of 100 would parse 300 arrays it never shows.
 */
const SCALARS = {
  code: 'p.code',
  name: 'p.name',
  version: 'p.version',
  nameEn: 'p.name_en AS "nameEn"',
  level: 'p.level',
  isOneStop: 'p.is_one_stop AS "isOneStop"',
  isInterconnected: 'p.is_interconnected AS "isInterconnected"',
  onlineServiceLevel: 'p.online_service_level AS "onlineServiceLevel"',
  subjects: 'p.subjects',
  results: 'p.results',
  conditions: 'p.conditions',
  announcementDecision: 'p.announcement_decision AS "announcementDecision"',
  status: 'p.status',
  effectiveFrom: 'p.effective_from AS "effectiveFrom"',
  effectiveTo: 'p.effective_to AS "effectiveTo"',
  updatedAt: 'p.updated_at AS "updatedAt"',
  minProcessingDays: 'p.min_processing_days AS "minProcessingDays"',
  isFree: 'p.is_free AS "isFree"',
  minFeeVnd: 'p.min_fee_vnd AS "minFeeVnd"',
  isRepresentative: 'p.is_representative AS "isRepresentative"',
  representativeFields: 'p.representative_fields AS "representativeFields"',
} satisfies Partial<Record<keyof Procedure, string>>;

const ALWAYS = new Set(['code', 'name']);

/**
 * A related record comes as a JSON array of its values in a fixed order, not an object: building
 * an object's keys for every record was a third of PostgreSQL's time for a page of 20 with its
 * channels, fees and documents (0.96 -> 0.66 ms), and the keys were parsed again in JavaScript.
 * Each record's SQL values and its decoder's tuple list the same fields in the same order.
 */
interface Related {
  sql: string;
  /** The join its `sql` reads from, when it is a row of another table rather than a subquery. */
  join?: string;
  decode: (values: never) => unknown;
}

const jsonList = (values: string, from: string, order: string) =>
  `(SELECT coalesce(json_agg(json_build_array(${values}) ORDER BY ${order}), '[]') FROM ${from})`;

type FeeValues = [Fee['kind'], Fee['amountVnd'], Fee['description']];
type ChannelValues = [ProcedureChannel['channel'], ProcessingTime['value'], ProcessingTime['unit'], ProcessingTime['description'], FeeValues[]];
type DocumentValues = [
  RequiredDocument['caseName'],
  RequiredDocument['name'],
  RequiredDocument['originals'],
  RequiredDocument['copies'],
  RequiredDocument['isRequired'],
  RequiredDocument['formName'],
  RequiredDocument['formUrl'],
];
type StepValues = [ProcedureStep['position'], ProcedureStep['caseName'], ProcedureStep['description']];
type LegalDocumentValues = [LegalDocument['number'], LegalDocument['title'], LegalDocument['issuer'], LegalDocument['issuedOn']];

/**
 * A procedure's related records, built in the statement that reads the procedure (PostgreSQL
 * defers them past ORDER BY ... LIMIT, so only the rows of the page build them).
 *
 * The field and the agency are joined, not looked up by a subquery: for a subquery PostgreSQL
 * scans the whole (small) table once per row, and a page of 101 spent 2.6 of its 2.8 ms there;
 * joined, it reads each by its key once and remembers it (Memoize): 0.57 ms. Left joins, though
 * both are required, so the procedure stays the outer side of the plan.
 */
const RELATED = {
  field: {
    sql: 'json_build_array(pf.id, pf.code, pf.name)',
    join: 'LEFT JOIN field pf ON pf.id = p.field_id',
    decode: ([dbId, code, name]: [number, string, string]) => toField({ dbId, code, name }),
  },
  implementingAgency: {
    sql: 'json_build_array(pa.id, pa.code, pa.name, pa.level, pa.unit_id)',
    join: 'LEFT JOIN agency pa ON pa.id = p.implementing_agency_id',
    decode: ([dbId, code, name, level, unitId]: [number, string, string, Agency['level'], number]) => toAgency({ dbId, code, name, level, unitId }),
  },
  channels: {
    // The channels' names sort as they are shown (IN_PERSON, ONLINE, POSTAL), as the key's index has them.
    sql: jsonList(
      `c.channel, c.time_value, c.time_unit, c.time_description,
       ${jsonList('f.kind, f.amount_vnd, f.description', 'channel_fee f WHERE f.channel_id = c.id', 'f.position')}`,
      'procedure_channel c WHERE c.procedure_id = p.id',
      'c.channel',
    ),
    decode: (channels: ChannelValues[]): ProcedureChannel[] =>
      channels.map(([channel, value, unit, description, fees]) => ({
        channel,
        processingTime: { value, unit, description },
        fees: fees.map(([kind, amountVnd, feeDescription]) => ({ kind, amountVnd, description: feeDescription })),
      })),
  },
  requiredDocuments: {
    sql: jsonList(
      'd.case_name, d.name, d.originals, d.copies, d.is_required, d.form_name, d.form_url',
      'required_document d WHERE d.procedure_id = p.id',
      'd.position',
    ),
    decode: (documents: DocumentValues[]): RequiredDocument[] =>
      documents.map(([caseName, name, originals, copies, isRequired, formName, formUrl]) => ({
        caseName,
        name,
        originals,
        copies,
        isRequired,
        formName,
        formUrl,
      })),
  },
  steps: {
    sql: jsonList('s.position + 1, s.case_name, s.description', 'procedure_step s WHERE s.procedure_id = p.id', 's.position'),
    decode: (steps: StepValues[]): ProcedureStep[] => steps.map(([position, caseName, description]) => ({ position, caseName, description })),
  },
  legalBasis: {
    sql: jsonList(
      'l.number, l.title, l.issuer, l.issued_on',
      'procedure_legal_basis b JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id',
      'b.position',
    ),
    decode: (documents: LegalDocumentValues[]): LegalDocument[] => documents.map(([number, title, issuer, issuedOn]) => ({ number, title, issuer, issuedOn })),
  },
} satisfies Partial<Record<keyof Procedure, Related>>;

const RELATED_ENTRIES = Object.entries(RELATED) as [string, Omit<Related, 'decode'> & { decode: (values: unknown) => unknown }][];

/** How a statement reads a procedure: `SELECT ${columns} FROM procedure p ${joins}`. */
export interface ProcedureSelect {
  columns: string;
  /** Joins to follow `procedure p` (or empty). */
  joins: string;
  /** Whether a row builds related records (its statement costs more per row than reading it). */
  buildsRelated: boolean;
}

/**
 * The select list of a procedure with the fields among `selected` (the client's selection on
 * Procedure), and the joins it needs: what a page of procedures shows, to any depth below them
 * but the agency's unit, comes in one statement, and what nobody asked for is neither built nor
 * parsed.
 */
export function procedureSelect(selected: ReadonlySet<string>): ProcedureSelect {
  const scalars = Object.entries(SCALARS).filter(([name]) => ALWAYS.has(name) || selected.has(name));
  const related = RELATED_ENTRIES.filter(([name]) => selected.has(name));
  return {
    columns: [...scalars.map(([, column]) => column), ...related.map(([name, { sql }]) => `${sql} AS "${name}"`)].join(', '),
    joins: related.flatMap(([, { join }]) => (join ? [join] : [])).join(' '),
    buildsRelated: related.length > 0,
  };
}

/** A row as read: its related records still as their values (see RELATED). */
type ProcedureRow = Omit<Procedure, 'id' | keyof typeof RELATED> & Partial<Record<keyof typeof RELATED, unknown>>;

/**
 * A row as a Procedure, its global id included when `selected` has it: encoding an id for every
 * row of a page nobody asked ids of was a twentieth of a names-only page's time.
 */
export function toProcedure(row: ProcedureRow, selected: ReadonlySet<string>): Procedure {
  const procedure = row as Record<string, unknown>;
  if (selected.has('id')) procedure.id = toGlobalId('Procedure', row.code);
  for (const [name, { decode }] of RELATED_ENTRIES) if (procedure[name] != null) procedure[name] = decode(procedure[name]);
  return procedure as unknown as Procedure;
}

/** Every field and related record: a procedure read whole (the change feed's lines, the open-data records). */
export const WHOLE_RECORD: ReadonlySet<string> = new Set(['id', ...Object.keys(SCALARS), ...Object.keys(RELATED)]);

/**
 * A whole procedure as published outside GraphQL (the feed's NDJSON, the open-data records): the
 * GraphQL `Procedure` shape, its field and agency by code and name rather than internal ids.
 */
export function publishedProcedure({ field, implementingAgency, ...record }: Procedure) {
  return {
    ...record,
    field: { id: field.id, code: field.code, name: field.name },
    implementingAgency: { id: implementingAgency.id, code: implementingAgency.code, name: implementingAgency.name, level: implementingAgency.level },
  };
}
export type PublishedProcedure = ReturnType<typeof publishedProcedure>;
