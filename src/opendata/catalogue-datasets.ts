import { inForceCondition } from '../catalogue/in-force.sql';
import { dayLiteral } from '../db/day-literal';
import type { Column, Dataset, RowSource } from './dataset';
import { csvStatement } from './formats/csv-statement';

/**
 * The catalogue as related tables, joined by stable codes (a procedure by its national code, a
 * channel by procedure and channel, a list item by its position from 1). Every procedure table
 * holds the versions in force on the day asked ($1). Lists inside a procedure row are written
 * `A|B`. Amounts are whole VND; an unknown value is empty, never 0.
 */

const column = (name: string, type: Column['type'], description: string, required = false): Column => ({ name, type, description, required });
const code = column('procedure_code', 'string', 'National procedure code (procedures.code).', true);
const position = column('position', 'integer', 'Place in the list, from 1.', true);
const ofProcedure = { fields: ['procedure_code'], reference: { resource: 'procedures', fields: ['code'] } };

/** The rows of procedure `p` in force on $1, and what hangs off them (alias `p`). */
// The one definition of "in force" every catalogue read uses, its day the statement's only parameter ($1).
export const IN_FORCE = inForceCondition('$1::date');
const day = (sql: string) => `to_char(${sql}, 'YYYY-MM-DD')`;
const list = (sql: string) => `nullif(array_to_string(${sql}, '|'), '')`;
/** The rows of a statement of the catalogue as in force on the day ($1), also as PostgreSQL's CSV. */
const asOf = (sql: string) => ({
  asOf: true,
  changesWith: 'catalogue' as const,
  rows: (source: RowSource, day: string) => source.stream(sql, [day]),
  csv(this: Dataset, source: RowSource, day: string) {
    // COPY takes no parameters: the day (checked YYYY-MM-DD by the route) is written in as a literal.
    return source.copyCsv(csvStatement(sql.replaceAll('$1', dayLiteral(day)), this.columns));
  },
});
/** The rows of a reference table, which has no history. */
const current = (sql: string) => ({
  asOf: false,
  changesWith: 'catalogue' as const,
  rows: (source: RowSource) => source.stream(sql, []),
  csv(this: Dataset, source: RowSource) {
    return source.copyCsv(csvStatement(sql, this.columns));
  },
});

const procedures: Dataset = {
  id: 'procedures',
  title: { vi: 'Danh mục thủ tục hành chính', en: 'Administrative procedures' },
  description: {
    vi: 'Mỗi dòng là một thủ tục hành chính đang có hiệu lực vào ngày được hỏi, với lĩnh vực, cơ quan thực hiện, cấp, một cửa, mức độ dịch vụ công trực tuyến và nguồn gốc dữ liệu.',
    en: 'One row per administrative procedure in force on the day asked, with its field, implementing agency, level, one-stop flags, online-service level and provenance.',
  },
  columns: [
    column('code', 'string', 'National procedure code, e.g. 1.001193; representative (generated) records use R. codes.', true),
    column('version', 'integer', "The version in force (see the change feed's versions).", true),
    column('name', 'string', 'Vietnamese name as published.', true),
    column('name_en', 'string', 'Unofficial English gloss.'),
    column('level', 'string', 'PROVINCE, DISTRICT or COMMUNE.', true),
    column('field_code', 'string', 'Field (fields.code).', true),
    column('agency_code', 'string', 'Implementing agency (agencies.code).', true),
    column('status', 'string', 'PUBLIC, PENDING or ABOLISHED.', true),
    column('effective_from', 'date', 'Day the procedure came into force.', true),
    column('effective_to', 'date', 'Day it ended, when abolished.'),
    column('is_one_stop', 'boolean', 'Received at the one-stop desk.', true),
    column('is_interconnected', 'boolean', 'Inter-connected with other procedures.', true),
    column('online_service_level', 'string', 'FULL, PARTIAL or NONE (Decree 42/2022/NĐ-CP).', true),
    column('subjects', 'string', 'Who may carry it out: CITIZEN, ENTERPRISE, ORGANISATION, STATE_AGENCY, FOREIGNER, separated by |.'),
    column('conditions', 'string', 'Conditions, verbatim.'),
    column('results', 'string', 'Results issued, separated by |.'),
    column('announcement_decision', 'string', 'The announcement decision as printed.'),
    column('min_processing_days', 'number', 'Shortest processing time over channels, in days (hours count an eighth); empty when no channel gives a time.'),
    column('min_fee_vnd', 'integer', "The cheapest channel's fees and charges in VND; empty when an amount is set case by case."),
    column('is_free', 'boolean', 'Nothing is charged on any channel.', true),
    column('is_representative', 'boolean', 'A generated (representative) record, not a real procedure: never present it as fact.', true),
    column('representative_fields', 'string', 'Fields of this row whose values were generated rather than taken from a source, separated by |.'),
    column('valid_from', 'date', 'First day this version is in force.', true),
    column('updated_at', 'datetime', 'Last change in the catalogue.', true),
  ],
  primaryKey: ['code'],
  foreignKeys: [
    { fields: ['field_code'], reference: { resource: 'fields', fields: ['code'] } },
    { fields: ['agency_code'], reference: { resource: 'agencies', fields: ['code'] } },
  ],
  ...asOf(`SELECT p.code, p.version, p.name, p.name_en, p.level, f.code AS field_code, a.code AS agency_code, p.status,
               ${day('p.effective_from')} AS effective_from, ${day('p.effective_to')} AS effective_to, p.is_one_stop, p.is_interconnected,
               p.online_service_level, ${list('p.subjects')} AS subjects, p.conditions, ${list('p.results')} AS results, p.announcement_decision,
               p.min_processing_days::float8 AS min_processing_days, p.min_fee_vnd::float8 AS min_fee_vnd, p.is_free, p.is_representative,
               ${list('p.representative_fields')} AS representative_fields, ${day('p.valid_from')} AS valid_from,
               to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at
          FROM procedure p JOIN field f ON f.id = p.field_id JOIN agency a ON a.id = p.implementing_agency_id
         WHERE ${IN_FORCE} ORDER BY p.code`),
};

const channelKey = [code, column('channel', 'string', 'IN_PERSON, ONLINE or POSTAL.', true)];

const procedureChannels: Dataset = {
  id: 'procedure-channels',
  title: { vi: 'Cách thức thực hiện và thời hạn giải quyết', en: 'Channels and processing times' },
  description: {
    vi: 'Mỗi dòng là một cách thức nộp hồ sơ của một thủ tục (trực tiếp, trực tuyến, bưu chính) với thời hạn giải quyết.',
    en: 'One row per channel of a procedure (in person, online, by post) with its processing time.',
  },
  columns: [
    ...channelKey,
    column('time_value', 'number', 'Processing time; empty when the catalogue gives no fixed time.'),
    column('time_unit', 'string', 'WORKING_DAY, DAY or HOUR.'),
    column('time_description', 'string', 'The time as published, verbatim.'),
  ],
  primaryKey: ['procedure_code', 'channel'],
  foreignKeys: [ofProcedure],
  ...asOf(`SELECT p.code AS procedure_code, c.channel, c.time_value::float8 AS time_value, c.time_unit, c.time_description
          FROM procedure p JOIN procedure_channel c ON c.procedure_id = p.id WHERE ${IN_FORCE} ORDER BY p.code, c.channel`),
};

const channelFees: Dataset = {
  id: 'channel-fees',
  title: { vi: 'Phí, lệ phí theo cách thức thực hiện', en: 'Fees and charges by channel' },
  description: {
    vi: 'Mỗi dòng là một khoản phí hoặc lệ phí trên một cách thức thực hiện, số tiền bằng đồng và mô tả nguyên văn (miễn, giảm).',
    en: 'One row per fee or charge on a channel: the amount in VND and the published text verbatim (exemptions included).',
  },
  columns: [
    ...channelKey,
    position,
    column('kind', 'string', 'FEE (phí) or CHARGE (lệ phí).', true),
    column('amount_vnd', 'integer', 'Whole VND; 0 for free; empty when set case by case.'),
    column('description', 'string', 'Verbatim text, exemptions included.'),
  ],
  primaryKey: ['procedure_code', 'channel', 'position'],
  foreignKeys: [{ fields: ['procedure_code', 'channel'], reference: { resource: 'procedure-channels', fields: ['procedure_code', 'channel'] } }],
  ...asOf(`SELECT p.code AS procedure_code, c.channel, f.position + 1 AS position, f.kind, f.amount_vnd::float8 AS amount_vnd, f.description
          FROM procedure p JOIN procedure_channel c ON c.procedure_id = p.id JOIN channel_fee f ON f.channel_id = c.id
         WHERE ${IN_FORCE} ORDER BY p.code, c.channel, f.position`),
};

const requiredDocuments: Dataset = {
  id: 'required-documents',
  title: { vi: 'Thành phần hồ sơ', en: 'Required documents' },
  description: {
    vi: 'Mỗi dòng là một giấy tờ trong thành phần hồ sơ của một thủ tục, theo trường hợp, với số bản chính, bản sao và mẫu đơn.',
    en: 'One row per document to hand in, by case, with originals, copies and the form.',
  },
  columns: [
    code,
    position,
    column('case_name', 'string', 'The case (trường hợp) it belongs to; empty when the procedure has one.'),
    column('name', 'string', 'Name as published.', true),
    column('originals', 'integer', 'Originals.', true),
    column('copies', 'integer', 'Copies.', true),
    column('is_required', 'boolean', 'Required.', true),
    column('form_name', 'string', "The form's name."),
    column('form_url', 'string', 'Where to download the form.'),
  ],
  primaryKey: ['procedure_code', 'position'],
  foreignKeys: [ofProcedure],
  ...asOf(`SELECT p.code AS procedure_code, d.position + 1 AS position, d.case_name, d.name, d.originals, d.copies, d.is_required, d.form_name, d.form_url
          FROM procedure p JOIN required_document d ON d.procedure_id = p.id WHERE ${IN_FORCE} ORDER BY p.code, d.position`),
};

const procedureSteps: Dataset = {
  id: 'procedure-steps',
  title: { vi: 'Trình tự thực hiện', en: 'Procedure steps' },
  description: { vi: 'Mỗi dòng là một bước trong trình tự thực hiện một thủ tục, theo trường hợp.', en: 'One row per step of a procedure, by case, in order.' },
  columns: [
    code,
    position,
    column('case_name', 'string', 'The case it belongs to; empty when the procedure has one.'),
    column('description', 'string', 'What happens, verbatim.', true),
  ],
  primaryKey: ['procedure_code', 'position'],
  foreignKeys: [ofProcedure],
  ...asOf(`SELECT p.code AS procedure_code, s.position + 1 AS position, s.case_name, s.description
          FROM procedure p JOIN procedure_step s ON s.procedure_id = p.id WHERE ${IN_FORCE} ORDER BY p.code, s.position`),
};

const procedureLegalBasis: Dataset = {
  id: 'procedure-legal-basis',
  title: { vi: 'Căn cứ pháp lý', en: 'Legal basis' },
  description: { vi: 'Mỗi dòng là một văn bản quy phạm pháp luật làm căn cứ của một thủ tục.', en: 'One row per legal document a procedure rests on.' },
  columns: [
    code,
    position,
    column('document_number', 'string', 'Number as printed, e.g. 60/2014/QH13.', true),
    column('title', 'string', 'Title.', true),
    column('issuer', 'string', 'Issuing body.', true),
    column('issued_on', 'date', 'Day of issue.'),
  ],
  primaryKey: ['procedure_code', 'position'],
  foreignKeys: [ofProcedure],
  ...asOf(`SELECT p.code AS procedure_code, b.position + 1 AS position, l.number AS document_number, l.title, l.issuer, ${day('l.issued_on')} AS issued_on
          FROM procedure p JOIN procedure_legal_basis b ON b.procedure_id = p.id JOIN legal_document l ON l.id = b.legal_document_id
         WHERE ${IN_FORCE} ORDER BY p.code, b.position`),
};

const fields: Dataset = {
  id: 'fields',
  title: { vi: 'Lĩnh vực', en: 'Fields' },
  description: { vi: 'Các lĩnh vực thủ tục hành chính.', en: 'Fields (lĩnh vực) procedures belong to.' },
  columns: [column('code', 'string', 'Stable code: the ASCII slug of the name.', true), column('name', 'string', 'Vietnamese name.', true)],
  primaryKey: ['code'],
  foreignKeys: [],
  ...current(`SELECT code, name FROM field ORDER BY code`),
};

const agencies: Dataset = {
  id: 'agencies',
  title: { vi: 'Cơ quan thực hiện', en: 'Agencies' },
  description: { vi: 'Các sở, ban, ngành và Ủy ban nhân dân thực hiện thủ tục.', en: "Departments and People's Committees that implement procedures." },
  columns: [
    column('code', 'string', 'Agency code.', true),
    column('name', 'string', 'Vietnamese name.', true),
    column('level', 'string', 'PROVINCE, DISTRICT or COMMUNE.', true),
    column('unit_code', 'string', 'The administrative unit it belongs to (administrative-units.code).', true),
  ],
  primaryKey: ['code'],
  foreignKeys: [{ fields: ['unit_code'], reference: { resource: 'administrative-units', fields: ['code'] } }],
  ...current(`SELECT a.code, a.name, a.level, u.code AS unit_code FROM agency a JOIN administrative_unit u ON u.id = a.unit_id ORDER BY a.code`),
};

const administrativeUnits: Dataset = {
  id: 'administrative-units',
  title: { vi: 'Đơn vị hành chính', en: 'Administrative units' },
  description: {
    vi: 'Tỉnh, huyện, xã theo mã thống kê (trước sắp xếp tháng 7/2025).',
    en: 'Provinces, districts and communes by statistics code (before the July 2025 reform).',
  },
  columns: [
    column('code', 'string', 'Official statistics code (leading zeros kept).', true),
    column('name', 'string', 'Vietnamese name.', true),
    column('kind', 'string', 'tinh, tptw, huyen, quan, thi_xa, tp, xa, phuong or thi_tran.', true),
    column('level', 'string', 'PROVINCE, DISTRICT or COMMUNE.', true),
    column('parent_code', 'string', 'The unit above; empty for a province.'),
  ],
  primaryKey: ['code'],
  foreignKeys: [{ fields: ['parent_code'], reference: { resource: 'administrative-units', fields: ['code'] } }],
  ...current(`SELECT u.code, u.name, u.kind, u.level, parent.code AS parent_code
          FROM administrative_unit u LEFT JOIN administrative_unit parent ON parent.id = u.parent_id ORDER BY u.code`),
};

/** Every catalogue table, in the order they are listed. */
export const CATALOGUE_DATASETS: readonly Dataset[] = [
  procedures,
  procedureChannels,
  channelFees,
  requiredDocuments,
  procedureSteps,
  procedureLegalBasis,
  fields,
  agencies,
  administrativeUnits,
];
