/**
 * What the bench asks each contestant, and how their answers are compared. Ours and the raw
 * baseline receive the same request body (the baseline routes on its operation name and answers
 * in our response shape); PostGraphile gets the query that asks its schema for the same data.
 * Before anything is timed, every contestant's answer is reduced to the same plain form
 * (`canonical`) and compared, so no contestant is faster by doing less.
 *
 * A query is either one request asked again and again ((a)–(e), the search by one text), or a
 * list of requests with their own variables, one after another, so that nothing can answer a
 * request from a cache of earlier answers: what most real traffic is.
 */
import { mulberry32 } from '../../seeds/random';
import type { BenchContext, PagePosition, ProcedureValues } from './bench-context';

export type Contestant = 'ours' | 'ours-uncached' | 'postgraphile' | 'baseline';

export interface GraphQLRequest {
  operationName?: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** One request in each contestant's terms: ours, PostGraphile's (absent: not asked of it), the baseline's (default: ours). */
export interface BenchRequest {
  ours: GraphQLRequest;
  postgraphile?: GraphQLRequest;
  baseline?: GraphQLRequest;
}

/** What a query must reach, at 8 and 32 connections, executed (and as deployed): a ratio to the peer or to the baseline. */
interface Target {
  versus: 'postgraphile' | 'baseline';
  ratio: number;
}

export interface BenchQuery {
  key: string;
  title: string;
  requests: BenchRequest[];
  /** The answers' data in one plain form: ours (and the baseline's), PostGraphile's. */
  canonical: { ours: (data: any) => unknown; postgraphile: (data: any) => unknown };
  targets: Target[];
}

/**
 * Requests per varied query, sent in turn across all of a contestant's runs (about what the
 * fastest makes in them). Drawn at random, some repeat: a filtered page is one of at most 5 × the
 * catalogue's procedures, a filtered count one of a few hundred.
 */
const VARIED_REQUESTS = 20_000;

const PEER_TARGET: Target = { versus: 'postgraphile', ratio: 1.2 };
const BASELINE_TARGET: Target = { versus: 'baseline', ratio: 0.6 };

const SEARCH_TEXT = 'dang ky khai sinh';
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

type FixedQuery = Omit<BenchQuery, 'requests' | 'targets'> & BenchRequest;

/** The fixed queries (a)–(e) and the search by one text: one request, asked again and again. */
function fixedQueries(start: PagePosition): FixedQuery[] {
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
        query: SEARCH_QUERY,
        variables: { q: SEARCH_TEXT },
      },
      canonical: { ours: (d) => d.procedures, postgraphile: () => null },
    },
  ];
}

const SEARCH_QUERY = `query Search($q: String!) { procedures(search: $q, first: 20) { totalCount edges { node { code name level } } } }`;
const FIXED_TARGETS: Record<string, Target[]> = { a: [PEER_TARGET, BASELINE_TARGET], b: [PEER_TARGET, BASELINE_TARGET], c: [PEER_TARGET, BASELINE_TARGET] };

/** `count` requests made by `make` from a seeded random source: the same list on every run. */
function varied(seed: number, make: (random: () => number) => BenchRequest, count = VARIED_REQUESTS): BenchRequest[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => make(random));
}

const pickFrom = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A page of names only: 91 to 100 procedures after a place anywhere in the name order. */
function namesQuery(context: BenchContext): BenchQuery {
  const { positions } = context;
  return {
    key: 'names',
    title: 'names page of 91–100, varied start',
    requests: varied(1, (random) => {
      const first = 91 + Math.floor(random() * 10);
      const start = positions[Math.floor(random() * (positions.length - 1))];
      return {
        ours: {
          operationName: 'Names',
          query: `query Names($first: Int!, $after: String) { procedures(first: $first, after: $after) { edges { node { code name } } } }`,
          variables: { first, after: start.ourCursor },
        },
        postgraphile: {
          query: `query Names($first: Int!, $after: Cursor) { procedures(first: $first, after: $after, orderBy: [NAME_ASC, ROW_ID_ASC]) { nodes { code name } } }`,
          variables: { first, after: start.postgraphileCursor },
        },
        baseline: { operationName: 'Names', query: 'query Names { baseline }', variables: { first, after: start.baselineCursor } },
      };
    }),
    canonical: { ours: (d) => d.procedures.edges.map((e: any) => e.node), postgraphile: (d) => d.procedures.nodes },
    targets: [PEER_TARGET],
  };
}

/**
 * A filter of one kind in each contestant's terms, with the value a procedure has (so the page is
 * never empty: it starts just before that procedure).
 */
const FILTERS: Record<string, (p: ProcedureValues) => { ours: object; condition?: object; filter?: object; value: unknown }> = {
  level: (p) => ({ ours: { levels: [p.level] }, condition: { level: p.level }, value: p.level }),
  field: (p) => ({ ours: { fieldCodes: [p.fieldCode] }, condition: { fieldId: p.fieldId }, value: p.fieldId }),
  oneStop: (p) => ({ ours: { isOneStop: p.isOneStop }, condition: { isOneStop: p.isOneStop }, value: p.isOneStop }),
  online: (p) => ({
    ours: { onlineServiceLevels: [p.onlineServiceLevel] },
    condition: { onlineServiceLevel: p.onlineServiceLevel },
    value: p.onlineServiceLevel,
  }),
  fee: (p) => ({ ours: { maxFeeVnd: p.minFeeVnd }, filter: { minFeeVnd: { lessThanOrEqualTo: String(p.minFeeVnd) } }, value: p.minFeeVnd }),
};
const FILTER_KINDS = Object.keys(FILTERS);

const FILTERED_NODE = 'code name level isOneStop onlineServiceLevel minFeeVnd field { code name }';
const filteredNode = (n: any) => ({ ...n, minFeeVnd: num(n.minFeeVnd) });

/** Pages of 20 filtered by level, field, one-stop, online level or fee (in turn), each starting at a different procedure. */
function filteredQuery(context: BenchContext): BenchQuery {
  const { positions, procedures } = context;
  let turn = 0;
  return {
    key: 'filter',
    title: 'page of 20 filtered by level/field/one-stop/online/fee',
    requests: varied(2, (random) => {
      const kind = FILTER_KINDS[turn++ % FILTER_KINDS.length];
      const candidates = kind === 'fee' ? procedures.filter((p) => p.minFeeVnd !== null) : procedures;
      const procedure = pickFrom(random, candidates);
      const filter = FILTERS[kind](procedure);
      const start = procedure.position > 0 ? positions[procedure.position - 1] : null;
      const peerArguments = ['first: 20, after: $after, orderBy: [NAME_ASC, ROW_ID_ASC]', filter.condition ? 'condition: $condition' : 'filter: $filter'].join(
        ', ',
      );
      return {
        ours: {
          operationName: 'Filtered',
          query: `query Filtered($filter: ProcedureFilter, $after: String) { procedures(first: 20, after: $after, filter: $filter) { edges { node { ${FILTERED_NODE} } } } }`,
          variables: { filter: filter.ours, after: start?.ourCursor ?? null },
        },
        postgraphile: {
          query: filter.condition
            ? `query Filtered($condition: ProcedureCondition, $after: Cursor) { procedures(${peerArguments}) { nodes { ${FILTERED_NODE} } } }`
            : `query Filtered($filter: ProcedureFilter, $after: Cursor) { procedures(${peerArguments}) { nodes { ${FILTERED_NODE} } } }`,
          variables: { condition: filter.condition, filter: filter.filter, after: start?.postgraphileCursor ?? null },
        },
        baseline: {
          operationName: 'Filtered',
          query: 'query Filtered { baseline }',
          variables: { kind, value: filter.value, after: start?.baselineCursor ?? null },
        },
      };
    }),
    canonical: {
      ours: (d) => d.procedures.edges.map((e: any) => filteredNode(e.node)),
      postgraphile: (d) => d.procedures.nodes.map(filteredNode),
    },
    targets: [PEER_TARGET],
  };
}

/** Counts by level and one-stop of the procedures in a field, at an online level and/or up to a fee: PostGraphile counts each pair apart. */
function summaryQuery(context: BenchContext): BenchQuery {
  const subsets = [['field'], ['online'], ['fee'], ['field', 'online'], ['field', 'fee'], ['online', 'fee'], ['field', 'online', 'fee']];
  return {
    key: 'summary',
    title: 'catalogueSummary with a filter',
    requests: varied(3, (random) => {
      const kinds = pickFrom(random, subsets);
      const procedure = pickFrom(random, kinds.includes('fee') ? context.procedures.filter((p) => p.minFeeVnd !== null) : context.procedures);
      const ours = Object.assign({}, ...kinds.map((kind) => FILTERS[kind](procedure).ours));
      const condition = Object.assign({}, ...kinds.map((kind) => FILTERS[kind](procedure).condition ?? {}));
      const filter = kinds.includes('fee') ? FILTERS.fee(procedure).filter : undefined;
      const counts = LEVELS.flatMap((level) =>
        [true, false].map(
          (oneStop) =>
            `${level}_${oneStop}: procedures(condition: { level: "${level}", isOneStop: ${oneStop}, ${Object.keys(condition)
              .map((key) => `${key}: $${key}`)
              .join(', ')} }${filter ? ', filter: $filter' : ''}) { totalCount }`,
        ),
      ).join(' ');
      const declarations = [
        ...Object.keys(condition).map((key) => `$${key}: ${{ fieldId: 'Int', onlineServiceLevel: 'String' }[key]}`),
        ...(filter ? ['$filter: ProcedureFilter'] : []),
      ];
      return {
        ours: {
          operationName: 'Summary',
          query: `query Summary($filter: ProcedureFilter) { catalogueSummary(filter: $filter) { total byLevelAndOneStop { level isOneStop count } } }`,
          variables: { filter: ours },
        },
        postgraphile: { query: `query Summary(${declarations.join(', ')}) { ${counts} }`, variables: { ...condition, filter } },
        baseline: {
          operationName: 'Summary',
          query: 'query Summary { baseline }',
          variables: { fieldId: condition.fieldId ?? null, online: condition.onlineServiceLevel ?? null, maxFee: ours.maxFeeVnd ?? null },
        },
      };
    }),
    canonical: {
      // Pairs with no procedure are left out of ours; the total is theirs summed (the filter has no level or one-stop).
      ours: (d) => ({
        total: d.catalogueSummary.total,
        counts: Object.fromEntries(
          d.catalogueSummary.byLevelAndOneStop.filter((c: any) => c.count > 0).map((c: any) => [`${c.level}_${c.isOneStop}`, c.count]),
        ),
      }),
      postgraphile: (d) => {
        const counts = Object.entries(d).map(([key, value]: [string, any]) => [key, value.totalCount] as const);
        return { total: counts.reduce((sum, [, n]) => sum + n, 0), counts: Object.fromEntries(counts.filter(([, n]) => n > 0)) };
      },
    },
    targets: [PEER_TARGET],
  };
}

/** Searches by two or three consecutive words of a procedure's name (folded), half of them with the last word half-typed. */
function searchesQuery(context: BenchContext): BenchQuery {
  return {
    key: 'searches',
    title: 'search page, varied words',
    requests: varied(4, (random) => {
      const words = pickFrom(random, context.procedures).name.split(' ');
      const length = Math.min(words.length, 2 + Math.floor(random() * 2));
      const start = Math.floor(random() * (words.length - length + 1));
      const chosen = words.slice(start, start + length);
      const last = chosen.length - 1;
      if (random() < 0.5 && chosen[last].length > 3) chosen[last] = chosen[last].slice(0, -1);
      return { ours: { operationName: 'Search', query: SEARCH_QUERY, variables: { q: chosen.join(' ') } } };
    }),
    canonical: { ours: (d) => d.procedures, postgraphile: () => null },
    targets: [BASELINE_TARGET],
  };
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A unit and a year (365 days from a day of the dossiers' span): the same figures ours reads from rollups, the baseline counts from the dossiers. */
function statisticsQuery(context: BenchContext): BenchQuery {
  const first = Date.parse(context.dossierDays.first);
  const span = Math.max(1, (Date.parse(context.dossierDays.last) - first) / DAY - 364);
  return {
    key: 'stats',
    title: 'dossierStatistics, a unit over a year',
    requests: varied(5, (random) => {
      const from = first + Math.floor(random() * span) * DAY;
      const variables = { unit: pickFrom(random, context.units), from: isoDay(from), to: isoDay(from + 364 * DAY) };
      return {
        ours: {
          operationName: 'Statistics',
          query: `query Statistics($unit: String!, $from: Date!, $to: Date!) { dossierStatistics(unitCode: $unit, from: $from, to: $to) {
            carriedOver newlyReceived receivedOnline resolved resolvedOverdue withdrawn pendingAtEnd } }`,
          variables,
        },
      };
    }),
    canonical: { ours: (d) => d.dossierStatistics, postgraphile: () => null },
    targets: [{ versus: 'baseline', ratio: 1.2 }],
  };
}

/** A unit's twelve months from a month of the dossiers' span. */
function seriesQuery(context: BenchContext): BenchQuery {
  const first = new Date(context.dossierDays.first);
  const last = new Date(context.dossierDays.last);
  const months = Math.max(1, (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth() - 11);
  return {
    key: 'series',
    title: 'dossierStatisticsSeries, 12 months',
    requests: varied(6, (random) => {
      const m = first.getUTCMonth() + Math.floor(random() * months);
      const variables = {
        unit: pickFrom(random, context.units),
        from: isoDay(Date.UTC(first.getUTCFullYear(), m, 1)),
        to: isoDay(Date.UTC(first.getUTCFullYear(), m + 12, 0)),
      };
      return {
        ours: {
          operationName: 'Series',
          query: `query Series($unit: String!, $from: Date!, $to: Date!) { dossierStatisticsSeries(unitCode: $unit, from: $from, to: $to, interval: MONTH) {
            from to newlyReceived receivedOnline resolved resolvedOverdue pendingAtEnd } }`,
          variables,
        },
      };
    }),
    canonical: { ours: (d) => d.dossierStatisticsSeries, postgraphile: () => null },
    targets: [{ versus: 'baseline', ratio: 1.2 }],
  };
}

export function benchQueries(context: BenchContext): BenchQuery[] {
  const fixed = fixedQueries(context.positions[1499]).map(({ ours, postgraphile, baseline, ...query }) => ({
    ...query,
    requests: [{ ours, postgraphile, baseline }],
    targets: FIXED_TARGETS[query.key] ?? [],
  }));
  return [...fixed, namesQuery(context), filteredQuery(context), searchesQuery(context), summaryQuery(context), statisticsQuery(context), seriesQuery(context)];
}
