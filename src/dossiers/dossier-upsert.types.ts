import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DossierChannel } from '../graphql/shared-enums';
import { ChannelKind } from '../shared/channels';
import { AdministrativeLevel } from '../shared/levels';

export enum UpsertOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  STALE = 'STALE',
  REJECTED = 'REJECTED',
}
registerEnumType(UpsertOutcome, {
  name: 'DossierUpsertOutcome',
  description: 'What happened to one dossier of a batch.',
  valuesConfig: {
    CREATED: { description: 'New; stored.' },
    UPDATED: { description: 'A newer version (later updatedAt) of a stored dossier; stored.' },
    UNCHANGED: { description: 'The same as the stored version (a replay); nothing changed.' },
    STALE: { description: 'Not newer than the stored version; ignored.' },
    REJECTED: { description: 'Invalid or not allowed (see error); nothing written.' },
  },
});

@InputType({ description: "One dossier, as the receiving desk's system knows it. No personal data: codes, times, status and flags only." })
export class DossierUpsertInput {
  @Field(() => String, { description: "The sending system's code for the dossier, unique within the unit (at most 100 characters)." })
  externalCode!: string;

  @Field(() => String, { description: 'National procedure code; may be a procedure outside the local catalogue (at most 80 characters).' })
  procedureCode!: string;

  @Field(() => String, { description: "The receiving unit's statistics code: the key's unit or one of its sub-units." })
  unitCode!: string;

  @Field(() => AdministrativeLevel, { description: 'Level the procedure is handled at.' })
  level!: AdministrativeLevel;

  @Field(() => DossierChannel, { description: 'How it was submitted.' })
  channel!: ChannelKind;

  @Field(() => Int, { description: 'National status code 1 to 10 (see statisticsMethodology); any other is rejected.' })
  status!: number;

  @Field(() => GraphQLDateTime, { description: 'When it was received; not in the future.' })
  receivedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Due (appointment) time; none for a procedure without a deadline. Not before receivedAt.' })
  dueAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When handling ended: required for statuses 3, 7, 9 and 10, absent otherwise.' })
  finishedAt?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the result was returned (status 10 only); not before finishedAt.' })
  returnedAt?: Date | null;

  @Field(() => GraphQLDateTime, { description: "The sending system's time of this version: an older version never replaces a newer one." })
  updatedAt!: Date;

  @Field(() => Boolean, { defaultValue: false, description: 'Components digitised on receipt.' })
  digitisedOnReceipt!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Result issued electronically (resolved dossiers only).' })
  electronicResult!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Fees paid online (fee-bearing dossiers only).' })
  paidOnline!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'The procedure charges a fee.' })
  feeBearing!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'The national population database was used.' })
  populationDataUsed!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'An apology letter was issued for lateness.' })
  apologyIssued!: boolean;

  @Field(() => Int, { nullable: true, description: "The applicant's rating, 1 to 5, when given (resolved dossiers only)." })
  satisfaction?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Why a dossier was rejected or ignored.' })
export class DossierUpsertError {
  @Field(() => String, { description: 'OUT_OF_SCOPE, UNKNOWN_STATUS, INVALID_VALUE, IMPOSSIBLE_DATES or STALE.' })
  code!: string;

  @Field(() => String, { description: 'What is wrong, in words.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field at fault.' })
  field!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The result for one dossier of a batch.' })
export class DossierUpsertItem {
  @Field(() => Int, { description: 'Position in the batch, from 0.' })
  index!: number;

  @Field(() => String, { nullable: true, description: 'The unit code sent.' })
  unitCode!: string | null;

  @Field(() => String, { nullable: true, description: 'The external code sent.' })
  externalCode!: string | null;

  @Field(() => UpsertOutcome, { description: 'What happened.' })
  outcome!: UpsertOutcome;

  @Field(() => DossierUpsertError, { nullable: true, description: 'Why, for REJECTED and STALE.' })
  error!: DossierUpsertError | null;
}

@ObjectType({ simpleResolvers: true, description: 'What a batch did. The accepted dossiers and their statistics were written in one transaction.' })
export class DossierUpsertResult {
  @Field(() => Int, { description: 'New dossiers stored.' })
  created!: number;

  @Field(() => Int, { description: 'Dossiers updated to a newer version.' })
  updated!: number;

  @Field(() => Int, { description: 'Replays that changed nothing.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Versions older than the stored ones, ignored.' })
  stale!: number;

  @Field(() => Int, { description: 'Dossiers rejected; nothing of them was written.' })
  rejected!: number;

  @Field(() => [DossierUpsertItem], { description: 'One result per dossier, in batch order.' })
  items!: DossierUpsertItem[];
}
