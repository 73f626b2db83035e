import { Ctx, FieldResolver as ResolveField, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { FieldType } from './field.type';

@Resolver(() => FieldType)
export class FieldResolver {
  @Query(() => [FieldType], { description: 'Every field (lĩnh vực) of the catalogue, by name.' })
  fields(@Ctx() ctx: Context) {
    return ctx.services.fields.all();
  }

  @ResolveField(() => Int, { description: 'Number of procedures of the catalogue in this field.' })
  procedureCount(@Root() field: FieldType, @Ctx() ctx: Context) {
    return ctx.loaders.fieldProcedureCount.load(field.dbId);
  }
}
