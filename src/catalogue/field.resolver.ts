import { Ctx, Extensions, FieldResolver as ResolveField, Int, Query, Resolver, Root } from 'type-graphql';
import type { CatalogueContext as Context } from './catalogue.context';
import { FieldType } from './field.type';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';

@Resolver(() => FieldType)
export class FieldResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => [FieldType], { description: 'Every field (lĩnh vực) of the catalogue, by name.' })
  fields(@Ctx() ctx: Context) {
    return ctx.services.fields.all();
  }

  @ResolveField(() => Int, { description: 'Number of procedures of the catalogue in this field.' })
  procedureCount(@Root('dbId') fieldId: number, @Ctx() ctx: Context) {
    return ctx.loaders.fieldProcedureCount.load(fieldId);
  }
}
