import { Args, Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { StatisticsContext as Context } from './statistics.context';
import { fieldCost, STATISTIC_COST } from '../graphql/query-cost';
import { StatisticsArgs, toStatisticsQuery } from './dossier-statistics.inputs';
import { serviceIndex } from './service-index';
import { ServiceIndex } from './service-index.type';

@Resolver()
export class ServiceIndexResolver {
  @Extensions(fieldCost(STATISTIC_COST))
  @Query(() => ServiceIndex, {
    nullable: true,
    description:
      'The Decision 766/QĐ-TTg groups and indicators that dossier data supports, for a unit and period, each with its rate, ' +
      'score and maximum; indicators it cannot support are listed with the reason, and fitted formulas are marked. null when no unit has this code.',
  })
  async serviceIndex(@Args() args: StatisticsArgs, @Ctx() ctx: Context): Promise<ServiceIndex | null> {
    const query = toStatisticsQuery(args.unitCode, args);
    const found = await ctx.services.statistics.statistics(query);
    if (!found) return null;
    return {
      unitCode: found.unit.code,
      unitName: found.unit.name,
      from: query.from,
      to: query.to,
      representativeReceived: found.representativeReceived,
      ...serviceIndex(found),
    };
  }
}
