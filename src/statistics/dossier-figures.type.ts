import { Field, Int, ObjectType } from 'type-graphql';
import { AdministrativeLevel } from '../units/administrative-level';
import { Rate } from './rate.type';

/** The usual report of a unit and period (DOMAIN.md section 4); `statisticsMethodology` defines each figure. */
@ObjectType({ simpleResolvers: true, description: 'How dossiers were handled in one period; `statisticsMethodology` defines every figure.' })
export class DossierFigures {
  @Field(() => Int, { description: 'Pending at the start of the period (received before it, not ended before it).' })
  carriedOver!: number;

  @Field(() => Int, { description: 'Received in the period, all channels.' })
  newlyReceived!: number;

  @Field(() => Int, { description: 'Received online in the period.' })
  receivedOnline!: number;

  @Field(() => Int, { description: 'Received in person at the desk in the period.' })
  receivedInPerson!: number;

  @Field(() => Int, { description: 'Received by public post in the period.' })
  receivedByPost!: number;

  @Field(() => Int, { description: 'carriedOver + newlyReceived.' })
  received!: number;

  @Field(() => Int, { description: 'Resolved in the period (status 9 or 10): early + on time + overdue.' })
  resolved!: number;

  @Field(() => Int, { description: 'Resolved on a day before the due date.' })
  resolvedEarly!: number;

  @Field(() => Int, { description: 'Resolved on the due date, by the due time, or for a procedure without a deadline.' })
  resolvedOnTime!: number;

  @Field(() => Int, { description: 'Resolved after the due time.' })
  resolvedOverdue!: number;

  @Field(() => Int, { description: 'Withdrawn by the applicant in the period (status 7).' })
  withdrawn!: number;

  @Field(() => Int, { description: 'Refused at reception in the period (status 3).' })
  refused!: number;

  @Field(() => Int, { description: 'Pending at the end of the period (paused ones included).' })
  pendingAtEnd!: number;

  @Field(() => Int, { description: 'Of pendingAtEnd, those whose due date had not passed.' })
  pendingWithinDeadline!: number;

  @Field(() => Int, { description: 'Of pendingAtEnd, those past their due date.' })
  pendingPastDeadline!: number;

  @Field(() => Int, { description: 'Of pendingAtEnd, those whose current status is paused (supplement requested, fees due, stopped).' })
  pausedAtEnd!: number;

  @Field(() => Int, { description: 'Apology letters (phiếu xin lỗi) for dossiers that ended in the period, or fell due in it while pending.' })
  apologyLetters!: number;

  @Field(() => Int, {
    description:
      'Of newlyReceived, how many are representative seed dossiers built to reproduce published totals, not real records. ' +
      'Do not cite figures where this is not 0 as facts about individual dossiers.',
  })
  representativeReceived!: number;

  @Field(() => Rate, { description: '(resolvedEarly + resolvedOnTime) / resolved.' })
  onTimeRate!: Rate;

  @Field(() => Rate, { description: 'resolvedOverdue / resolved.' })
  overdueRate!: Rate;

  @Field(() => Rate, { description: 'receivedOnline / newlyReceived.' })
  onlineRate!: Rate;

  @Field(() => Rate, { description: 'Received online / received, among dossiers of procedures that offer full online service.' })
  fullOnlineRate!: Rate;

  @Field(() => Rate, { description: 'Dossiers whose components were digitised on receipt / newlyReceived.' })
  digitisedOnReceiptRate!: Rate;

  @Field(() => Rate, { description: 'Resolved with an electronic result / resolved.' })
  electronicResultRate!: Rate;

  @Field(() => Rate, { description: 'Paid online / fee-bearing dossiers received.' })
  onlinePaymentRate!: Rate;

  @Field(() => Rate, { description: 'Dossiers that used the national population database / newlyReceived.' })
  populationDataRate!: Rate;

  @Field(() => Rate, { description: 'Ratings of 4 or 5 (of 5) / ratings given, for dossiers that ended in the period.' })
  satisfactionRate!: Rate;
}

@ObjectType({ simpleResolvers: true, description: 'The figures of the dossiers of one procedure level.' })
export class LevelDossierFigures extends DossierFigures {
  @Field(() => AdministrativeLevel, { description: 'The level of the procedures.' })
  level!: AdministrativeLevel;
}

@ObjectType({ simpleResolvers: true, description: 'The figures of one period, with a breakdown by procedure level.' })
export class PeriodDossierFigures extends DossierFigures {
  @Field(() => String, { description: 'First day of the period (YYYY-MM-DD, Asia/Ho_Chi_Minh calendar).' })
  from!: string;

  @Field(() => String, { description: 'Last day of the period, inclusive.' })
  to!: string;

  @Field(() => [LevelDossierFigures], { description: 'The same figures for each procedure level that has dossiers.' })
  byLevel!: LevelDossierFigures[];
}
