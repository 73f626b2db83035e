import { rate, type DossierFigureValues, type Rate } from './dossier-figures';

/** Whether an indicator's formula paraphrases Decision 766's text or was fitted to published scores. */
export enum FormulaBasis {
  DECISION_TEXT = 'DECISION_TEXT',
  FITTED = 'FITTED',
}

interface IndicatorDefinition {
  key: string;
  name: string;
  maximum: number;
  /** How the score is made, in words. */
  formula: string;
  basis: FormulaBasis;
  /** The rate the score is made from; null when dossier data cannot support the indicator. */
  measure: ((f: DossierFigureValues) => Rate) | null;
  /** The rate at which the indicator reaches its maximum (1 unless the formula says otherwise). */
  fullAt: number;
  notComputableBecause: string | null;
}

export interface GroupDefinition {
  key: string;
  name: string;
  maximum: number;
  indicators: IndicatorDefinition[];
}

const scored = (
  key: string,
  name: string,
  maximum: number,
  formula: string,
  measure: (f: DossierFigureValues) => Rate,
  options: { fullAt?: number; basis?: FormulaBasis } = {},
): IndicatorDefinition => ({
  key,
  name,
  maximum,
  formula,
  basis: options.basis ?? FormulaBasis.DECISION_TEXT,
  measure,
  fullAt: options.fullAt ?? 1,
  notComputableBecause: null,
});
const unsupported = (
  key: string,
  name: string,
  maximum: number,
  formula: string,
  because: string,
  basis = FormulaBasis.DECISION_TEXT,
): IndicatorDefinition => ({ key, name, maximum, formula, basis, measure: null, fullAt: 1, notComputableBecause: because });

const NOT_IN_DOSSIERS = 'Needs the dates procedures were announced and published, which dossier data does not hold.';

/**
 * The Decision 766/QĐ-TTg (2022) service index as DOMAIN.md section 5 paraphrases it: 100 points
 * in six groups. Indicators whose inputs dossiers do not carry are kept, marked, so that a reader
 * sees what the score leaves out rather than a total that silently covers less.
 */
export const SERVICE_INDEX: readonly GroupDefinition[] = [
  {
    key: 'TRANSPARENCY',
    name: 'Transparency',
    maximum: 18,
    indicators: [
      unsupported('proceduresAnnouncedOnTime', 'Procedures announced on time', 6, '6 × procedures announced on time / procedures announced', NOT_IN_DOSSIERS),
      unsupported('proceduresPublishedOnTime', 'Procedures published on time', 4, '4 × procedures published on time / procedures published', NOT_IN_DOSSIERS),
      unsupported(
        'proceduresPublishedComplete',
        'Procedures published with complete content',
        2,
        '2 × procedures published complete / procedures published',
        'Needs an assessment of each published record against the national database, which this service does not make.',
      ),
      unsupported(
        'dossiersSyncedInRealTime',
        'Dossiers synchronised in real time',
        6,
        '6 × dossiers synchronised to the national portal in real time / dossiers',
        "Needs the time each dossier reached the national portal; this service only sees what agencies' systems push to it, in batches.",
      ),
    ],
  },
  {
    key: 'TIMELINESS',
    name: 'Timeliness',
    maximum: 20,
    indicators: [
      scored(
        'handledWithinDeadline',
        'Handled within the deadline',
        20,
        '20 × (resolvedEarly + resolvedOnTime + pendingWithinDeadline) / (resolved + pendingAtEnd)',
        (f) => rate(f.resolvedEarly + f.resolvedOnTime + f.pendingWithinDeadline, f.resolved + f.pendingAtEnd),
      ),
    ],
  },
  {
    key: 'ONLINE_SERVICE',
    name: 'Online service',
    maximum: 12,
    indicators: [
      scored(
        'fullOnlineUptake',
        'Full online uptake',
        12,
        '12 × fullOnlineRate (dossiers received online / dossiers received, for procedures offered fully online)',
        (f) => f.fullOnlineRate,
      ),
    ],
  },
  {
    key: 'ONLINE_PAYMENT',
    name: 'Online payment',
    maximum: 10,
    indicators: [
      scored(
        'paidOnline',
        'Fee-bearing dossiers paid online (term 6A)',
        6,
        '6 × A, A = onlinePaymentRate (fee-bearing dossiers paid online / fee-bearing dossiers)',
        (f) => f.onlinePaymentRate,
        { basis: FormulaBasis.FITTED },
      ),
      unsupported(
        'paymentTermB',
        'Term min(2, 2.5B)',
        2,
        'min(2, 2.5 × B)',
        'B is an input of a formula fitted to published scores; what it measures is not published and dossier data has nothing that could be it.',
        FormulaBasis.FITTED,
      ),
      unsupported(
        'paymentTermC',
        'Term 2.5C',
        2.5,
        '2.5 × C (the group is capped at 10)',
        'C is an input of a formula fitted to published scores; what it measures is not published and dossier data has nothing that could be it.',
        FormulaBasis.FITTED,
      ),
    ],
  },
  {
    key: 'SATISFACTION',
    name: 'Satisfaction',
    maximum: 18,
    indicators: [
      unsupported(
        'complaintsOnTime',
        'Complaints handled on time',
        6,
        '6 × complaints handled on time / complaints',
        'Complaints and petitions are not dossiers; this service does not receive them.',
      ),
      unsupported(
        'complaintSatisfaction',
        'Satisfaction with complaint handling',
        6,
        '6 × satisfied / rated, for complaints',
        'Complaints and petitions are not dossiers; this service does not receive them.',
      ),
      scored(
        'dossierSatisfaction',
        'Satisfaction with dossier handling',
        6,
        '6 × satisfactionRate / 0.9, at most 6 (full at 90 %)',
        (f) => f.satisfactionRate,
        { fullAt: 0.9 },
      ),
    ],
  },
  {
    key: 'DIGITISATION',
    name: 'Digitisation',
    maximum: 22,
    indicators: [
      scored(
        'electronicResults',
        'Electronic results',
        6,
        '6 × electronicResultRate (resolved with an electronic result / resolved)',
        (f) => f.electronicResultRate,
      ),
      scored(
        'componentsDigitised',
        'Components digitised',
        4,
        '4 × digitisedOnReceiptRate (digitised on receipt / newly received)',
        (f) => f.digitisedOnReceiptRate,
      ),
      unsupported(
        'electronicCertifiedCopies',
        'Electronic certified copies',
        2,
        '2 × electronic certified copies / certified copies',
        'Certification of copies is not recorded on dossiers.',
      ),
      unsupported(
        'digitisedDataReused',
        'Reuse of digitised data',
        2,
        '2 × dossiers reusing digitised data / dossiers, full at 80 %',
        'Dossiers do not record whether a component was reused from an earlier digitisation.',
      ),
      unsupported(
        'syncedToCitizenStore',
        "Synchronised to the citizen's data store",
        4,
        "4 × results synchronised to the citizen's store / results",
        "Dossiers do not record synchronisation to the citizen's store on the national portal.",
      ),
      scored(
        'populationData',
        'Dossiers using population data',
        2,
        '2 × populationDataRate (used the national population database / newly received)',
        (f) => f.populationDataRate,
      ),
      unsupported(
        'proceduresOnPopulationData',
        'Procedures connected to population data',
        2,
        '2 × procedures connected to the population database / procedures',
        'The catalogue does not record which procedures are connected to the population database.',
      ),
    ],
  },
];

const INDEX_MAXIMUM = SERVICE_INDEX.reduce((n, g) => n + g.maximum, 0);

const round2 = (n: number) => Math.round(n * 100) / 100;
const sum = (values: number[]) => values.reduce((n, v) => n + v, 0);

/** The index of one unit and period: each indicator's rate and score, summed by group (each capped at its maximum). */
export function serviceIndex(figures: DossierFigureValues) {
  const groups = SERVICE_INDEX.map((group) => {
    const indicators = group.indicators.map((indicator) => {
      const measured = indicator.measure?.(figures) ?? null;
      const score = measured?.value == null ? null : round2(Math.min(indicator.maximum, (indicator.maximum * measured.value) / indicator.fullAt));
      return { ...indicator, rate: measured, score };
    });
    const withScore = indicators.filter((i) => i.score !== null);
    return {
      ...group,
      indicators,
      score: round2(Math.min(group.maximum, sum(withScore.map((i) => i.score!)))),
      scoredMaximum: Math.min(group.maximum, sum(withScore.map((i) => i.maximum))),
    };
  });
  return {
    groups,
    maximum: INDEX_MAXIMUM,
    score: round2(sum(groups.map((g) => g.score))),
    scoredMaximum: sum(groups.map((g) => g.scoredMaximum)),
  };
}
