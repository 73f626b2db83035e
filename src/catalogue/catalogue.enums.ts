import { registerEnumType } from 'type-graphql';

/** Online-service level under Decree 42/2022/NĐ-CP (replaced the older levels 1-4). */
export enum OnlineServiceLevel {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
  NONE = 'NONE',
}
registerEnumType(OnlineServiceLevel, {
  name: 'OnlineServiceLevel',
  description: 'How much of the procedure can be done online (Decree 42/2022/NĐ-CP).',
  valuesConfig: {
    FULL: { description: 'Toàn trình: submission, processing, payment and result all online.' },
    PARTIAL: { description: 'Một phần: submitted online, but some step needs presence or post.' },
    NONE: { description: 'Not offered online; information only.' },
  },
});

export enum ProcedureStatus {
  PUBLIC = 'PUBLIC',
  PENDING = 'PENDING',
  ABOLISHED = 'ABOLISHED',
}
registerEnumType(ProcedureStatus, {
  name: 'ProcedureStatus',
  description: 'Publication status of a procedure in the catalogue.',
  valuesConfig: {
    PUBLIC: { description: 'Announced and in force.' },
    PENDING: { description: 'Announced, not yet in force.' },
    ABOLISHED: { description: 'Abolished or replaced; kept for reference.' },
  },
});

export enum TimeUnit {
  WORKING_DAY = 'WORKING_DAY',
  DAY = 'DAY',
  HOUR = 'HOUR',
}
registerEnumType(TimeUnit, {
  name: 'TimeUnit',
  description: 'Unit of a processing time.',
  valuesConfig: {
    WORKING_DAY: { description: 'Working days (ngày làm việc).' },
    DAY: { description: 'Calendar days (ngày).' },
    HOUR: { description: 'Working hours (giờ).' },
  },
});

export enum FeeKind {
  FEE = 'FEE',
  CHARGE = 'CHARGE',
}
registerEnumType(FeeKind, {
  name: 'FeeKind',
  description: 'Kind of payment.',
  valuesConfig: {
    FEE: { description: 'Phí: a fee for a public service.' },
    CHARGE: { description: 'Lệ phí: a state charge for an administrative act.' },
  },
});

export enum Subject {
  CITIZEN = 'CITIZEN',
  ENTERPRISE = 'ENTERPRISE',
  ORGANISATION = 'ORGANISATION',
  STATE_AGENCY = 'STATE_AGENCY',
  FOREIGNER = 'FOREIGNER',
}
registerEnumType(Subject, {
  name: 'Subject',
  description: 'Who may carry out a procedure (đối tượng thực hiện).',
  valuesConfig: {
    CITIZEN: { description: 'Vietnamese citizens (công dân).' },
    ENTERPRISE: { description: 'Enterprises (doanh nghiệp).' },
    ORGANISATION: { description: 'Other organisations (tổ chức).' },
    STATE_AGENCY: { description: 'State agencies (cơ quan nhà nước).' },
    FOREIGNER: { description: 'Foreigners and overseas Vietnamese (người nước ngoài).' },
  },
});

export enum ProcedureOrderField {
  NAME = 'NAME',
  CODE = 'CODE',
  UPDATED_AT = 'UPDATED_AT',
  PROCESSING_TIME = 'PROCESSING_TIME',
}
registerEnumType(ProcedureOrderField, {
  name: 'ProcedureOrderField',
  description: 'What to sort procedures by; ties are broken by an internal id in the same direction.',
  valuesConfig: {
    NAME: { description: 'Vietnamese name.' },
    CODE: { description: 'National procedure code.' },
    UPDATED_AT: { description: 'Time of the last change in the catalogue.' },
    PROCESSING_TIME: { description: 'Shortest processing time over channels (minProcessingDays); unknown times last.' },
  },
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Sort direction.',
  valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});
