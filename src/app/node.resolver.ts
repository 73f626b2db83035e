import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, ID, Info, Query, Resolver } from 'type-graphql';
import { checkCode } from '../catalogue/procedure.service';
import type { AppContext as Context } from './services';
import { fromGlobalId } from '../graphql/global-id';
import { Node } from '../graphql/node.type';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';
import { selectedFields } from '../graphql/selection';

@Resolver()
export class NodeResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist.' })
  async node(@Arg('id', () => ID, { description: 'A global id from this API.' }) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const { kind, code } = fromGlobalId(id);
    checkCode(code, 'id');
    const found = await {
      Procedure: () => ctx.services.procedures.findByCode(code, selectedFields(info), ctx.today),
      Field: () => ctx.services.fields.findByCode(code),
      Agency: () => ctx.services.agencies.findByCode(code),
      AdministrativeUnit: () => ctx.services.units.findByCode(code),
    }[kind]();
    return found ? { ...found, __typename: kind === 'Field' ? 'Field' : kind } : null;
  }
}
