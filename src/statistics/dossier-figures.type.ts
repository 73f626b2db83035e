import { Field, Int, ObjectType } from 'type-graphql';
import { AdministrativeLevel } from '../shared/levels';
import { Rate } from './rate.type';
import { metricDescription } from './statistics-methodology';

/** The usual report of a unit and period (DOMAIN.md section 4); `statisticsMethodology` defines each figure. */
@ObjectType({ simpleResolvers: true, description: 'How dossiers were handled in one period; `statisticsMethodology` defines every figure.' })
export class DossierFigures {
  @Field(() => Int, { description: metricDescription('carriedOver') })
  carriedOver!: number;

  @Field(() => Int, { description: metricDescription('newlyReceived') })
  newlyReceived!: number;

  @Field(() => Int, { description: metricDescription('receivedOnline') })
  receivedOnline!: number;

  @Field(() => Int, { description: metricDescription('receivedInPerson') })
  receivedInPerson!: number;

  @Field(() => Int, { description: metricDescription('receivedByPost') })
  receivedByPost!: number;

  @Field(() => Int, { description: metricDescription('received') })
  received!: number;

  @Field(() => Int, { description: metricDescription('resolved') })
  resolved!: number;

  @Field(() => Int, { description: metricDescription('resolvedEarly') })
  resolvedEarly!: number;

  @Field(() => Int, { description: metricDescription('resolvedOnTime') })
  resolvedOnTime!: number;

  @Field(() => Int, { description: metricDescription('resolvedOverdue') })
  resolvedOverdue!: number;

  @Field(() => Int, { description: metricDescription('withdrawn') })
  withdrawn!: number;

  @Field(() => Int, { description: metricDescription('refused') })
  refused!: number;

  @Field(() => Int, { description: metricDescription('pendingAtEnd') })
  pendingAtEnd!: number;

  @Field(() => Int, { description: metricDescription('pendingWithinDeadline') })
  pendingWithinDeadline!: number;

  @Field(() => Int, { description: metricDescription('pendingPastDeadline') })
  pendingPastDeadline!: number;

  @Field(() => Int, { description: metricDescription('pausedAtEnd') })
  pausedAtEnd!: number;

  @Field(() => Int, { description: metricDescription('apologyLetters') })
  apologyLetters!: number;

  @Field(() => Int, { description: metricDescription('representativeReceived') })
  representativeReceived!: number;

  @Field(() => Rate, { description: metricDescription('onTimeRate') })
  onTimeRate!: Rate;

  @Field(() => Rate, { description: metricDescription('overdueRate') })
  overdueRate!: Rate;

  @Field(() => Rate, { description: metricDescription('onlineRate') })
  onlineRate!: Rate;

  @Field(() => Rate, { description: metricDescription('fullOnlineRate') })
  fullOnlineRate!: Rate;

  @Field(() => Rate, { description: metricDescription('digitisedOnReceiptRate') })
  digitisedOnReceiptRate!: Rate;

  @Field(() => Rate, { description: metricDescription('electronicResultRate') })
  electronicResultRate!: Rate;

  @Field(() => Rate, { description: metricDescription('onlinePaymentRate') })
  onlinePaymentRate!: Rate;

  @Field(() => Rate, { description: metricDescription('populationDataRate') })
  populationDataRate!: Rate;

  @Field(() => Rate, { description: metricDescription('satisfactionRate') })
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
