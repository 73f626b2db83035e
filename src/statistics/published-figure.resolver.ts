import { GraphQLDate } from 'graphql-scalars';
import { MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Extensions, Field, Query, Resolver } from 'type-graphql';
import type { StatisticsContext as Context } from './statistics.context';
import { fieldCost, STATISTIC_COST } from '../graphql/query-cost';
import { toDay } from './period';
import { MAX_FIGURES } from './published-figure.service';
import { PublishedFigure } from './published-figure.type';

@ArgsType()
class PublishedFiguresArgs {
  @Field(() => String, { nullable: true, description: 'Only figures about this unit (AdministrativeUnit.code).' })
  @MaxLength(10)
  unitCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this metric.' })
  @MaxLength(80)
  metric?: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Only figures whose period starts on or after this day.' })
  from?: Date | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Only figures whose period ends on or before this day.' })
  to?: Date | null;
}

@Resolver()
export class PublishedFigureResolver {
  @Extensions(fieldCost(STATISTIC_COST))
  @Query(() => [PublishedFigure], {
    description: `Figures published in newspapers and reports, with their sources, each beside the value computed from this service's data for the same unit, period and metric (at most ${MAX_FIGURES}).`,
  })
  publishedFigures(@Args() args: PublishedFiguresArgs, @Ctx() ctx: Context) {
    return ctx.services.publishedFigures.compare({
      unitCode: args.unitCode,
      metric: args.metric,
      from: args.from ? toDay(args.from) : null,
      to: args.to ? toDay(args.to) : null,
    });
  }
}
