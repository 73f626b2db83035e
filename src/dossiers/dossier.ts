import type { ChannelKind } from '../shared/channels';
import type { AdministrativeLevel } from '../shared/levels';
/**
 * A dossier as this service keeps it: one application for one procedure at one unit's desk, with
 * no personal data. The national status codes (DOMAIN.md section 3) and what each means here.
 */
const DOSSIER_STATUSES = {
  1: 'newly submitted online',
  2: 'accepted at the desk',
  3: 'refused at reception',
  4: 'in process',
  5: 'supplement requested',
  6: 'fees or taxes due',
  7: 'withdrawn by the applicant',
  8: 'processing stopped',
  9: 'resolved, result sent to the desk',
  10: 'result returned to the applicant',
} as const;

export type DossierStatus = keyof typeof DOSSIER_STATUSES;
export const isDossierStatus = (value: unknown): value is DossierStatus => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10;

/** Statuses that end a dossier's handling; `finishedAt` is when. */
export const RESOLVED_STATUSES: readonly DossierStatus[] = [9, 10];
export const ENDING_STATUSES: readonly DossierStatus[] = [3, 7, 9, 10];
/** Waiting on the applicant or stopped: still pending, reported apart as paused. */
export const PAUSED_STATUSES: readonly DossierStatus[] = [5, 6, 8];

/** One version of a dossier, validated, as stored. Times are epoch milliseconds. */
export interface DossierVersion {
  unitId: number;
  externalCode: string;
  procedureCode: string;
  fieldCode: string;
  fullOnlineOffered: boolean;
  level: AdministrativeLevel;
  channel: ChannelKind;
  status: DossierStatus;
  receivedAt: number;
  dueAt: number | null;
  finishedAt: number | null;
  returnedAt: number | null;
  updatedAt: number;
  digitisedOnReceipt: boolean;
  electronicResult: boolean;
  paidOnline: boolean;
  feeBearing: boolean;
  populationDataUsed: boolean;
  apologyIssued: boolean;
  satisfaction: number | null;
  /** Seed data built to reproduce published totals; never set through the ingestion API. */
  isRepresentative: boolean;
}

/** The same dossier data, same version: a replay that changes nothing. */
export function sameVersion(a: DossierVersion, b: DossierVersion): boolean {
  // Field by field rather than over Object.keys: called for every replayed dossier.
  return (
    a.unitId === b.unitId &&
    a.externalCode === b.externalCode &&
    a.procedureCode === b.procedureCode &&
    a.fieldCode === b.fieldCode &&
    a.fullOnlineOffered === b.fullOnlineOffered &&
    a.level === b.level &&
    a.channel === b.channel &&
    a.status === b.status &&
    a.receivedAt === b.receivedAt &&
    a.dueAt === b.dueAt &&
    a.finishedAt === b.finishedAt &&
    a.returnedAt === b.returnedAt &&
    a.updatedAt === b.updatedAt &&
    a.digitisedOnReceipt === b.digitisedOnReceipt &&
    a.electronicResult === b.electronicResult &&
    a.paidOnline === b.paidOnline &&
    a.feeBearing === b.feeBearing &&
    a.populationDataUsed === b.populationDataUsed &&
    a.apologyIssued === b.apologyIssued &&
    a.satisfaction === b.satisfaction &&
    a.isRepresentative === b.isRepresentative
  );
}
