import { Args, Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { StatisticsContext as Context } from './statistics.context';
import { fieldCost, STATISTIC_COST } from '../graphql/query-cost';
import { PeriodDossierFigures } from './dossier-figures.type';
import { StatisticsArgs, StatisticsSeriesArgs, toStatisticsQuery } from './dossier-statistics.inputs';
import { DossierStatistics } from './dossier-statistics.type';

const toQuery = (args: StatisticsArgs) => toStatisticsQuery(args.unitCode, args);

@Resolver()
export class DossierStatisticsResolver {
  @Extensions(fieldCost(STATISTIC_COST))
  @Query(() => DossierStatistics, {
    nullable: true,
    description:
      'How dossiers were handled by a unit over a period (Asia/Ho_Chi_Minh calendar), with every rate as numerator and ' +
      'denominator and a breakdown by level; null when no unit has this code. Read from daily rollups, never from raw dossiers.',
  })
  async dossierStatistics(@Args() args: StatisticsArgs, @Ctx() ctx: Context) {
    const query = toQuery(args);
    const result = await ctx.services.statistics.statistics(query);
    return result && { ...query, ...result, unitCode: result.unit.code, unitName: result.unit.name };
  }

  @Extensions(fieldCost(STATISTIC_COST))
  @Query(() => [PeriodDossierFigures], {
    nullable: true,
    description:
      'The same figures per calendar month, quarter or year, for charts; each period carries over what the previous left pending. null when no unit has this code.',
  })
  dossierStatisticsSeries(@Args() args: StatisticsSeriesArgs, @Ctx() ctx: Context) {
    return ctx.services.statistics.series(toQuery(args), args.interval);
  }
}
