/**
 * What the bench asks each contestant, and how their answers are compared. Ours and the raw
 * baseline receive the same request body (the baseline routes on its operation name and answers
 * in our response shape); PostGraphile gets the query that asks its schema for the same data.
 * Before anything is timed, every contestant's answer is reduced to the same plain form
 * (`canonical`) and compared, so no contestant is faster by doing less.
 */

export type Contestant = 'ours' | 'ours-uncached' | 'postgraphile' | 'baseline';

export interface GraphQLRequest {
  operationName?: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface BenchQuery {
  key: string;
  title: string;
  /** The request for ours, for PostGraphile (absent: not asked of it), and for the baseline (default: ours). */
  ours: GraphQLRequest;
  postgraphile?: GraphQLRequest;
  baseline?: GraphQLRequest;
  /** The answers' data in one plain form: ours (and the baseline's), PostGraphile's. */
  canonical: { ours: (data: any) => unknown; postgraphile: (data: any) => unknown };
}

/** Where the deep page starts: the key of the 1,500th procedure by name, in each server's terms. */
export interface DeepPageStart {
  ourCursor: string;
  postgraphileCursor: string;
  /** The plain key (name, id), base64url JSON. */
  baselineCursor: string;
}

export const SEARCH_TEXT = 'dang ky khai sinh';
const RECORD_CODE = '1.001193';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A whole record's scalars beyond the page's, as both schemas name them, in one plain form. */
const recordScalars = (p: any) => [
  p.nameEn,
  p.isOneStop,
  p.isInterconnected,
  p.onlineServiceLevel,
  p.subjects,
  p.results,
  p.conditions,
  p.announcementDecision,
  p.status,
  p.effectiveFrom,
  p.effectiveTo,
  Date.parse(p.updatedAt),
  num(p.minProcessingDays),
  p.isFree,
  num(p.minFeeVnd),
];

/** A page of procedures with their level, field, agency, channels with fees, and documents. */
const OUR_PAGE_NODE = `code name level field { code name } implementingAgency { code name }
  channels { channel processingTime { value unit description } fees { kind amountVnd description } }
  requiredDocuments { caseName name originals copies isRequired }`;
const PG_PAGE_NODE = `code name level field { code name } implementingAgency { code name }
  procedureChannels(orderBy: CHANNEL_ASC) { nodes { channel timeValue timeUnit timeDescription
    channelFeesByChannelId(orderBy: POSITION_ASC) { nodes { kind amountVnd description } } } }
  requiredDocuments(orderBy: POSITION_ASC) { nodes { caseName name originals copies isRequired } }`;

const ourPageNode = (n: any) => ({
  code: n.code,
  name: n.name,
  level: n.level,
  field: n.field,
  agency: n.implementingAgency,
  channels: n.channels.map((c: any) => ({
    channel: c.channel,
    value: num(c.processingTime.value),
    unit: c.processingTime.unit,
    description: c.processingTime.description,
    fees: c.fees.map((f: any) => ({ kind: f.kind, amount: num(f.amountVnd), description: f.description })),
  })),
  documents: n.requiredDocuments,
});
const pgPageNode = (n: any) => ({
  code: n.code,
  name: n.name,
  level: n.level,
  field: n.field,
  agency: n.implementingAgency,
  channels: n.procedureChannels.nodes.map((c: any) => ({
    channel: c.channel,
    value: num(c.timeValue),
    unit: c.timeUnit,
    description: c.timeDescription,
    fees: c.channelFeesByChannelId.nodes.map((f: any) => ({ kind: f.kind, amount: num(f.amountVnd), description: f.description })),
  })),
  documents: n.requiredDocuments.nodes,
});

const LEVELS = ['PROVINCE', 'DISTRICT', 'COMMUNE'] as const;

export function benchQueries(start: DeepPageStart): BenchQuery[] {
  return [
    {
      key: 'a',
      title: 'page of 20 with children',
      ours: { operationName: 'Page', query: `query Page { procedures(first: 20) { edges { node { ${OUR_PAGE_NODE} } } } }` },
      postgraphile: { query: `query Page { procedures(first: 20, orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { ${PG_PAGE_NODE} } } }` },
      canonical: {
        ours: (d) => d.procedures.edges.map((e: any) => ourPageNode(e.node)),
        postgraphile: (d) => d.procedures.nodes.map(pgPageNode),
      },
    },
    {
      key: 'b',
      title: 'one procedure, whole record',
      ours: {
        operationName: 'Record',
        query: `query Record($code: String!) { procedure(code: $code) {
          code name nameEn level field { code name } implementingAgency { code name } isOneStop isInterconnected
          onlineServiceLevel subjects results conditions announcementDecision status effectiveFrom effectiveTo updatedAt
          minProcessingDays isFree minFeeVnd
          channels { channel processingTime { value unit description } fees { kind amountVnd description } }
          requiredDocuments { caseName name originals copies isRequired formName formUrl }
          steps { position caseName description } legalBasis { number title issuer issuedOn } } }`,
        variables: { code: RECORD_CODE },
      },
      postgraphile: {
        // A procedure row is one version: a seeded catalogue has version 1 of each (the unique key PostGraphile offers).
        query: `query Record($code: String!) { procedureByCodeAndVersion(code: $code, version: 1) {
          code name nameEn level field { code name } implementingAgency { code name } isOneStop isInterconnected
          onlineServiceLevel subjects results conditions announcementDecision status effectiveFrom effectiveTo updatedAt
          minProcessingDays isFree minFeeVnd
          procedureChannels(orderBy: CHANNEL_ASC) { nodes { channel timeValue timeUnit timeDescription
            channelFeesByChannelId(orderBy: POSITION_ASC) { nodes { kind amountVnd description } } } }
          requiredDocuments(orderBy: POSITION_ASC) { nodes { caseName name originals copies isRequired formName formUrl } }
          procedureSteps(orderBy: POSITION_ASC) { nodes { position caseName description } }
          procedureLegalBases(orderBy: POSITION_ASC) { nodes { legalDocument { number title issuer issuedOn } } } } }`,
        variables: { code: RECORD_CODE },
      },
      canonical: {
        ours: (d) => {
          const p = d.procedure;
          return {
            ...ourPageNode(p),
            rest: recordScalars(p),
            documents: p.requiredDocuments,
            steps: p.steps,
            legalBasis: p.legalBasis,
          };
        },
        postgraphile: (d) => {
          const p = d.procedureByCodeAndVersion;
          return {
            ...pgPageNode(p),
            rest: recordScalars(p),
            documents: p.requiredDocuments.nodes,
            // Ours numbers steps from 1; the table, from 0.
            steps: p.procedureSteps.nodes.map((s: any) => ({ ...s, position: s.position + 1 })),
            legalBasis: p.procedureLegalBases.nodes.map((b: any) => b.legalDocument),
          };
        },
      },
    },
    {
      key: 'c',
      title: 'page after 1,500 rows (keyset)',
      ours: {
        operationName: 'DeepPage',
        query: `query DeepPage($after: String) { procedures(first: 20, after: $after) { edges { node { ${OUR_PAGE_NODE} } } } }`,
        variables: { after: start.ourCursor },
      },
      postgraphile: {
        query: `query DeepPage($after: Cursor) { procedures(first: 20, after: $after, orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { ${PG_PAGE_NODE} } } }`,
        variables: { after: start.postgraphileCursor },
      },
      baseline: { operationName: 'DeepPage', query: 'query DeepPage { baseline }', variables: { after: start.baselineCursor } },
      canonical: {
        ours: (d) => d.procedures.edges.map((e: any) => ourPageNode(e.node)),
        postgraphile: (d) => d.procedures.nodes.map(pgPageNode),
      },
    },
    {
      key: 'd',
      title: 'counts by level × one-stop',
      ours: { operationName: 'Counts', query: `query Counts { catalogueSummary { byLevelAndOneStop { level isOneStop count } } }` },
      postgraphile: {
        query: `query Counts { ${LEVELS.flatMap((level) =>
          [true, false].map((oneStop) => `${level}_${oneStop}: procedures(condition: { level: "${level}", isOneStop: ${oneStop} }) { totalCount }`),
        ).join(' ')} }`,
      },
      canonical: {
        ours: (d) => Object.fromEntries(d.catalogueSummary.byLevelAndOneStop.map((c: any) => [`${c.level}_${c.isOneStop}`, c.count])),
        postgraphile: (d) => Object.fromEntries(Object.entries(d).map(([key, value]: [string, any]) => [key, value.totalCount])),
      },
    },
    {
      key: 'e',
      title: '{ __typename }',
      ours: { operationName: 'Floor', query: `query Floor { __typename }` },
      postgraphile: { query: `query Floor { __typename }` },
      canonical: { ours: (d) => d.__typename, postgraphile: (d) => d.__typename },
    },
    {
      key: 'search',
      title: `search "${SEARCH_TEXT}"`,
      ours: {
        operationName: 'Search',
        query: `query Search($q: String!) { procedures(search: $q, first: 20) { totalCount edges { node { code name level } } } }`,
        variables: { q: SEARCH_TEXT },
      },
      canonical: { ours: (d) => d.procedures, postgraphile: () => null },
    },
  ];
}
