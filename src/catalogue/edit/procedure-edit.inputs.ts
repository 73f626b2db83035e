import { GraphQLDate } from 'graphql-scalars';
import { Field, Float, InputType, Int } from 'type-graphql';
import { ChannelKind } from '../../shared/channels';
import { AdministrativeLevel } from '../../shared/levels';
import { FeeKind, OnlineServiceLevel, Subject, TimeUnit } from '../catalogue.enums';

/**
 * What an agency's system sends to change a procedure. Every value is checked by
 * procedure-edit.checks.ts (lengths, ranges, list sizes, URLs, known codes), which answers each
 * mistake with its path; GraphQL checks only the types.
 */

@InputType({ description: 'A fee or charge on a channel.' })
export class FeeInput {
  @Field(() => FeeKind, { description: 'Phí (FEE) or lệ phí (CHARGE).' })
  kind!: FeeKind;

  @Field(() => Int, { nullable: true, description: 'Whole VND, 0 for free, at most 1,000,000,000; null when the amount is not fixed (set per case).' })
  amountVnd!: number | null;

  @Field(() => String, { defaultValue: '', description: 'Verbatim Vietnamese text, exemptions and conditions included (at most 5,000 characters).' })
  description!: string;
}

@InputType({ description: 'A channel the procedure can be carried out on, with its processing time and fees.' })
export class ChannelInput {
  @Field(() => ChannelKind, { description: 'In person, online or by post; each at most once per procedure.' })
  channel!: ChannelKind;

  @Field(() => Float, { nullable: true, description: 'Processing time, more than 0 and at most 1,000; null when the catalogue gives no fixed time.' })
  timeValue!: number | null;

  @Field(() => TimeUnit, { nullable: true, description: 'Unit of timeValue; required with it.' })
  timeUnit!: TimeUnit | null;

  @Field(() => String, { defaultValue: '', description: 'Verbatim Vietnamese text of the time (at most 5,000 characters).' })
  timeDescription!: string;

  @Field(() => [FeeInput], { defaultValue: [], description: 'At most 50 fees, in the order to show.' })
  fees!: FeeInput[];
}

@InputType({ description: 'A document the applicant hands in.' })
export class DocumentInput {
  @Field(() => String, { nullable: true, description: 'The case (trường hợp) it belongs to; null when the procedure has one case.' })
  caseName!: string | null;

  @Field(() => String, { description: 'Name as published (at most 500 characters).' })
  name!: string;

  @Field(() => Int, { defaultValue: 1, description: 'Originals, 0 to 100.' })
  originals!: number;

  @Field(() => Int, { defaultValue: 0, description: 'Copies, 0 to 100.' })
  copies!: number;

  @Field(() => Boolean, { defaultValue: true, description: 'Whether it is required.' })
  isRequired!: boolean;

  @Field(() => String, { nullable: true, description: "The form's name, when there is a form." })
  formName!: string | null;

  @Field(() => String, { nullable: true, description: 'Where to download the form: an absolute http(s) URL of at most 1,000 characters.' })
  formUrl!: string | null;
}

@InputType({ description: 'A step of the procedure.' })
export class StepInput {
  @Field(() => String, { nullable: true, description: 'The case it belongs to; null when the procedure has one case.' })
  caseName!: string | null;

  @Field(() => String, { description: 'What happens, verbatim (at most 5,000 characters).' })
  description!: string;
}

@InputType({ description: "The legal act (the province's announcement decision) that makes a change." })
export class LegalActInput {
  @Field(() => String, {
    description: 'Number as printed, e.g. `1234/QĐ-UBND` (at most 100 characters). An act the catalogue holds is cited by its number alone.',
  })
  number!: string;

  @Field(() => String, { nullable: true, description: 'Title; required for an act the catalogue does not hold yet.' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Who issued it; required for an act the catalogue does not hold yet.' })
  issuer!: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Day it was issued.' })
  issuedOn!: Date | null;
}

/**
 * Every field of a procedure, all optional: a patch sets the fields it carries and keeps the
 * others; a new procedure needs name, level, field, implementingAgency and effectiveFrom. A list
 * replaces the whole list.
 */
@InputType({ description: 'Fields of a procedure to set; a field left out keeps its value, a list given replaces the whole list.' })
export class ProcedurePatch {
  @Field(() => String, { nullable: true, description: 'Vietnamese name as published (at most 500 characters).' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Unofficial English gloss (at most 500 characters).' })
  nameEn?: string | null;

  @Field(() => AdministrativeLevel, { nullable: true, description: 'Level that implements it.' })
  level?: AdministrativeLevel | null;

  @Field(() => String, { nullable: true, description: 'Code of a field of the catalogue (see `fields`).' })
  field?: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the implementing agency (see `agencies`); an agency key cannot give its procedures away.' })
  implementingAgency?: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Day the procedure came into force.' })
  effectiveFrom?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Received at the one-stop desk (một cửa).' })
  isOneStop?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Inter-connected with other procedures (liên thông).' })
  isInterconnected?: boolean | null;

  @Field(() => OnlineServiceLevel, { nullable: true, description: 'Online-service level the province offers.' })
  onlineServiceLevel?: OnlineServiceLevel | null;

  @Field(() => [Subject], { nullable: true, description: 'Who may carry it out.' })
  subjects?: Subject[] | null;

  @Field(() => String, { nullable: true, description: 'Conditions (yêu cầu, điều kiện), verbatim (at most 5,000 characters); empty for none.' })
  conditions?: string | null;

  @Field(() => [String], { nullable: true, description: 'Results issued (at most 50, each at most 500 characters).' })
  results?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The announcement decision as printed (at most 500 characters); empty for none.' })
  announcementDecision?: string | null;

  @Field(() => [String], { nullable: true, description: 'Numbers of legal documents of the catalogue, in order (at most 100).' })
  legalBasis?: string[] | null;

  @Field(() => [StepInput], { nullable: true, description: 'Steps in order (at most 200).' })
  steps?: StepInput[] | null;

  @Field(() => [ChannelInput], { nullable: true, description: 'Channels with times and fees (at most one per kind).' })
  channels?: ChannelInput[] | null;

  @Field(() => [DocumentInput], { nullable: true, description: 'Documents to hand in, by case (at most 300).' })
  requiredDocuments?: DocumentInput[] | null;
}

@InputType({ description: 'A new procedure: its code and fields.' })
export class ProcedureInput extends ProcedurePatch {
  @Field(() => String, { description: 'National procedure code, e.g. `1.001193` (letters, digits, `.`, `-`, `_`; at most 32).' })
  code!: string;
}
