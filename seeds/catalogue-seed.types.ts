/**
 * The shape of the seed catalogue: what `buildCatalogueSeed()` produces and the loader writes.
 * Plain data, no database types, so the builder can be tested without PostgreSQL.
 */

export type AdministrativeLevel = 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
export type UnitKind = 'tinh' | 'tptw' | 'huyen' | 'quan' | 'thi_xa' | 'tp' | 'xa' | 'phuong' | 'thi_tran';
export type OnlineServiceLevel = 'FULL' | 'PARTIAL' | 'NONE';
export type ProcedureStatus = 'PUBLIC' | 'PENDING' | 'ABOLISHED';
export type Channel = 'IN_PERSON' | 'ONLINE' | 'POSTAL';
export type TimeUnit = 'WORKING_DAY' | 'DAY' | 'HOUR';
export type FeeKind = 'FEE' | 'CHARGE';
export type Subject = 'CITIZEN' | 'ENTERPRISE' | 'ORGANISATION' | 'STATE_AGENCY' | 'FOREIGNER';

export interface SeedUnit {
  code: string;
  name: string;
  kind: UnitKind;
  level: AdministrativeLevel;
  parentCode: string | null;
}

export interface SeedField {
  /** Stable ASCII slug of the Vietnamese name, e.g. `ho-tich` for "Hộ tịch". */
  code: string;
  name: string;
}

export interface SeedAgency {
  code: string;
  name: string;
  level: AdministrativeLevel;
  unitCode: string;
}

export interface SeedLegalDocument {
  /** Document number as printed, e.g. `60/2014/QH13`; unique. */
  number: string;
  title: string;
  issuer: string;
  /** ISO date `YYYY-MM-DD`, null when unknown. */
  issuedOn: string | null;
}

export interface SeedFee {
  kind: FeeKind;
  /** Whole VND; 0 for free, null when the amount is not fixed (e.g. set per case). */
  amountVnd: number | null;
  /** Verbatim Vietnamese text, exemptions included. */
  description: string;
}

export interface SeedChannel {
  channel: Channel;
  /** null when the catalogue gives no fixed time. */
  timeValue: number | null;
  timeUnit: TimeUnit | null;
  /** Verbatim Vietnamese text, e.g. "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ". */
  timeDescription: string;
  fees: SeedFee[];
}

export interface SeedDocument {
  /** The case (trường hợp) the document belongs to; null when the procedure has one case. */
  caseName: string | null;
  name: string;
  originals: number;
  copies: number;
  isRequired: boolean;
  formName: string | null;
  formUrl: string | null;
}

export interface SeedStep {
  caseName: string | null;
  description: string;
}

export interface SeedProcedure {
  code: string;
  name: string;
  /** Unofficial English gloss; null when none is known. */
  nameEn: string | null;
  level: AdministrativeLevel;
  fieldCode: string;
  agencyCode: string;
  status: ProcedureStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** ISO timestamp of the record's last change in the catalogue. */
  updatedAt: string;
  isOneStop: boolean;
  isInterconnected: boolean;
  onlineServiceLevel: OnlineServiceLevel;
  subjects: Subject[];
  conditions: string | null;
  results: string[];
  announcementDecision: string | null;
  /** false for the real national procedures, true for the generated ones that fill the catalogue. */
  isRepresentative: boolean;
  /** Numbers of SeedLegalDocument. */
  legalBasis: string[];
  steps: SeedStep[];
  channels: SeedChannel[];
  documents: SeedDocument[];
}

export interface CatalogueSeed {
  units: SeedUnit[];
  fields: SeedField[];
  agencies: SeedAgency[];
  legalDocuments: SeedLegalDocument[];
  procedures: SeedProcedure[];
}
