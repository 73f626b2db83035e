import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { CatalogueContext as Context } from './catalogue.context';
import { Connection } from '../graphql/connection';
import { ForwardPageArgs } from '../graphql/page-args';
import { AdministrativeLevel } from '../shared/levels';
import { AdministrativeUnit } from '../units/administrative-unit.type';
import { Agency } from './agency.type';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';

const AgencyConnection = Connection(Agency, 'Agency', 'agency');

@Resolver(() => Agency)
export class AgencyResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => AgencyConnection, { description: 'Agencies that handle procedures, by code.' })
  agencies(
    @Args() page: ForwardPageArgs,
    @Arg('level', () => AdministrativeLevel, { nullable: true, description: 'Only agencies of this tier.' })
    level: AdministrativeLevel | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.agencies.list(page, level);
  }

  @FieldResolver(() => AdministrativeUnit)
  unit(@Root('unitId') unitId: number, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(unitId);
  }
}
