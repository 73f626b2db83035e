import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { CatalogueSummary, FieldCount } from './catalogue-summary.type';
import { FieldType } from './field.type';
import { CatalogueSummaryArgs } from './procedure.inputs';

@Resolver(() => CatalogueSummary)
export class CatalogueSummaryResolver {
  @Query(() => CatalogueSummary, {
    description: 'Counts of procedures by level, field, online-service level and one-stop; for the filtered set when a filter is given.',
  })
  catalogueSummary(@Args() { filter }: CatalogueSummaryArgs, @Ctx() ctx: Context) {
    return ctx.services.summary.summarise(filter);
  }
}

@Resolver(() => FieldCount)
export class FieldCountResolver {
  @FieldResolver(() => FieldType)
  field(@Root() count: FieldCount, @Ctx() ctx: Context) {
    return ctx.loaders.field.load(count.fieldId);
  }
}
