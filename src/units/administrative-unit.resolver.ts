import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { UnitsContext as Context } from './units.context';
import { Connection } from '../graphql/connection';
import { ForwardPageArgs } from '../graphql/page-args';
import { AdministrativeLevel } from '../shared/levels';
import { AdministrativeUnit } from './administrative-unit.type';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';

const AdministrativeUnitConnection = Connection(AdministrativeUnit, 'AdministrativeUnit', 'administrative unit');

@Resolver(() => AdministrativeUnit)
export class AdministrativeUnitResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => AdministrativeUnit, { nullable: true, description: 'One unit by its official code; null when there is none.' })
  administrativeUnit(@Arg('code', { description: 'Official statistics code, e.g. `20` or `05971`.' }) code: string, @Ctx() ctx: Context) {
    return ctx.services.units.findByCode(code);
  }

  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => AdministrativeUnitConnection, { description: 'Administrative units by code, optionally of one tier or under one parent.' })
  administrativeUnits(
    @Arg('level', () => AdministrativeLevel, { nullable: true, description: 'Only units of this tier.' })
    level: AdministrativeLevel | null,
    @Arg('parentCode', () => String, { nullable: true, description: 'Only the direct sub-units of this unit.' })
    parentCode: string | null,
    @Args() page: ForwardPageArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.units.list(page, level, parentCode);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  parent(@Root('parentId') parentId: number | null, @Ctx() ctx: Context) {
    return parentId === null ? null : ctx.loaders.unit.load(parentId);
  }
}
