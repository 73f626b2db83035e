import { SATISFIED_FROM } from '../dossiers/dossier-contribution';
import type { DossierFigureValues } from './dossier-figures';

export type MetricKey = keyof DossierFigureValues;

export enum MetricKind {
  FLOW = 'FLOW',
  STOCK = 'STOCK',
  RATE = 'RATE',
}

/** Which way a metric is read when units are compared. */
export enum MetricDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
  VOLUME = 'VOLUME',
}

export interface MetricDefinition {
  /** The field of DossierFigures that carries it. */
  key: MetricKey;
  name: string;
  kind: MetricKind;
  /** What is counted, in words a reader can check against the raw data. */
  definition: string;
  /** The day on which a dossier counts (for rates: the day of the numerator and the denominator). */
  countedOn: string;
  numerator: string | null;
  denominator: string | null;
  direction: MetricDirection;
  /** Where the definition comes from. */
  source: string;
}

const REPORT = 'The usual dossier report of Vietnamese one-stop desks (DOMAIN.md section 4).';
const THIS_SERVICE = 'This service.';
const DECISION_766 = 'Decision 766/QĐ-TTg (2022), the indicator that uses it (DOMAIN.md section 5).';
const RECEIVED_DAY = 'The day it was received (Asia/Ho_Chi_Minh calendar).';
const ENDED_DAY = 'The day it ended: finishedAt of a dossier whose status is 3, 7, 9 or 10.';
const END_OF_PERIOD = 'The state at the end of the last day of the period.';

const flow = (key: MetricKey, name: string, definition: string, countedOn: string, direction = MetricDirection.VOLUME, source = REPORT): MetricDefinition => ({
  key,
  name,
  kind: MetricKind.FLOW,
  definition,
  countedOn,
  numerator: null,
  denominator: null,
  direction,
  source,
});
const stock = (key: MetricKey, name: string, definition: string, countedOn: string, direction = MetricDirection.VOLUME): MetricDefinition => ({
  key,
  name,
  kind: MetricKind.STOCK,
  definition,
  countedOn,
  numerator: null,
  denominator: null,
  direction,
  source: REPORT,
});
const ratio = (
  key: MetricKey,
  name: string,
  numerator: string,
  denominator: string,
  countedOn: string,
  direction: MetricDirection,
  source = REPORT,
): MetricDefinition => ({
  key,
  name,
  kind: MetricKind.RATE,
  definition: `${numerator.includes(' + ') ? `(${numerator})` : numerator} / ${denominator}; null when the denominator is 0.`,
  countedOn,
  numerator,
  denominator,
  direction,
  source,
});

/**
 * Every figure of DossierFigures, defined once: the GraphQL field descriptions, `statisticsMethodology`
 * and the ranking directions all read this list.
 */
export const METRICS: readonly MetricDefinition[] = [
  stock(
    'carriedOver',
    'Carried over',
    'Dossiers received before the period that had not ended before it (paused ones included).',
    'The state at the start of the first day of the period.',
  ),
  flow('newlyReceived', 'Newly received', 'Dossiers received in the period, on every channel.', RECEIVED_DAY),
  flow('receivedOnline', 'Received online', 'Dossiers received in the period through the online public service portal.', RECEIVED_DAY),
  flow('receivedInPerson', 'Received in person', 'Dossiers received in the period at the one-stop desk.', RECEIVED_DAY),
  flow('receivedByPost', 'Received by post', 'Dossiers received in the period by public postal service.', RECEIVED_DAY),
  flow('received', 'Received', 'carriedOver + newlyReceived: the dossiers the unit had to handle in the period.', 'As carriedOver and newlyReceived.'),
  flow('resolved', 'Resolved', 'Dossiers resolved in the period (status 9 or 10): resolvedEarly + resolvedOnTime + resolvedOverdue.', ENDED_DAY),
  flow('resolvedEarly', 'Resolved early', 'Resolved on a calendar day before the day of the due date.', ENDED_DAY),
  flow(
    'resolvedOnTime',
    'Resolved on time',
    'Resolved on the day of the due date at or before the due time, or resolved for a procedure with no due date.',
    ENDED_DAY,
  ),
  flow('resolvedOverdue', 'Resolved overdue', 'Resolved after the due time.', ENDED_DAY, MetricDirection.LOWER_IS_BETTER),
  flow('withdrawn', 'Withdrawn', 'Withdrawn by the applicant in the period (status 7).', ENDED_DAY),
  flow('refused', 'Refused', 'Refused at reception in the period (status 3).', ENDED_DAY),
  stock(
    'pendingAtEnd',
    'In process at the end',
    'Dossiers received by the end of the period that had not ended by then (paused ones included).',
    END_OF_PERIOD,
  ),
  stock(
    'pendingWithinDeadline',
    'In process within the deadline',
    'Of pendingAtEnd, those due after the last day of the period, or with no due date.',
    END_OF_PERIOD,
  ),
  stock(
    'pendingPastDeadline',
    'In process past the deadline',
    'Of pendingAtEnd, those due on or before the last day of the period: at the end of that day their due time has passed.',
    END_OF_PERIOD,
    MetricDirection.LOWER_IS_BETTER,
  ),
  stock(
    'pausedAtEnd',
    'Paused at the end',
    'Of pendingAtEnd, those whose current status is 5 (supplement requested), 6 (fees or taxes due) or 8 (processing stopped), counted from the time of the update that said so. Only the current status is known: a pause that is over leaves no trace.',
    END_OF_PERIOD,
  ),
  flow(
    'apologyLetters',
    'Apology letters',
    'Apology letters (phiếu xin lỗi và hẹn lại) issued for late dossiers: counted on the day the dossier ended, or on its due date while it is still in process.',
    'The day it ended, else its due date.',
    MetricDirection.LOWER_IS_BETTER,
  ),
  flow(
    'representativeReceived',
    'Representative dossiers received',
    'Of newlyReceived, the representative seed dossiers: built to reproduce published totals, not real records. Where this is not 0, the figures describe the published totals, not individual dossiers.',
    RECEIVED_DAY,
    MetricDirection.VOLUME,
    THIS_SERVICE,
  ),
  ratio('onTimeRate', 'On-time rate', 'resolvedEarly + resolvedOnTime', 'resolved', ENDED_DAY, MetricDirection.HIGHER_IS_BETTER),
  ratio('overdueRate', 'Overdue rate', 'resolvedOverdue', 'resolved', ENDED_DAY, MetricDirection.LOWER_IS_BETTER),
  ratio('onlineRate', 'Online rate', 'receivedOnline', 'newlyReceived', RECEIVED_DAY, MetricDirection.HIGHER_IS_BETTER),
  ratio(
    'fullOnlineRate',
    'Full online rate',
    'dossiers received online for procedures the catalogue offers fully online',
    'dossiers received for those procedures',
    RECEIVED_DAY,
    MetricDirection.HIGHER_IS_BETTER,
    DECISION_766,
  ),
  ratio(
    'digitisedOnReceiptRate',
    'Digitised on receipt',
    'dossiers whose components were digitised on receipt',
    'newlyReceived',
    RECEIVED_DAY,
    MetricDirection.HIGHER_IS_BETTER,
  ),
  ratio('electronicResultRate', 'Electronic results', 'dossiers resolved with an electronic result', 'resolved', ENDED_DAY, MetricDirection.HIGHER_IS_BETTER),
  ratio(
    'onlinePaymentRate',
    'Online payment',
    'fee-bearing dossiers paid online',
    'fee-bearing dossiers received',
    RECEIVED_DAY,
    MetricDirection.HIGHER_IS_BETTER,
  ),
  ratio(
    'populationDataRate',
    'Population data used',
    'dossiers that used the national population database',
    'newlyReceived',
    RECEIVED_DAY,
    MetricDirection.HIGHER_IS_BETTER,
    DECISION_766,
  ),
  ratio('satisfactionRate', 'Satisfaction', `ratings of ${SATISFIED_FROM} or 5 (of 5)`, 'ratings given', ENDED_DAY, MetricDirection.HIGHER_IS_BETTER),
];

const byKey = new Map(METRICS.map((m) => [m.key, m]));

export function metric(key: MetricKey): MetricDefinition {
  const found = byKey.get(key);
  if (!found) throw new Error(`no definition for metric ${key}`);
  return found;
}

/** A metric's definition as a GraphQL field description. */
export const metricDescription = (key: MetricKey): string => metric(key).definition;

/** How every figure is made, whatever the metric. */
export const PRINCIPLES: readonly { topic: string; text: string }[] = [
  {
    topic: 'Calendar',
    text: 'Periods are calendar days of Asia/Ho_Chi_Minh (UTC+7 all year): a dossier received at 23:30 UTC counts on the next day. `from` and `to` are both included.',
  },
  {
    topic: 'Source',
    text: "Figures are computed from the dossiers agencies' systems push to this service (upsertDossiers, POST /ingest/dossiers), summed from daily counters updated in the same transaction as each dossier; never from a raw scan at query time. A dossier counts once, as its latest version.",
  },
  {
    topic: 'Sub-units',
    text: "With includeSubunits (the default), a unit's figures include the dossiers received by its sub-units: a province's include its districts' and communes'.",
  },
  {
    topic: 'Rates',
    text: 'Every rate is given as numerator, denominator, an unrounded value and a percentage rounded to two decimals. When the denominator is 0 the value is null, not 0: nothing was measured.',
  },
  {
    topic: 'Working days',
    text: 'A dossier received after 15:00 counts from the next working day for its deadline; this service takes the due date the receiving system computed and does not recompute it.',
  },
  {
    topic: 'Representative data',
    text: 'The seed dossiers are representative, not real: built so that the figures reproduce published totals. representativeReceived counts them in every period; publishedFigures shows each published figure beside the computed one.',
  },
  {
    topic: 'Ranking',
    text: 'unitRanking uses standard competition ranking ("1224"): units with equal values share a rank and the next rank skips. Rates are compared exactly as fractions, not as rounded percentages. Equal units are listed by unit code. Units whose value is null (nothing measured) get no rank and come last.',
  },
  {
    topic: 'Service index',
    text: 'serviceIndex scores the Decision 766/QĐ-TTg indicators that dossier data supports, as maximum × rate capped at the maximum unless an indicator says otherwise; each indicator says whether its formula is paraphrased from the decision or fitted to published scores, and indicators this data cannot support are listed with the reason, scoring nothing.',
  },
];
