/** The procedure page's one request: the record as in force today and its versions. */
export const PROCEDURE_QUERY = `query PortalProcedure($code: String!) {
  procedure(code: $code) {
    code name nameEn level status isOneStop isInterconnected onlineServiceLevel isFree isRepresentative representativeFields
    effectiveFrom effectiveTo announcementDecision conditions results subjects minFeeVnd minProcessingDays version updatedAt
    field { code name }
    implementingAgency { code name unit { name } }
    channels { channel processingTime { description } fees { kind amountVnd description } }
    requiredDocuments { caseName name originals copies isRequired formName formUrl }
    steps { position caseName description }
    legalBasis { number title issuer issuedOn }
  }
  procedureHistory(code: $code, first: 20) {
    totalCount
    edges { node { version kind validFrom validTo recordedAt changedFields legalAct { number title issuer issuedOn isRepresentative } } }
  }
}`;

export interface ProcedureRecord {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  status: string;
  isOneStop: boolean;
  isInterconnected: boolean;
  onlineServiceLevel: string;
  isFree: boolean;
  isRepresentative: boolean;
  representativeFields: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
  announcementDecision: string | null;
  conditions: string | null;
  results: string[];
  subjects: string[];
  minFeeVnd: number | null;
  minProcessingDays: number | null;
  version: number;
  updatedAt: string;
  field: { code: string; name: string };
  implementingAgency: { code: string; name: string; unit: { name: string } };
  channels: { channel: string; processingTime: { description: string }; fees: { kind: string; amountVnd: number | null; description: string }[] }[];
  requiredDocuments: {
    caseName: string | null;
    name: string;
    originals: number;
    copies: number;
    isRequired: boolean;
    formName: string | null;
    formUrl: string | null;
  }[];
  steps: { position: number; caseName: string | null; description: string }[];
  legalBasis: { number: string; title: string; issuer: string; issuedOn: string | null }[];
}

export interface ProcedureVersion {
  version: number;
  kind: string;
  validFrom: string;
  validTo: string | null;
  recordedAt: string;
  changedFields: string[];
  legalAct: { number: string; title: string; issuer: string; issuedOn: string | null; isRepresentative: boolean } | null;
}

export interface ProcedureData {
  procedure: ProcedureRecord | null;
  procedureHistory: { totalCount: number; edges: { node: ProcedureVersion }[] };
}
