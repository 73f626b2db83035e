import type { ProcedureRecord } from './write/catalogue-record';

/**
 * A stored version read back as the record the writer took (ProcedureRecord): what an edit
 * patches, what an import merges into, and what the audit trail compares. Built in one statement
 * per set of versions, children in their stored order, values in the shapes the writer hashed
 * (ISO dates, `toISOString()` times), so an unchanged record read back hashes as it was written.
 */
export interface StoredRecord {
  id: number;
  version: number;
  /** First day the version is in force. */
  validFrom: string;
  record: ProcedureRecord;
}

const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const RECORD = `jsonb_build_object(
  'code', p.code, 'name', p.name, 'nameEn', p.name_en, 'level', p.level,
  'fieldCode', (SELECT f.code FROM field f WHERE f.id = p.field_id),
  'agencyCode', (SELECT a.code FROM agency a WHERE a.id = p.implementing_agency_id),
  'status', p.status, 'effectiveFrom', ${day('p.effective_from')}, 'effectiveTo', ${day('p.effective_to')},
  'updatedAt', to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'isOneStop', p.is_one_stop, 'isInterconnected', p.is_interconnected, 'onlineServiceLevel', p.online_service_level,
  'subjects', to_jsonb(p.subjects), 'conditions', p.conditions, 'results', to_jsonb(p.results),
  'announcementDecision', p.announcement_decision, 'isRepresentative', p.is_representative,
  'representativeFields', to_jsonb(p.representative_fields),
  'legalBasis', (SELECT coalesce(jsonb_agg(l.number ORDER BY b.position), '[]')
                   FROM procedure_legal_basis b JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id),
  'steps', (SELECT coalesce(jsonb_agg(jsonb_build_object('caseName', s.case_name, 'description', s.description) ORDER BY s.position), '[]')
              FROM procedure_step s WHERE s.procedure_id = p.id),
  'channels', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'channel', c.channel, 'timeValue', c.time_value, 'timeUnit', c.time_unit, 'timeDescription', c.time_description,
                 'fees', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', f.kind, 'amountVnd', f.amount_vnd, 'description', f.description)
                                                    ORDER BY f.position), '[]')
                            FROM channel_fee f WHERE f.channel_id = c.id)) ORDER BY c.id), '[]')
                 FROM procedure_channel c WHERE c.procedure_id = p.id),
  'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('caseName', d.case_name, 'name', d.name, 'originals', d.originals,
                  'copies', d.copies, 'isRequired', d.is_required, 'formName', d.form_name, 'formUrl', d.form_url) ORDER BY d.position), '[]')
                  FROM required_document d WHERE d.procedure_id = p.id))`;

/** The versions with these ids ($1: int[]). */
export const STORED_VERSIONS_SQL = `
  SELECT p.id, p.version, ${day('p.valid_from')} AS "validFrom", ${RECORD} AS record
    FROM procedure p WHERE p.id = ANY($1::int[])`;

/** The last stored version of each of these codes ($1: text[]), in force or not (a removed procedure's last content). */
export const LAST_STORED_SQL = `
  SELECT DISTINCT ON (p.code) p.id, p.version, ${day('p.valid_from')} AS "validFrom", ${RECORD} AS record
    FROM procedure p WHERE p.code = ANY($1::text[])
   ORDER BY p.code, p.version DESC`;

/** A row of either statement, with the numbers PostgreSQL sends as JSON numbers turned back into what the writer took. */
export function toStoredRecord(row: StoredRecord): StoredRecord {
  for (const channel of row.record.channels) if (channel.timeValue !== null) channel.timeValue = Number(channel.timeValue);
  return row;
}
