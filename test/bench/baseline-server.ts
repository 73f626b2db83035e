import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { SESSION_SETTINGS } from '../../src/db/session-settings';
import { searchTokens } from '../../src/catalogue/search/vietnamese-text';

/**
 * The raw baseline: bare node:http and pg, one prepared statement per bench query that builds the
 * whole response JSON in PostgreSQL, written to the socket as it comes. No GraphQL, no validation,
 * no objects in between: the practical limit for the same work. It answers the bench's requests
 * (routed on their operation name) in our API's response shape, so the bench compares its
 * answers with ours; it answers nothing else.
 */

const CHANNELS = `(SELECT coalesce(json_agg(json_build_object(
    'channel', c.channel,
    'processingTime', json_build_object('value', c.time_value, 'unit', c.time_unit, 'description', c.time_description),
    'fees', (SELECT coalesce(json_agg(json_build_object('kind', f.kind, 'amountVnd', f.amount_vnd, 'description', f.description)
                                      ORDER BY f.position), '[]')
               FROM channel_fee f WHERE f.channel_id = c.id)) ORDER BY c.channel), '[]')
   FROM procedure_channel c WHERE c.procedure_id = p.id)`;

/**
 * A procedure's field and agency (pf, pa), joined as ours joins them (a subquery per row scans
 * each small table whole: see procedure-record.sql.ts). PostgreSQL drops a join whose columns a
 * statement does not use.
 */
const FIELD_AND_AGENCY = 'LEFT JOIN field pf ON pf.id = p.field_id LEFT JOIN agency pa ON pa.id = p.implementing_agency_id';

const PAGE_NODE = `json_build_object(
  'code', p.code, 'name', p.name, 'level', p.level,
  'field', json_build_object('code', pf.code, 'name', pf.name),
  'implementingAgency', json_build_object('code', pa.code, 'name', pa.name),
  'channels', ${CHANNELS},
  'requiredDocuments', (SELECT coalesce(json_agg(json_build_object('caseName', d.case_name, 'name', d.name, 'originals', d.originals,
                                                   'copies', d.copies, 'isRequired', d.is_required) ORDER BY d.position), '[]')
                          FROM required_document d WHERE d.procedure_id = p.id))`;

const RECORD = `
  SELECT json_build_object('data', json_build_object('procedure', json_build_object(
    'code', p.code, 'name', p.name, 'nameEn', p.name_en, 'level', p.level,
    'field', json_build_object('code', pf.code, 'name', pf.name),
    'implementingAgency', json_build_object('code', pa.code, 'name', pa.name),
    'isOneStop', p.is_one_stop, 'isInterconnected', p.is_interconnected, 'onlineServiceLevel', p.online_service_level,
    'subjects', p.subjects, 'results', p.results, 'conditions', p.conditions, 'announcementDecision', p.announcement_decision,
    'status', p.status, 'effectiveFrom', p.effective_from, 'effectiveTo', p.effective_to, 'updatedAt', p.updated_at,
    'minProcessingDays', p.min_processing_days, 'isFree', p.is_free, 'minFeeVnd', p.min_fee_vnd,
    'channels', ${CHANNELS},
    'requiredDocuments', (SELECT coalesce(json_agg(json_build_object('caseName', d.case_name, 'name', d.name, 'originals', d.originals,
                                                     'copies', d.copies, 'isRequired', d.is_required, 'formName', d.form_name,
                                                     'formUrl', d.form_url) ORDER BY d.position), '[]')
                            FROM required_document d WHERE d.procedure_id = p.id),
    'steps', (SELECT coalesce(json_agg(json_build_object('position', s.position + 1, 'caseName', s.case_name,
                                                         'description', s.description) ORDER BY s.position), '[]')
                FROM procedure_step s WHERE s.procedure_id = p.id),
    'legalBasis', (SELECT coalesce(json_agg(json_build_object('number', l.number, 'title', l.title, 'issuer', l.issuer,
                                                              'issuedOn', l.issued_on) ORDER BY b.position), '[]')
                     FROM procedure_legal_basis b JOIN legal_document l ON l.id = b.legal_document_id WHERE b.procedure_id = p.id)
  )))::text AS json
    FROM procedure p ${FIELD_AND_AGENCY} WHERE p.code = $1`;

const COUNTS = `
  SELECT json_build_object('data', json_build_object('catalogueSummary', json_build_object('byLevelAndOneStop',
           json_agg(json_build_object('level', k.level, 'isOneStop', k.one_stop, 'count', coalesce(c.n, 0)) ORDER BY k.ord))))::text AS json
    FROM (VALUES ('PROVINCE', true, 1), ('PROVINCE', false, 2), ('DISTRICT', true, 3), ('DISTRICT', false, 4),
                 ('COMMUNE', true, 5), ('COMMUNE', false, 6)) AS k(level, one_stop, ord)
    LEFT JOIN (SELECT level, is_one_stop, count(*)::int AS n FROM procedure GROUP BY 1, 2) c
      ON c.level = k.level AND c.is_one_stop = k.one_stop`;

/** The filtered pages' node: a few scalars and the field. */
const FILTERED_NODE = `json_build_object('code', p.code, 'name', p.name, 'level', p.level, 'isOneStop', p.is_one_stop,
  'onlineServiceLevel', p.online_service_level, 'minFeeVnd', p.min_fee_vnd,
  'field', json_build_object('code', pf.code, 'name', pf.name))`;

const FILTER_CONDITIONS: Record<string, string> = {
  level: 'level = $1',
  field: 'field_id = $1::int',
  oneStop: 'is_one_stop = $1::boolean',
  online: 'online_service_level = $1',
  fee: 'min_fee_vnd <= $1::bigint',
};

const edges = (node: string, limit: string, where: string) => `
  SELECT json_build_object('data', json_build_object('procedures', json_build_object('edges',
           coalesce(json_agg(json_build_object('node', ${node}) ORDER BY p.name, p.id), '[]'))))::text AS json
    FROM (SELECT * FROM procedure ${where} ORDER BY name, id LIMIT ${limit}) p ${FIELD_AND_AGENCY}`;

/**
 * The search (for words without diacritics, so no exact-spelling classes): the relevance classes
 * and order of ours (see tierConditions), in one statement with its count; one statement per
 * number of words.
 */
function searchStatement(text: string): Query {
  const tokens = searchTokens(text).slice(0, 12);
  const phrase = ` ${tokens.join(' ')}`;
  const words = tokens.map((t, i) => (i === tokens.length - 1 ? `${t}:*` : t)).join(' & ');
  const nameWords = tokens.map((_, i) => `strpos(s.name_words, $${i + 3}) > 0`).join(' AND ');
  const nameWordValues = tokens.map((t, i) => ` ${t}${i === tokens.length - 1 ? '' : ' '}`);
  return {
    name: `search_${tokens.length}`,
    values: [words, phrase, ...nameWordValues],
    text: `
      WITH docs AS (
        -- A document phrase is two words or more, and not one common to more than 2 % of the catalogue.
        SELECT CASE WHEN ${tokens.length} >= 2 AND coalesce(sum(uses), 0) <= 0.02 * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'procedure_search'::regclass)
                    THEN coalesce(array_agg(id), '{}') ELSE '{}' END AS ids
          FROM search_document WHERE uses > 0 AND strpos(words, $2) > 0
      ), matched AS MATERIALIZED (
        SELECT s.procedure_id AS id, length(s.name_words) AS len,
               CASE WHEN starts_with(s.name_words, $2) THEN 2 WHEN strpos(s.name_words, $2) > 0 THEN 3
                    WHEN s.document_ids && (SELECT ids FROM docs) THEN 4 WHEN ${nameWords} THEN 5 ELSE 6 END AS tier
          FROM procedure_search s
         WHERE s.text_vector @@ $1::tsquery OR s.document_ids && (SELECT ids FROM docs)
      )
      SELECT json_build_object('data', json_build_object('procedures', json_build_object(
               'totalCount', (SELECT count(*) FROM matched),
               'edges', (SELECT coalesce(json_agg(json_build_object('node', json_build_object('code', p.code, 'name', p.name, 'level', p.level))
                                                  ORDER BY m.tier, m.len, m.id), '[]')
                           FROM (SELECT * FROM matched ORDER BY tier, len, id LIMIT 20) m JOIN procedure p ON p.id = m.id))))::text AS json`,
  };
}

/** A unit's dossiers (with its sub-units'), their days in the province's time zone: what the rollups summarise, read raw. */
const UNIT_DOSSIERS = `
  RECURSIVE scope AS (SELECT id FROM administrative_unit WHERE code = $1
                      UNION ALL SELECT c.id FROM administrative_unit c JOIN scope s ON c.parent_id = s.id),
  d AS (SELECT (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rday, (finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS fday,
               status, channel, finished_at > due_at AS overdue
          FROM dossier WHERE unit_id IN (SELECT id FROM scope))`;

/** Figures over [from, to] (see test/support/direct-statistics, which the statistics tests check the rollups against). */
const figures = (from: string, to: string) => `
  'newlyReceived', count(*) FILTER (WHERE d.rday BETWEEN ${from} AND ${to}),
  'receivedOnline', count(*) FILTER (WHERE d.rday BETWEEN ${from} AND ${to} AND d.channel = 'ONLINE'),
  'resolved', count(*) FILTER (WHERE d.fday BETWEEN ${from} AND ${to} AND d.status IN (9, 10)),
  'resolvedOverdue', count(*) FILTER (WHERE d.fday BETWEEN ${from} AND ${to} AND d.status IN (9, 10) AND d.overdue),
  'pendingAtEnd', count(*) FILTER (WHERE d.rday <= ${to} AND (d.fday IS NULL OR d.fday > ${to}))`;

const STATISTICS = `
  WITH ${UNIT_DOSSIERS}
  SELECT json_build_object('data', json_build_object('dossierStatistics', json_build_object(
           'carriedOver', count(*) FILTER (WHERE d.rday < $2 AND (d.fday IS NULL OR d.fday >= $2)),
           'withdrawn', count(*) FILTER (WHERE d.fday BETWEEN $2 AND $3 AND d.status = 7),
           ${figures('$2', '$3')})))::text AS json
    FROM d`;

const SERIES = `
  WITH ${UNIT_DOSSIERS},
  months AS (SELECT m::date AS first, (m + interval '1 month' - interval '1 day')::date AS last
               FROM generate_series($2::date, $3::date, interval '1 month') m)
  SELECT json_build_object('data', json_build_object('dossierStatisticsSeries', json_agg(f.o ORDER BY f.first)))::text AS json
    FROM (SELECT m.first, json_build_object('from', m.first, 'to', m.last, ${figures('m.first', 'm.last')}) AS o
            FROM months m CROSS JOIN d GROUP BY m.first, m.last) f`;

const SUMMARY = `
  SELECT json_build_object('data', json_build_object('catalogueSummary', json_build_object(
           'total', coalesce(sum(n), 0), 'byLevelAndOneStop', coalesce(json_agg(json_build_object('level', level, 'isOneStop', is_one_stop, 'count', n)), '[]'))))::text AS json
    FROM (SELECT level, is_one_stop, count(*)::int AS n FROM procedure
           WHERE ($1::int IS NULL OR field_id = $1) AND ($2::text IS NULL OR online_service_level = $2) AND ($3::bigint IS NULL OR min_fee_vnd <= $3)
           GROUP BY 1, 2) c`;

/** A statement to run, prepared under its name. */
interface Query {
  name: string;
  text: string;
  values: unknown[];
}

/** The baseline's cursor is the plain key it continues after. */
const key = (cursor: unknown) => JSON.parse(Buffer.from(String(cursor), 'base64url').toString()) as unknown[];

const ROUTES: Record<string, (v: Record<string, any>) => Query> = {
  Page: () => ({ name: 'page', text: edges(PAGE_NODE, '20', ''), values: [] }),
  DeepPage: (v) => ({ name: 'deep_page', text: edges(PAGE_NODE, '20', 'WHERE (name, id) > ($1, $2)'), values: key(v.after) }),
  Names: (v) => ({
    name: 'names',
    text: edges(`json_build_object('code', p.code, 'name', p.name)`, '$1', 'WHERE (name, id) > ($2, $3)'),
    values: [v.first, ...key(v.after)],
  }),
  Filtered: (v) => {
    const condition = FILTER_CONDITIONS[v.kind];
    if (!condition) throw new Error('unknown filter');
    return v.after
      ? {
          name: `filtered_${v.kind}_after`,
          text: edges(FILTERED_NODE, '20', `WHERE ${condition} AND (name, id) > ($2, $3)`),
          values: [v.value, ...key(v.after)],
        }
      : { name: `filtered_${v.kind}`, text: edges(FILTERED_NODE, '20', `WHERE ${condition}`), values: [v.value] };
  },
  Record: (v) => ({ name: 'record', text: RECORD, values: [v.code] }),
  Counts: () => ({ name: 'counts', text: COUNTS, values: [] }),
  Summary: (v) => ({ name: 'summary', text: SUMMARY, values: [v.fieldId, v.online, v.maxFee] }),
  Search: (v) => searchStatement(String(v.q)),
  Statistics: (v) => ({ name: 'statistics', text: STATISTICS, values: [v.unit, v.from, v.to] }),
  Series: (v) => ({ name: 'series', text: SERIES, values: [v.unit, v.from, v.to] }),
};

const FLOOR = JSON.stringify({ data: { __typename: 'Query' } });

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function main(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    options: SESSION_SETTINGS,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let request: { operationName?: string; variables?: Record<string, unknown> };
      try {
        request = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        return send(res, 400, '{"errors":[{"message":"not JSON"}]}');
      }
      if (request.operationName === 'Floor') return send(res, 200, FLOOR);
      const route = ROUTES[request.operationName ?? ''];
      if (!route) return send(res, 400, '{"errors":[{"message":"unknown operation"}]}');
      let statement: Query;
      try {
        statement = route(request.variables ?? {});
      } catch {
        return send(res, 400, '{"errors":[{"message":"bad variables"}]}');
      }
      pool
        .query<{ json: string }>(statement)
        .then(({ rows }) => send(res, 200, rows[0]?.json ?? '{"data":null}'))
        .catch((error: Error) => send(res, 500, JSON.stringify({ errors: [{ message: error.message }] })));
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ message: 'ready', url: `http://127.0.0.1:${port}/graphql` })}\n`);
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`baseline failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
