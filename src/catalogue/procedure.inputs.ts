import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { GraphQLDate, GraphQLDateTime, GraphQLNonNegativeInt } from 'graphql-scalars';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageArgs } from '../graphql/page-args';
import { MAX_SEARCH_LENGTH } from './search/search-query';
import { MAX_DOCUMENT_SHARE } from './search/search-vocabulary';
import { AdministrativeLevel } from '../shared/levels';
import { ChannelKind } from '../shared/channels';
import { OnlineServiceLevel, OrderDirection, ProcedureOrderField, ProcedureStatus, Subject } from './catalogue.enums';

/** Codes are short; the bound keeps hostile input out of queries and logs. */
export const MAX_CODE_LENGTH = 80;
const MAX_LIST_LENGTH = 100;

@InputType({ description: 'Restricts procedures. All given conditions must hold; a list matches any of its values.' })
export class ProcedureFilter {
  @Field(() => [AdministrativeLevel], { nullable: true, description: 'Handled at one of these levels.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  levels?: AdministrativeLevel[];

  @Field(() => [String], { nullable: true, description: `In one of these fields (Field.code); at most ${MAX_LIST_LENGTH}.` })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST_LENGTH)
  @MaxLength(MAX_CODE_LENGTH, { each: true })
  fieldCodes?: string[];

  @Field(() => [String], { nullable: true, description: `Carried out by one of these agencies (Agency.code); at most ${MAX_LIST_LENGTH}.` })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST_LENGTH)
  @MaxLength(MAX_CODE_LENGTH, { each: true })
  agencyCodes?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Handled (or not) at the one-stop desk.' })
  isOneStop?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Inter-connected one-stop (or not). true implies one-stop.' })
  isInterconnected?: boolean;

  @Field(() => [OnlineServiceLevel], { nullable: true, description: 'With one of these online-service levels.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  onlineServiceLevels?: OnlineServiceLevel[];

  @Field(() => [ChannelKind], { nullable: true, description: 'Offering at least one of these channels.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  channels?: ChannelKind[];

  @Field(() => Boolean, { nullable: true, description: 'Free on every channel (true) or charging on some (false).' })
  isFree?: boolean;

  @Field(() => GraphQLNonNegativeInt, {
    nullable: true,
    description: 'Cheapest channel costs at most this many VND (minFeeVnd); procedures without a fixed amount are left out.',
  })
  maxFeeVnd?: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Shortest processing time at most this many days (minProcessingDays); unknown times are left out.',
  })
  @IsOptional()
  @Min(0)
  @Max(10000)
  maxProcessingDays?: number;

  @Field(() => [Subject], { nullable: true, description: 'Open to at least one of these subjects.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  subjects?: Subject[];

  @Field(() => [ProcedureStatus], { nullable: true, description: 'With one of these statuses.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  statuses?: ProcedureStatus[];

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Changed at or after this time (for incremental sync).' })
  updatedSince?: Date;
}

@InputType({ description: 'Sort order of a procedure list.' })
export class ProcedureOrder {
  @Field(() => ProcedureOrderField, { description: 'What to sort by.' })
  field!: ProcedureOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction; ascending by default.' })
  direction!: OrderDirection;
}

/** The description of every `asOf` argument of the catalogue. */
export const AS_OF =
  'The day to answer as of (Asia/Ho_Chi_Minh calendar): the versions of the procedures in force on that day. Default: today. ' +
  'From 1945-01-01 to ten years from today; a change scheduled for a later day is in force from that day on.';

@ArgsType()
export class ProceduresArgs extends PageArgs {
  @Field(() => ProcedureFilter, { nullable: true, description: 'Conditions the procedures must meet.' })
  @IsOptional()
  @ValidateNested()
  filter?: ProcedureFilter | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words to look for, with or without diacritics, in any case. A procedure is found when its name, field, agency ' +
      'and results together have every word, or a required document has them as a phrase (two words or more, and ' +
      `not a phrase common to the documents of more than ${MAX_DOCUMENT_SHARE * 100}% of the catalogue); the name counts most (see ` +
      '`searchRank`). Typos and a half-typed last word are tolerated; a procedure code (or its start) finds that ' +
      `procedure. Blank means no search; at most ${MAX_SEARCH_LENGTH} characters.`,
  })
  search?: string | null;

  @Field(() => ProcedureOrder, {
    nullable: true,
    description: 'Sort order; when omitted, by relevance with `search`, else by name (A to Z).',
  })
  orderBy?: ProcedureOrder | null;

  @Field(() => GraphQLDate, { nullable: true, description: AS_OF })
  asOf?: Date | null;
}

@ArgsType()
export class CatalogueSummaryArgs {
  @Field(() => GraphQLDate, { nullable: true, description: AS_OF })
  asOf?: Date | null;

  @Field(() => ProcedureFilter, {
    nullable: true,
    description:
      'Count only procedures meeting these conditions. Each group ignores its own condition (byLevel ignores ' +
      '`levels`, byField `fieldCodes`, byOnlineServiceLevel `onlineServiceLevels`, byOneStop `isOneStop`, ' +
      'byLevelAndOneStop both), so a search box can show what choosing another value would give; `total` applies all.',
  })
  @IsOptional()
  @ValidateNested()
  filter?: ProcedureFilter | null;

  @Field(() => String, { nullable: true, description: 'Count only procedures found by this search (as in `procedures`).' })
  search?: string | null;
}
