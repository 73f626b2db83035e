import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { SESSION_SETTINGS } from '../../src/db/session-settings';
import { searchTokens } from '../../src/catalogue/search/vietnamese-text';
import { SEARCH_TEXT } from './bench-queries';

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

const PAGE_NODE = `json_build_object(
  'code', p.code, 'name', p.name, 'level', p.level,
  'field', (SELECT json_build_object('code', f.code, 'name', f.name) FROM field f WHERE f.id = p.field_id),
  'implementingAgency', (SELECT json_build_object('code', a.code, 'name', a.name) FROM agency a WHERE a.id = p.implementing_agency_id),
  'channels', ${CHANNELS},
  'requiredDocuments', (SELECT coalesce(json_agg(json_build_object('caseName', d.case_name, 'name', d.name, 'originals', d.originals,
                                                   'copies', d.copies, 'isRequired', d.is_required) ORDER BY d.position), '[]')
                          FROM required_document d WHERE d.procedure_id = p.id))`;

const page = (where: string) => `
  SELECT json_build_object('data', json_build_object('procedures', json_build_object('edges',
           coalesce(json_agg(json_build_object('node', ${PAGE_NODE}) ORDER BY p.name, p.id), '[]'))))::text AS json
    FROM (SELECT * FROM procedure ${where} ORDER BY name, id LIMIT 20) p`;

const RECORD = `
  SELECT json_build_object('data', json_build_object('procedure', json_build_object(
    'code', p.code, 'name', p.name, 'nameEn', p.name_en, 'level', p.level,
    'field', (SELECT json_build_object('code', f.code, 'name', f.name) FROM field f WHERE f.id = p.field_id),
    'implementingAgency', (SELECT json_build_object('code', a.code, 'name', a.name) FROM agency a WHERE a.id = p.implementing_agency_id),
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
    FROM procedure p WHERE p.code = $1`;

const COUNTS = `
  SELECT json_build_object('data', json_build_object('catalogueSummary', json_build_object('byLevelAndOneStop',
           json_agg(json_build_object('level', k.level, 'isOneStop', k.one_stop, 'count', coalesce(c.n, 0)) ORDER BY k.ord))))::text AS json
    FROM (VALUES ('PROVINCE', true, 1), ('PROVINCE', false, 2), ('DISTRICT', true, 3), ('DISTRICT', false, 4),
                 ('COMMUNE', true, 5), ('COMMUNE', false, 6)) AS k(level, one_stop, ord)
    LEFT JOIN (SELECT level, is_one_stop, count(*)::int AS n FROM procedure GROUP BY 1, 2) c
      ON c.level = k.level AND c.is_one_stop = k.one_stop`;

/**
 * The search, written for SEARCH_TEXT (no diacritics, so no exact-spelling classes): the relevance
 * classes and order of ours (see tierConditions), in one statement with its count.
 */
function searchStatement(): { text: string; values: unknown[] } {
  const tokens = searchTokens(SEARCH_TEXT);
  const phrase = ` ${tokens.join(' ')}`;
  const words = tokens.map((t, i) => (i === tokens.length - 1 ? `${t}:*` : t)).join(' & ');
  const nameWords = tokens.map((t, i) => `strpos(s.name_words, ' ${t}${i === tokens.length - 1 ? '' : ' '}') > 0`).join(' AND ');
  return {
    values: [words, phrase],
    text: `
      WITH docs AS (
        SELECT CASE WHEN coalesce(sum(uses), 0) <= 0.02 * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'procedure_search'::regclass)
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

interface Statement {
  name: string;
  text: string;
  values: (variables: Record<string, unknown>) => unknown[];
}

const search = searchStatement();
const STATEMENTS: Record<string, Statement> = {
  Page: { name: 'page', text: page(''), values: () => [] },
  DeepPage: {
    name: 'deep_page',
    // The baseline's cursor is the plain key it continues after.
    text: page('WHERE (name, id) > ($1, $2)'),
    values: (v) => JSON.parse(Buffer.from(String(v.after), 'base64url').toString()) as unknown[],
  },
  Record: { name: 'record', text: RECORD, values: (v) => [v.code] },
  Counts: { name: 'counts', text: COUNTS, values: () => [] },
  Search: { name: 'search', text: search.text, values: () => search.values },
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
      const statement = STATEMENTS[request.operationName ?? ''];
      if (!statement) return send(res, 400, '{"errors":[{"message":"unknown operation"}]}');
      pool
        .query<{ json: string }>({ name: statement.name, text: statement.text, values: statement.values(request.variables ?? {}) })
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
