import { Field, Int, Float, ID, ObjectType } from 'type-graphql';
import { GraphQLDate, GraphQLDateTime, GraphQLNonNegativeInt } from 'graphql-scalars';
import { Node } from '../graphql/node.type';
import { AdministrativeLevel } from '../shared/levels';
import { Agency } from './agency.type';
import { OnlineServiceLevel, ProcedureStatus, Subject } from './catalogue.enums';
import { FieldType } from './field.type';
import { LegalDocument } from './legal-document.type';
import { ProcedureChannel } from './procedure-channel.type';
import { ProcedureStep } from './procedure-step.type';
import { RequiredDocument } from './required-document.type';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'An administrative procedure (thủ tục hành chính) of the catalogue.' })
export class Procedure implements Node {
  @Field(() => ID, { description: 'Global id, built from the code.' })
  id!: string;

  @Field({ description: 'National procedure code, e.g. `1.001193`; representative records use `R.` codes.' })
  code!: string;

  @Field(() => Int, {
    description:
      "This version's number (1, 2, … per procedure; see procedureHistory). An edit names the version it was prepared on (expectedVersion): " +
      'another, later one means someone changed the procedure since.',
  })
  version!: number;

  @Field({ description: 'Official Vietnamese name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Unofficial English gloss, where one is known.' })
  nameEn!: string | null;

  @Field(() => AdministrativeLevel, { description: 'Tier that handles the procedure (cấp thực hiện).' })
  level!: AdministrativeLevel;

  @Field(() => FieldType, { description: 'Sector (lĩnh vực) of the procedure.' })
  field!: FieldType;

  @Field(() => Agency, { description: 'Agency that carries out the procedure (cơ quan thực hiện).' })
  implementingAgency!: Agency;

  @Field({ description: 'Received and returned at the one-stop desk (một cửa).' })
  isOneStop!: boolean;

  @Field({ description: 'Several agencies or levels handle one dossier behind one desk (một cửa liên thông).' })
  isInterconnected!: boolean;

  @Field(() => OnlineServiceLevel, { description: 'How much can be done online (Decree 42/2022/NĐ-CP).' })
  onlineServiceLevel!: OnlineServiceLevel;

  @Field(() => [ProcedureChannel], { description: 'Channels with their processing times and fees.' })
  channels!: ProcedureChannel[];

  @Field(() => [RequiredDocument], { description: 'Documents of the dossier, grouped by case, in catalogue order.' })
  requiredDocuments!: RequiredDocument[];

  @Field(() => [ProcedureStep], { description: 'Steps of the procedure, in order.' })
  steps!: ProcedureStep[];

  @Field(() => [Subject], { description: 'Who may carry out the procedure.' })
  subjects!: Subject[];

  @Field(() => [String], { description: 'Documents issued as the result (kết quả), e.g. "Giấy khai sinh".' })
  results!: string[];

  @Field(() => [LegalDocument], { description: 'Legal basis, in catalogue order.' })
  legalBasis!: LegalDocument[];

  @Field(() => String, { nullable: true, description: 'Requirements and conditions (yêu cầu, điều kiện), verbatim.' })
  conditions!: string | null;

  @Field(() => String, { nullable: true, description: 'The provincial decision that announced the procedure.' })
  announcementDecision!: string | null;

  @Field(() => ProcedureStatus, { description: 'Publication status.' })
  status!: ProcedureStatus;

  @Field(() => GraphQLDate, { description: 'Date from which the procedure applies.' })
  effectiveFrom!: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'Last date the procedure applies; null while in force.' })
  effectiveTo!: string | null;

  @Field(() => GraphQLDateTime, { description: 'Time of the last change to this record in the catalogue.' })
  updatedAt!: Date;

  @Field(() => Float, {
    nullable: true,
    description:
      'Shortest processing time over the channels, in days: working and calendar days count one each, hours one ' +
      'eighth of a day. Null when no channel has a fixed time.',
  })
  minProcessingDays!: number | null;

  @Field({ description: 'True when no channel charges anything (every fee and charge is 0).' })
  isFree!: boolean;

  @Field(() => GraphQLNonNegativeInt, {
    nullable: true,
    description: 'Cheapest total of fees and charges over the channels, in VND; null when no channel has a fixed total.',
  })
  minFeeVnd!: number | null;

  @Field({
    description:
      'True for representative records generated to fill the catalogue to its published size (codes starting `R.`); ' +
      'false for real national procedures. Do not cite representative records as facts.',
  })
  isRepresentative!: boolean;

  @Field(() => [String], {
    description:
      'The fields of this record that were generated for the representative seed data rather than taken from a source ' +
      '(names of `Procedure` fields): every field of a representative procedure; for a real national procedure of the ' +
      'seed, those the sources do not give (e.g. `steps`, `announcementDecision`); none for a record written by an agency ' +
      'or an import. The list helpers (`minProcessingDays`, `minFeeVnd`, `isFree`) follow `channels`.',
  })
  representativeFields!: string[];
}
