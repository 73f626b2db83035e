import { toGlobalId } from '../graphql/global-id';
import { toAgency, toField } from './catalogue.loaders';
import type { Procedure } from './procedure.type';

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

const jsonList = (element: string, from: string, order: string) => `(SELECT coalesce(json_agg(${element} ORDER BY ${order}), '[]') FROM ${from})`;

/**
 * A procedure's related records, each as JSON built in the statement that reads the procedure
 * (PostgreSQL defers them past ORDER BY ... LIMIT, so only the rows of the page build them).
 */
const RELATED = {
  field: `(SELECT json_build_object('dbId', f.id, 'code', f.code, 'name', f.name) FROM field f WHERE f.id = p.field_id)`,
  implementingAgency: `(SELECT json_build_object('dbId', a.id, 'code', a.code, 'name', a.name, 'level', a.level, 'unitId', a.unit_id)
                          FROM agency a WHERE a.id = p.implementing_agency_id)`,
  channels: jsonList(
    `json_build_object('channel', c.channel,
       'processingTime', json_build_object('value', c.time_value, 'unit', c.time_unit, 'description', c.time_description),
       'fees', ${jsonList(`json_build_object('kind', f.kind, 'amountVnd', f.amount_vnd, 'description', f.description)`, 'channel_fee f WHERE f.channel_id = c.id', 'f.position')})`,
    'procedure_channel c WHERE c.procedure_id = p.id',
    `CASE c.channel WHEN 'IN_PERSON' THEN 1 WHEN 'ONLINE' THEN 2 ELSE 3 END`,
  ),
  requiredDocuments: jsonList(
    `json_build_object('caseName', d.case_name, 'name', d.name, 'originals', d.originals, 'copies', d.copies,
       'isRequired', d.is_required, 'formName', d.form_name, 'formUrl', d.form_url)`,
    'required_document d WHERE d.procedure_id = p.id',
    'd.position',
  ),
  steps: jsonList(
    `json_build_object('position', s.position + 1, 'caseName', s.case_name, 'description', s.description)`,
    'procedure_step s WHERE s.procedure_id = p.id',
    's.position',
  ),
  legalBasis: jsonList(
    `json_build_object('number', l.number, 'title', l.title, 'issuer', l.issuer, 'issuedOn', l.issued_on)`,
    'procedure_legal_basis b JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id',
    'b.position',
  ),
} satisfies Partial<Record<keyof Procedure, string>>;

/**
 * The select list of a procedure with the fields among `selected` (the client's selection on
 * Procedure): what a page of procedures shows, to any depth below them but the agency's unit,
 * comes in one statement, and what nobody asked for is neither built nor parsed.
 */
export function procedureColumns(selected: ReadonlySet<string>): string {
  const scalars = Object.entries(SCALARS).filter(([name]) => ALWAYS.has(name) || selected.has(name));
  const related = Object.entries(RELATED).filter(([name]) => selected.has(name));
  return [...scalars.map(([, column]) => column), ...related.map(([name, json]) => `${json} AS "${name}"`)].join(', ');
}

type ProcedureRow = Omit<Procedure, 'id' | 'field' | 'implementingAgency'> & Partial<Pick<Procedure, 'field' | 'implementingAgency'>>;

/**
 * A row as a Procedure, its global id included when `selected` has it: encoding an id for every
 * row of a page nobody asked ids of was a twentieth of a names-only page's time.
 */
export function toProcedure(row: ProcedureRow, selected: ReadonlySet<string>): Procedure {
  const procedure = row as Procedure;
  if (selected.has('id')) procedure.id = toGlobalId('Procedure', row.code);
  if (row.field) procedure.field = toField(row.field);
  if (row.implementingAgency) procedure.implementingAgency = toAgency(row.implementingAgency);
  return procedure;
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
