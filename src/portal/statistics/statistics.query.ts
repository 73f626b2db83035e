const RATE = '{ numerator denominator percent }';

/** Every figure of dossierStatistics (DossierFigures), for the totals, each level and each ranked unit. */
const FIGURES = `received carriedOver newlyReceived receivedOnline receivedInPerson receivedByPost resolved resolvedEarly resolvedOnTime resolvedOverdue
  withdrawn refused pendingAtEnd pendingWithinDeadline pendingPastDeadline pausedAtEnd apologyLetters representativeReceived
  onTimeRate ${RATE} overdueRate ${RATE} onlineRate ${RATE} fullOnlineRate ${RATE} onlinePaymentRate ${RATE} digitisedOnReceiptRate ${RATE}
  electronicResultRate ${RATE} populationDataRate ${RATE} satisfactionRate ${RATE}`;

/** The dashboard's one request: a unit's figures, series, ranking, index and published claims for a period. */
export const STATISTICS_QUERY = `query PortalStatistics($unit: String!, $from: Date!, $to: Date!, $metric: RankingMetric!, $ranked: Boolean!) {
  dossierStatistics(unitCode: $unit, from: $from, to: $to) { unitName ${FIGURES} byLevel { level ${FIGURES} } }
  dossierStatisticsSeries(unitCode: $unit, from: $from, to: $to, interval: MONTH) { from to newlyReceived resolved resolvedOverdue onTimeRate ${RATE} }
  unitRanking(parentCode: $unit, from: $from, to: $to, metric: $metric) @include(if: $ranked) {
    tieRule
    metric { name kind direction }
    entries { rank unitCode unitName value figures { ${FIGURES} } }
  }
  serviceIndex(unitCode: $unit, from: $from, to: $to) {
    score scoredMaximum maximum
    groups { key name score scoredMaximum maximum indicators { key name formula basis score maximum notComputableBecause rate ${RATE} } }
  }
  publishedFigures(unitCode: $unit, from: $from, to: $to) { metric value computed agrees notComputedBecause note periodStart periodEnd source }
}`;

export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}

export type Figures = Record<string, number> & Record<`${string}Rate`, Rate>;

export interface PublishedClaim {
  metric: string;
  value: number;
  computed: number | null;
  agrees: boolean | null;
  notComputedBecause: string | null;
  note: string;
  periodStart: string | null;
  periodEnd: string | null;
  source: string;
}

interface RankingEntry {
  rank: number | null;
  unitCode: string;
  unitName: string;
  value: number | null;
  figures: Figures;
}

interface IndexIndicator {
  key: string;
  name: string;
  formula: string;
  basis: string;
  score: number | null;
  maximum: number;
  notComputableBecause: string | null;
  rate: Rate | null;
}

export interface StatisticsData {
  dossierStatistics: (Figures & { unitName: string; byLevel: (Figures & { level: string })[] }) | null;
  dossierStatisticsSeries: { from: string; to: string; newlyReceived: number; resolved: number; resolvedOverdue: number; onTimeRate: Rate }[] | null;
  unitRanking?: { tieRule: string; metric: { name: string; kind: string; direction: string }; entries: RankingEntry[] } | null;
  serviceIndex: {
    score: number;
    scoredMaximum: number;
    maximum: number;
    groups: { key: string; name: string; score: number; scoredMaximum: number; maximum: number; indicators: IndexIndicator[] }[];
  } | null;
  publishedFigures: PublishedClaim[];
}

/** The unit picker: the provinces, and the units under the chosen province and district. */
export const UNITS_QUERY = `query PortalUnits($parent: String, $level: AdministrativeLevel) {
  administrativeUnits(parentCode: $parent, level: $level, first: 100) { edges { node { code name } } }
}`;

export interface UnitsData {
  administrativeUnits: { edges: { node: { code: string; name: string } }[] };
}

/** A unit and its ancestors, to show the picker at it. */
export const UNIT_QUERY = `query PortalUnit($code: String!) {
  administrativeUnit(code: $code) { code name level parent { code name level parent { code name level } } }
}`;

export interface UnitNode {
  code: string;
  name: string;
  level: string;
  parent?: UnitNode | null;
}

/** Every published claim, for the index of what can be checked. */
export const CLAIMS_QUERY = `query PortalClaims { publishedFigures { unitCode unitName metric periodStart periodEnd } }`;

export interface ClaimsData {
  publishedFigures: { unitCode: string; unitName: string; metric: string; periodStart: string | null; periodEnd: string | null }[];
}
