import { HO_CHI_MINH_OFFSET_MS } from '../shared/clock';
import { ENDING_STATUSES, PAUSED_STATUSES, RESOLVED_STATUSES, type DossierVersion } from './dossier';

/** The rollup counters, in the order of their columns in dossier_daily and dossier_monthly. */
export const ROLLUP_COUNTERS = [
  'received_online',
  'received_in_person',
  'received_postal',
  'resolved_early',
  'resolved_on_time',
  'resolved_overdue',
  'withdrawn',
  'refused',
  'digitised_on_receipt',
  'population_data_used',
  'fee_bearing',
  'paid_online',
  'full_online_offered',
  'full_online_received',
  'electronic_result',
  'apology_issued',
  'rated',
  'satisfied',
  'pending_delta',
  'pending_overdue_delta',
  'paused_delta',
  'representative_received',
] as const;
type RollupCounter = (typeof ROLLUP_COUNTERS)[number];

/** A rating of 4 or 5 (of 5) counts as satisfied. */
export const SATISFIED_FROM = 4;

/** Each counter's position in ROLLUP_COUNTERS (and in a rollup row's counts). */
const COUNTER = Object.fromEntries(ROLLUP_COUNTERS.map((c, i) => [c, i])) as Record<RollupCounter, number>;

const DAY_MS = 86_400_000;
/** The local calendar day of an instant as days since 1970-01-01 (what rollups are keyed by). */
export const localDayNumber = (epochMs: number): number => Math.floor((epochMs + HO_CHI_MINH_OFFSET_MS) / DAY_MS);

/** How a resolved dossier counts: before its due date, on it, or after its due time. */
function resolutionTiming(finishedAt: number, dueAt: number | null): 'resolved_early' | 'resolved_on_time' | 'resolved_overdue' {
  // A procedure without a deadline cannot be late.
  if (dueAt === null) return 'resolved_on_time';
  if (finishedAt > dueAt) return 'resolved_overdue';
  return localDayNumber(finishedAt) < localDayNumber(dueAt) ? 'resolved_early' : 'resolved_on_time';
}

/** Receives one counter change of a contribution: `n` on `counter` (an index into ROLLUP_COUNTERS) on local day `day`. */
export type ContributionSink = (day: number, counter: number, n: number) => void;

const C = COUNTER;
const RECEIVED_BY_CHANNEL = { ONLINE: C.received_online, IN_PERSON: C.received_in_person, POSTAL: C.received_postal } as const;

/**
 * What one dossier version adds to the rollups, by local day. Flows count on the day they happen
 * (receipt flags on the day received; outcome, result and rating on the day it ended); state is
 * +1 on the day it starts and -1 on the day it ends:
 * - pending: from the day received to the day it ended (resolved, withdrawn or refused);
 * - pending past the deadline: from the due date, when still pending at its end, to the day it ended;
 * - paused (supplement, fees due, stopped): from the day of the version that says so. Only the
 *   current status is known, so a pause that is over leaves no trace.
 *
 * Every change is passed to `emit` times `sign` (-1 takes a replaced version's contribution
 * back). Called for every dossier written, so it allocates nothing.
 */
export function emitContribution(d: DossierVersion, sign: number, emit: ContributionSink): void {
  const received = localDayNumber(d.receivedAt);
  emit(received, RECEIVED_BY_CHANNEL[d.channel], sign);
  if (d.digitisedOnReceipt) emit(received, C.digitised_on_receipt, sign);
  if (d.populationDataUsed) emit(received, C.population_data_used, sign);
  if (d.feeBearing) emit(received, C.fee_bearing, sign);
  if (d.paidOnline) emit(received, C.paid_online, sign);
  if (d.fullOnlineOffered) {
    emit(received, C.full_online_offered, sign);
    if (d.channel === 'ONLINE') emit(received, C.full_online_received, sign);
  }
  emit(received, C.pending_delta, sign);
  if (d.isRepresentative) emit(received, C.representative_received, sign);

  const endedAt = ENDING_STATUSES.includes(d.status) ? d.finishedAt : null;
  const ended = endedAt === null ? -1 : localDayNumber(endedAt);
  if (endedAt !== null) {
    emit(ended, C.pending_delta, -sign);
    if (d.status === 3) emit(ended, C.refused, sign);
    if (d.status === 7) emit(ended, C.withdrawn, sign);
    if (RESOLVED_STATUSES.includes(d.status)) {
      emit(ended, C[resolutionTiming(endedAt, d.dueAt)], sign);
      if (d.electronicResult) emit(ended, C.electronic_result, sign);
    }
    if (d.satisfaction !== null) {
      emit(ended, C.rated, sign);
      if (d.satisfaction >= SATISFIED_FROM) emit(ended, C.satisfied, sign);
    }
  }
  // The letter is issued when the deadline is missed: counted when the dossier ends, or on its due
  // date while it is still pending.
  if (d.apologyIssued) emit(endedAt !== null ? ended : d.dueAt !== null ? localDayNumber(d.dueAt) : received, C.apology_issued, sign);

  if (d.dueAt !== null) {
    const due = localDayNumber(d.dueAt);
    if (endedAt === null || ended > due) {
      emit(due, C.pending_overdue_delta, sign);
      if (endedAt !== null) emit(ended, C.pending_overdue_delta, -sign);
    }
  }
  if (endedAt === null && PAUSED_STATUSES.includes(d.status)) emit(localDayNumber(Math.max(d.updatedAt, d.receivedAt)), C.paused_delta, sign);
}
