import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Extensions, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { CatalogueContext as Context } from './catalogue.context';
import { CatalogueSummary, FieldCount } from './catalogue-summary.type';
import { FieldType } from './field.type';
import { asOfDay } from './as-of';
import { CatalogueSummaryArgs } from './procedure.inputs';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';
import { selectedFields } from '../graphql/selection';

@Resolver(() => CatalogueSummary)
export class CatalogueSummaryResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => CatalogueSummary, {
    description:
      'Counts of procedures by level, field, online-service level and one-stop, for the procedures a filter and ' +
      'search select; each group ignores its own filter condition (facets for a search box).',
  })
  catalogueSummary(@Args() { filter, search, asOf }: CatalogueSummaryArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.summary.summarise(filter, search, asOfDay(asOf, ctx.today), selectedFields(info));
  }
}

@Resolver(() => FieldCount)
export class FieldCountResolver {
  @FieldResolver(() => FieldType)
  field(@Root('fieldId') fieldId: number, @Ctx() ctx: Context) {
    return ctx.loaders.field.load(fieldId);
  }
}
