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
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];
export type Counts = Partial<Record<RollupCounter, number>>;

/** A rating of 4 or 5 (of 5) counts as satisfied. */
export const SATISFIED_FROM = 4;

/**
 * Vietnam has kept UTC+7 all year since 1975, so the Asia/Ho_Chi_Minh calendar date of an instant
 * is its UTC date seven hours later: no time-zone database needed on the hot path.
 */
const HO_CHI_MINH_OFFSET_MS = 7 * 60 * 60 * 1000;
export const localDay = (epochMs: number): string => new Date(epochMs + HO_CHI_MINH_OFFSET_MS).toISOString().slice(0, 10);

/** How a resolved dossier counts: before its due date, on it, or after its due time. */
export function resolutionTiming(finishedAt: number, dueAt: number | null): 'resolved_early' | 'resolved_on_time' | 'resolved_overdue' {
  // A procedure without a deadline cannot be late.
  if (dueAt === null) return 'resolved_on_time';
  if (finishedAt > dueAt) return 'resolved_overdue';
  return localDay(finishedAt) < localDay(dueAt) ? 'resolved_early' : 'resolved_on_time';
}

/**
 * What one dossier version adds to the rollups, by local day. Flows count on the day they happen
 * (receipt flags on the day received; outcome, result and rating on the day it ended); state is
 * +1 on the day it starts and -1 on the day it ends:
 * - pending: from the day received to the day it ended (resolved, withdrawn or refused);
 * - pending past the deadline: from the due date, when still pending at its end, to the day it ended;
 * - paused (supplement, fees due, stopped): from the day of the version that says so. Only the
 *   current status is known, so a pause that is over leaves no trace.
 */
export function dossierContribution(d: DossierVersion): Map<string, Counts> {
  const days = new Map<string, Counts>();
  const add = (at: number, counter: RollupCounter, n = 1) => {
    const day = localDay(at);
    const counts = days.get(day) ?? {};
    counts[counter] = (counts[counter] ?? 0) + n;
    days.set(day, counts);
  };

  const received = d.receivedAt;
  add(received, d.channel === 'ONLINE' ? 'received_online' : d.channel === 'IN_PERSON' ? 'received_in_person' : 'received_postal');
  if (d.digitisedOnReceipt) add(received, 'digitised_on_receipt');
  if (d.populationDataUsed) add(received, 'population_data_used');
  if (d.feeBearing) add(received, 'fee_bearing');
  if (d.paidOnline) add(received, 'paid_online');
  if (d.fullOnlineOffered) {
    add(received, 'full_online_offered');
    if (d.channel === 'ONLINE') add(received, 'full_online_received');
  }
  add(received, 'pending_delta');
  if (d.isRepresentative) add(received, 'representative_received');

  const ended = ENDING_STATUSES.includes(d.status) ? d.finishedAt : null;
  if (ended !== null) {
    add(ended, 'pending_delta', -1);
    if (d.status === 3) add(ended, 'refused');
    if (d.status === 7) add(ended, 'withdrawn');
    if (RESOLVED_STATUSES.includes(d.status)) {
      add(ended, resolutionTiming(ended, d.dueAt));
      if (d.electronicResult) add(ended, 'electronic_result');
    }
    if (d.satisfaction !== null) {
      add(ended, 'rated');
      if (d.satisfaction >= SATISFIED_FROM) add(ended, 'satisfied');
    }
  }
  // The letter is issued when the deadline is missed: counted when the dossier ends, or on its due
  // date while it is still pending.
  if (d.apologyIssued) add(ended ?? d.dueAt ?? received, 'apology_issued');

  if (d.dueAt !== null && (ended === null || localDay(ended) > localDay(d.dueAt))) {
    add(d.dueAt, 'pending_overdue_delta');
    if (ended !== null) add(ended, 'pending_overdue_delta', -1);
  }
  if (ended === null && PAUSED_STATUSES.includes(d.status)) add(Math.max(d.updatedAt, received), 'paused_delta');
  return days;
}
