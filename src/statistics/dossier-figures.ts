import { ROLLUP_COUNTERS } from '../dossiers/dossier-contribution';
import type { CounterSums } from './rollup-reader';

/** A rate as a reader can check it: numerator, denominator, and their ratio (null, not 0, when nothing was counted). */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  percent: number | null;
}

export const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
  percent: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 100,
});

/** Dossiers pending, pending past the deadline and paused at the end of a day. */
export interface PendingState {
  pending: number;
  pendingPastDeadline: number;
  paused: number;
}

export const NO_PENDING: PendingState = { pending: 0, pendingPastDeadline: 0, paused: 0 };

// Both written out counter by counter (generated once from ROLLUP_COUNTERS): a series adds up
// hundreds of rows, and a property named in the code is read many times faster than one looked up
// by a key in a variable.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated once from a constant list, not from input
export const zeroSums = new Function(`return { ${ROLLUP_COUNTERS.map((c) => `${c}: 0`).join(', ')} };`) as () => CounterSums;

/** Adds the counters of `row` to `into`; returns `into`. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- as above
export const addSums = new Function('into', 'row', `${ROLLUP_COUNTERS.map((c) => `into.${c} += row.${c};`).join(' ')} return into;`) as (
  into: CounterSums,
  row: CounterSums,
) => CounterSums;

export const stateAfter = (before: PendingState, flows: CounterSums): PendingState => ({
  pending: before.pending + flows.pending_delta,
  pendingPastDeadline: before.pendingPastDeadline + flows.pending_overdue_delta,
  paused: before.paused + flows.paused_delta,
});

/** The published report for one period (DOMAIN.md section 4), from the state before it and its flows. */
export function dossierFigures(before: PendingState, flows: CounterSums) {
  const end = stateAfter(before, flows);
  const newlyReceived = flows.received_online + flows.received_in_person + flows.received_postal;
  const resolved = flows.resolved_early + flows.resolved_on_time + flows.resolved_overdue;
  return {
    carriedOver: before.pending,
    newlyReceived,
    receivedOnline: flows.received_online,
    receivedInPerson: flows.received_in_person,
    receivedByPost: flows.received_postal,
    received: before.pending + newlyReceived,
    resolved,
    resolvedEarly: flows.resolved_early,
    resolvedOnTime: flows.resolved_on_time,
    resolvedOverdue: flows.resolved_overdue,
    withdrawn: flows.withdrawn,
    refused: flows.refused,
    pendingAtEnd: end.pending,
    pendingWithinDeadline: end.pending - end.pendingPastDeadline,
    pendingPastDeadline: end.pendingPastDeadline,
    pausedAtEnd: end.paused,
    apologyLetters: flows.apology_issued,
    representativeReceived: flows.representative_received,
    onTimeRate: rate(flows.resolved_early + flows.resolved_on_time, resolved),
    overdueRate: rate(flows.resolved_overdue, resolved),
    onlineRate: rate(flows.received_online, newlyReceived),
    fullOnlineRate: rate(flows.full_online_received, flows.full_online_offered),
    digitisedOnReceiptRate: rate(flows.digitised_on_receipt, newlyReceived),
    electronicResultRate: rate(flows.electronic_result, resolved),
    onlinePaymentRate: rate(flows.paid_online, flows.fee_bearing),
    populationDataRate: rate(flows.population_data_used, newlyReceived),
    satisfactionRate: rate(flows.satisfied, flows.rated),
  };
}

export type DossierFigureValues = ReturnType<typeof dossierFigures>;
