import type { ChannelKind } from '../../shared/channels';
import type { AdministrativeLevel } from '../../shared/levels';
import type { FeeKind, OnlineServiceLevel, ProcedureStatus, Subject, TimeUnit } from '../catalogue.enums';

/**
 * What the catalogue writer takes: records keyed by their natural codes, as published, with no
 * database ids. Plain data, so generators and importers can build them without PostgreSQL.
 */

/** Kinds of unit in the official codes: province, centrally governed city, district, urban district, town, city, commune, ward, township. */
export const UNIT_KINDS = ['tinh', 'tptw', 'huyen', 'quan', 'thi_xa', 'tp', 'xa', 'phuong', 'thi_tran'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitRecord {
  /** Official statistics code, kept as a string (`05971` keeps its leading zero). */
  code: string;
  name: string;
  kind: UnitKind;
  level: AdministrativeLevel;
  /** null for a province; otherwise a unit of the catalogue or of the same write. */
  parentCode: string | null;
}

export interface FieldRecord {
  /** Stable ASCII slug of the Vietnamese name, e.g. `ho-tich` for "Hộ tịch". */
  code: string;
  name: string;
}

export interface AgencyRecord {
  code: string;
  name: string;
  level: AdministrativeLevel;
  unitCode: string;
}

export interface LegalDocumentRecord {
  /** Document number as printed, e.g. `60/2014/QH13`; unique. */
  number: string;
  title: string;
  issuer: string;
  /** ISO date `YYYY-MM-DD`, null when unknown. */
  issuedOn: string | null;
}

export interface FeeRecord {
  kind: FeeKind;
  /** Whole VND; 0 for free, null when the amount is not fixed (e.g. set per case). */
  amountVnd: number | null;
  /** Verbatim Vietnamese text, exemptions included. */
  description: string;
}

export interface ChannelRecord {
  channel: ChannelKind;
  /** null when the catalogue gives no fixed time. */
  timeValue: number | null;
  timeUnit: TimeUnit | null;
  /** Verbatim Vietnamese text, e.g. "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ". */
  timeDescription: string;
  fees: FeeRecord[];
}

export interface DocumentRecord {
  /** The case (trường hợp) the document belongs to; null when the procedure has one case. */
  caseName: string | null;
  name: string;
  originals: number;
  copies: number;
  isRequired: boolean;
  formName: string | null;
  formUrl: string | null;
}

export interface StepRecord {
  caseName: string | null;
  description: string;
}

/** A legal act that changes the catalogue: in practice the province's announcement decision. */
export interface LegalActRecord {
  /** Number as printed, e.g. `1234/QĐ-UBND`; unique. */
  number: string;
  title: string;
  issuer: string;
  /** ISO date `YYYY-MM-DD`, null when unknown. */
  issuedOn: string | null;
  /** true for a generated act (seed data): never to be cited as real. */
  isRepresentative: boolean;
}

/** What makes a change, and when it takes effect. */
export interface Enactment {
  /** Number of a legal act of the catalogue or of the same write; null when none is known. */
  legalAct: string | null;
  /**
   * First day the change is in force (YYYY-MM-DD, Vietnam's calendar); it may be in the future.
   * When absent: a new procedure's own `effectiveFrom`, and today for any other change.
   */
  validFrom?: string;
}

/**
 * A procedure with everything that hangs off it. A write stores it as a new version when its
 * content differs from the procedure's latest version, and stores nothing when it does not.
 */
export interface ProcedureRecord {
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
  /** ISO timestamp of the record's last change in the catalogue (from the source, not the clock). */
  updatedAt: string;
  isOneStop: boolean;
  isInterconnected: boolean;
  onlineServiceLevel: OnlineServiceLevel;
  subjects: Subject[];
  conditions: string | null;
  results: string[];
  announcementDecision: string | null;
  /** false for real procedures, true for generated ones (seed and scale data). */
  isRepresentative: boolean;
  /**
   * The fields (names of the API's `Procedure` fields) whose values were generated rather than
   * taken from a source: all of them for a representative procedure, none for an agency's edit.
   */
  representativeFields: string[];
  /** Numbers of legal documents of the catalogue or of the same write, in order. */
  legalBasis: string[];
  steps: StepRecord[];
  channels: ChannelRecord[];
  documents: DocumentRecord[];
  /** What makes this record's change, when not the write's `enactedBy`; not part of the content. */
  enactedBy?: Enactment;
}

/**
 * Which procedures a write stands for in full. Both conditions apply when both are given; an empty
 * scope is the whole catalogue.
 */
export interface ProcedureScope {
  codePrefix?: string;
  representative?: boolean;
}

/** Who makes a write's changes: the audit trail shows it with each change. */
export interface ChangeAuthor {
  /** SEED: the seed and generators; EDIT: a catalogue mutation; IMPORT: a national package import. */
  origin: 'SEED' | 'EDIT' | 'IMPORT';
  /** The API key's name, or the tool's; null for the seed. */
  name: string | null;
  keyId: number | null;
  /** The agency of an agency-scoped key. */
  agencyCode: string | null;
}

/** One write: any records, each upserted by its natural key; the references before the procedures. */
export interface CatalogueWrite {
  units?: readonly UnitRecord[];
  fields?: readonly FieldRecord[];
  agencies?: readonly AgencyRecord[];
  legalDocuments?: readonly LegalDocumentRecord[];
  legalActs?: readonly LegalActRecord[];
  /** What makes the write's changes (removals included), unless a record gives its own. */
  enactedBy?: Enactment;
  /** Any number: an iterable, so that a generator can hand over more than fits in memory at once. */
  procedures?: Iterable<ProcedureRecord>;
  /** When given, the procedures of this scope that the write does not carry are removed (a REMOVED change each). */
  replacing?: ProcedureScope;
  /** Codes of procedures to remove (a REMOVED change each, enacted by `enactedBy`); a code with no version in force is passed over. */
  removing?: readonly string[];
  /** Who makes the changes (the seed when absent). */
  author?: ChangeAuthor;
}
