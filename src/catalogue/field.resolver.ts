import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { FieldType } from './field.type';

@Resolver(() => FieldType)
export class FieldResolver {
  @Query(() => [FieldType], { description: 'Every field (lĩnh vực) of the catalogue, by name.' })
  fields(@Ctx() ctx: Context) {
    return ctx.services.fields.all();
  }
}
