import { Args, Ctx, Extensions, Query, Resolver } from 'type-graphql';
import type { StatisticsContext as Context } from './statistics.context';
import { fieldCost, STATISTIC_COST } from '../graphql/query-cost';
import { toStatisticsQuery } from './dossier-statistics.inputs';
import { metric } from './statistics-methodology';
import { rankUnits, TIE_RULE } from './unit-ranking';
import { UnitRanking, UnitRankingArgs } from './unit-ranking.type';

@Resolver()
export class UnitRankingResolver {
  @Extensions(fieldCost(STATISTIC_COST))
  @Query(() => UnitRanking, {
    nullable: true,
    description:
      'The direct sub-units of a unit ranked on one metric over a period, each with the figures dossierStatistics gives for it, ' +
      'so the ranking can be reproduced from the series. null when no unit has this code.',
  })
  async unitRanking(@Args() args: UnitRankingArgs, @Ctx() ctx: Context): Promise<UnitRanking | null> {
    const query = toStatisticsQuery(args.parentCode, args);
    const found = await ctx.services.statistics.subunits(query);
    if (!found) return null;
    const ranked = metric(args.metric);
    return {
      parentCode: found.parent.code,
      parentName: found.parent.name,
      from: query.from,
      to: query.to,
      metric: ranked,
      tieRule: TIE_RULE,
      entries: rankUnits(found.subunits, ranked).map((e) => ({
        rank: e.rank,
        value: e.value,
        unitCode: e.unit.code,
        unitName: e.unit.name,
        unitLevel: e.unit.level,
        figures: e.figures,
      })),
    };
  }
}
