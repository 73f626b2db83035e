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
 * The scalar values of a procedure (alias p) by field, as SQL. `code` and `name` always come, as
 * columns of their own (the id, the search's highlight, a page's key); the rest only when
 * selected: an array or a date costs more to parse than to send, and a names-only page of 100
 * would parse 300 arrays it never shows. JSON carries no instant: `updatedAt` comes as
 * milliseconds since 1970 (see SCALAR_DECODERS).
 */
export const SCALARS = {
  code: 'p.code',
  name: 'p.name',
  version: 'p.version',
  nameEn: 'p.name_en',
  level: 'p.level',
  isOneStop: 'p.is_one_stop',
  isInterconnected: 'p.is_interconnected',
  onlineServiceLevel: 'p.online_service_level',
  subjects: 'p.subjects',
  results: 'p.results',
  conditions: 'p.conditions',
  announcementDecision: 'p.announcement_decision',
  status: 'p.status',
  effectiveFrom: 'p.effective_from',
  effectiveTo: 'p.effective_to',
  updatedAt: 'extract(epoch FROM p.updated_at) * 1000',
  minProcessingDays: 'p.min_processing_days',
  isFree: 'p.is_free',
  minFeeVnd: 'p.min_fee_vnd',
  isRepresentative: 'p.is_representative',
  representativeFields: 'p.representative_fields',
} satisfies Partial<Record<keyof Procedure, string>>;

/** The scalars whose JSON value is not yet the Procedure's (JSON's dates are strings, as the API's are). */
const SCALAR_DECODERS: Partial<Record<keyof typeof SCALARS, (value: never) => unknown>> = {
  updatedAt: (milliseconds: number) => new Date(milliseconds),
};

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

/** A value of the record column: its field, SQL, and how its JSON value becomes the field's. */
interface RecordValue {
  name: string;
  sql: string;
  decode?: (value: never) => unknown;
}

const SCALAR_VALUES: RecordValue[] = Object.entries(SCALARS)
  .filter(([name]) => !ALWAYS.has(name))
  .map(([name, sql]) => ({ name, sql, decode: SCALAR_DECODERS[name as keyof typeof SCALARS] }));
const RELATED_VALUES: (RecordValue & Pick<Related, 'join'>)[] = Object.entries(RELATED).map(([name, related]) => ({ name, ...related }));

/** A row as read: the code and name, then the other selected fields' values in one JSON array (absent when none is). */
export interface ProcedureRow {
  code: string;
  name: string;
  record?: unknown[];
}

/** How statements read procedures with one selection: `SELECT ${columns} FROM procedure p ${joins}`, each row made a Procedure by `toProcedure`. */
export interface ProcedureSelect {
  columns: string;
  /** Joins to follow `procedure p` (or empty). */
  joins: string;
  /** Whether a row builds related records (its statement costs more per row than reading it). */
  buildsRelated: boolean;
  /** A row read with `columns` (and whatever else its statement adds) as a Procedure. */
  toProcedure: (row: ProcedureRow) => Procedure;
}

/**
 * How a statement reads the fields among `selected` (the client's selection on Procedure): what
 * a page of procedures shows, to any depth below them but the agency's unit, comes in one
 * statement, and what nobody asked for is neither built nor parsed.
 *
 * Beyond the code and name, a row's values come as one JSON array (`record`), not a column each:
 * the driver reads every column's name and type from every answer and builds each row from them,
 * which for a whole record (25 columns) cost the server 113 µs a statement, against 73 µs for
 * three columns with the same values (JSON.parse included). The global id is made only when
 * `selected` has it: encoding an id for every row of a page nobody asked ids of was a twentieth
 * of a names-only page's time.
 */
export function procedureSelect(selected: ReadonlySet<string>): ProcedureSelect {
  let select = selects.get(selected);
  if (!select) selects.set(selected, (select = buildSelect(selected)));
  return select;
}

/** Each selection's statement parts, made once: selectedFields gives the requests of one document the same Set. */
const selects = new WeakMap<ReadonlySet<string>, ProcedureSelect>();

function buildSelect(selected: ReadonlySet<string>): ProcedureSelect {
  const values = [...SCALAR_VALUES, ...RELATED_VALUES].filter(({ name }) => selected.has(name));
  const withId = selected.has('id');
  return {
    columns: ['p.code', 'p.name', ...(values.length ? [`json_build_array(${values.map(({ sql }) => sql).join(', ')}) AS record`] : [])].join(', '),
    joins: RELATED_VALUES.flatMap(({ name, join }) => (join && selected.has(name) ? [join] : [])).join(' '),
    buildsRelated: RELATED_VALUES.some(({ name }) => selected.has(name)),
    toProcedure: (row) => {
      // Code and name only (a names page): the row is the procedure, one object fewer per row.
      if (!values.length && !withId) return row as unknown as Procedure;
      const { code, name, record } = row;
      const procedure: Record<string, unknown> = { code, name };
      if (withId) procedure.id = toGlobalId('Procedure', code);
      for (let i = 0; i < values.length; i++) {
        const { decode } = values[i];
        const value = record![i];
        procedure[values[i].name] = decode && value !== null ? decode(value as never) : value;
      }
      return procedure as unknown as Procedure;
    },
  };
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
