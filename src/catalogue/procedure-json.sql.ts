import { base64url, jsonText, objectJson, rowArray, sqlLiteral, type ObjectJson } from '../db/json-text';
import type { JsonSelection } from '../shared/json-selection';
import { inForceOn } from './in-force.sql';
import { SCALARS } from './procedure-record.sql';

/** The list of `object`s read `from` a table, in `order`. */
const listJson =
  (object: ObjectJson, from: string, order: string): ObjectJson =>
  (keys) => {
    const item = object(keys);
    return item && `(SELECT ${rowArray(item, order)} FROM ${from})`;
  };

/** A global id as toGlobalId makes it: base64url of "<kind>:<code>". */
const globalId = (kind: string, code: string) => base64url(`${sqlLiteral(`${kind}:`)} || ${code}`);

/**
 * The SQL of each field whose JSON PostgreSQL writes as the API's scalars serialise it: texts,
 * booleans, integers and enums (stored by their names) as they are; numerics as float8 (2.50
 * is written 2.5, as a JavaScript number is); dates as `YYYY-MM-DD`; an instant as
 * `Date.toISOString` writes it (UTC, milliseconds). A URL is written as stored: the statement
 * also returns the stored URLs, and an answer is given only when each is already in the form the
 * URL scalar serialises it to (see procedureJson).
 */
const FEE = objectJson({ kind: 'f.kind', amountVnd: 'f.amount_vnd', description: 'f.description' });

const PROCESSING_TIME = objectJson({ value: 'c.time_value::float8', unit: 'c.time_unit', description: 'c.time_description' });

const CHANNEL = objectJson(
  { channel: 'c.channel' },
  {
    processingTime: PROCESSING_TIME,
    fees: listJson(FEE, 'channel_fee f WHERE f.channel_id = c.id', 'f.position'),
  },
);

const REQUIRED_DOCUMENT = objectJson({
  caseName: 'd.case_name',
  name: 'd.name',
  originals: 'd.originals',
  copies: 'd.copies',
  isRequired: 'd.is_required',
  formName: 'd.form_name',
  formUrl: 'd.form_url',
});

const STEP = objectJson({ position: 's.position + 1', caseName: 's.case_name', description: 's.description' });

const LEGAL_DOCUMENT = objectJson({ number: 'l.number', title: 'l.title', issuer: 'l.issuer', issuedOn: 'l.issued_on' });

const FIELD = objectJson({ id: globalId('Field', 'pf.code'), code: 'pf.code', name: 'pf.name' });

const AGENCY = objectJson({ id: globalId('Agency', 'pa.code'), code: 'pa.code', name: 'pa.name', level: 'pa.level' });

/** A procedure (alias p), its required documents built by `documents`. */
const procedureObject = (documents: ObjectJson) =>
  objectJson(
    // The columns as procedureSelect reads them, but for the values whose JSON it makes in JavaScript.
    {
      ...SCALARS,
      id: globalId('Procedure', 'p.code'),
      updatedAt: `to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      minProcessingDays: 'p.min_processing_days::float8',
    },
    {
      field: FIELD,
      implementingAgency: AGENCY,
      channels: listJson(CHANNEL, 'procedure_channel c WHERE c.procedure_id = p.id', 'c.channel'),
      requiredDocuments: documents,
      steps: listJson(STEP, 'procedure_step s WHERE s.procedure_id = p.id', 's.position'),
      legalBasis: listJson(
        LEGAL_DOCUMENT,
        'procedure_legal_basis b JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id',
        'b.position',
      ),
    },
  );

const DOCUMENTS_FROM = 'required_document d WHERE d.procedure_id = p.id';

/** The required documents as a list, in a subquery like every other list. */
const DOCUMENTS = listJson(REQUIRED_DOCUMENT, DOCUMENTS_FROM, 'd.position');

/** The keys asked of the required documents, when form URLs are among them. */
const documentKeysWithUrls = (keys: readonly JsonSelection[]): readonly JsonSelection[] | null => {
  const documents = keys.find((entry) => 'field' in entry && entry.field === 'requiredDocuments');
  const selection = documents && 'field' in documents ? documents.selection : undefined;
  return selection?.some((entry) => 'field' in entry && entry.field === 'formUrl') ? selection : null;
};

/** Joined as procedureSelect joins them (see RELATED there); PostgreSQL drops the joins the keys do not read. */
export const PROCEDURE_JOINS = 'LEFT JOIN field pf ON pf.id = p.field_id LEFT JOIN agency pa ON pa.id = p.implementing_agency_id';

/**
 * A procedure of a page (alias p, with PROCEDURE_JOINS) as the row of its JSON object of `keys`
 * (see ObjectJson), or null when a key is not a field it can build exactly, or reads the form
 * URLs: whether each is in its serialised form is known only once read (see procedureJson), and a
 * page is answered whole.
 */
export const procedurePageNode: ObjectJson = (keys) => (documentKeysWithUrls(keys) ? null : procedureObject(DOCUMENTS)(keys));

/** A row of a procedure's JSON statement: the JSON text, and the stored form URLs when the keys read them. */
export interface ProcedureJsonRow {
  json: string;
  form_urls?: string[] | null;
}

/** How to read one procedure as the JSON of some keys: the statement for a day, with the code as its one parameter. */
export interface ProcedureJson {
  statement(asOf: string): string;
}

/**
 * A procedure as the JSON object of `keys`, built in one statement, or null when a key is not a
 * field it can build exactly. The statement text is kept for the last day asked (nearly every
 * request reads today), so that it is the same string and its hash, for the prepared statements'
 * lookup, is computed once.
 */
export function procedureJson(keys: readonly JsonSelection[]): ProcedureJson | null {
  // When form URLs are read, the documents come from a lateral join (rd) that also gives the stored
  // URLs, read in the same scan: a subquery of its own for the URLs cost PostgreSQL 0.6 ms more a request.
  const documentKeys = documentKeysWithUrls(keys);
  const document = documentKeys && REQUIRED_DOCUMENT(documentKeys);
  const json = procedureObject(documentKeys ? () => document && 'rd.documents' : DOCUMENTS)(keys);
  if (!json) return null;
  let from = `procedure p ${PROCEDURE_JOINS}`;
  let columns = `${jsonText(json)} AS json`;
  if (document) {
    from += ` LEFT JOIN LATERAL (SELECT ${rowArray(document, 'd.position')} AS documents,
      array_agg(d.form_url) FILTER (WHERE d.form_url IS NOT NULL) AS form_urls FROM ${DOCUMENTS_FROM}) rd ON true`;
    columns += ', rd.form_urls';
  }
  let last: { asOf: string; text: string } | null = null;
  return {
    statement(asOf) {
      if (last?.asOf !== asOf) last = { asOf, text: `SELECT ${columns} FROM ${from} WHERE p.code = $1 AND ${inForceOn(asOf)}` };
      return last.text;
    },
  };
}
