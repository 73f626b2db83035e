import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Connection, type Page } from '../graphql/connection';
import { Agency } from './agency.type';
import { FieldType } from './field.type';
import { LegalDocument } from './legal-document.type';
import { ProcedureChannel } from './procedure-channel.type';
import { ProcedureEdgeSearchFields } from './procedure-edge.type';
import { ProcedureStep } from './procedure-step.type';
import { ProceduresArgs } from './procedure.inputs';
import { Procedure } from './procedure.type';
import { RequiredDocument } from './required-document.type';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';

export const ProcedureConnection = Connection(Procedure, 'Procedure', 'procedure', ProcedureEdgeSearchFields);

// Field resolvers take the one root property they need: given the whole root, type-graphql copies it
// into a new class instance on every call, which costs more than the field itself on a page of 100.
@Resolver(() => Procedure)
export class ProcedureResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => Procedure, { nullable: true, description: 'One procedure by its national code; null when there is none.' })
  procedure(@Arg('code', { description: 'National procedure code, e.g. `1.001193`.' }) code: string, @Ctx() ctx: Context) {
    return ctx.services.procedures.findByCode(code);
  }

  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => ProcedureConnection, {
    description:
      'Procedures of the catalogue, filtered, searched and ordered, one keyset page at a time. With `search` and no ' +
      '`orderBy`, the most relevant come first.',
  })
  procedures(@Args() args: ProceduresArgs, @Ctx() ctx: Context): Promise<Page<Procedure>> {
    return ctx.services.procedures.list(args);
  }

  @FieldResolver(() => FieldType)
  field(@Root('fieldId') fieldId: number, @Ctx() ctx: Context) {
    return ctx.loaders.field.load(fieldId);
  }

  @FieldResolver(() => Agency)
  implementingAgency(@Root('agencyId') agencyId: number, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(agencyId);
  }

  @FieldResolver(() => [ProcedureChannel])
  channels(@Root('dbId') procedureId: number, @Ctx() ctx: Context) {
    return ctx.loaders.channels.load(procedureId);
  }

  @FieldResolver(() => [RequiredDocument])
  requiredDocuments(@Root('dbId') procedureId: number, @Ctx() ctx: Context) {
    return ctx.loaders.requiredDocuments.load(procedureId);
  }

  @FieldResolver(() => [ProcedureStep])
  steps(@Root('dbId') procedureId: number, @Ctx() ctx: Context) {
    return ctx.loaders.steps.load(procedureId);
  }

  @FieldResolver(() => [LegalDocument])
  legalBasis(@Root('dbId') procedureId: number, @Ctx() ctx: Context) {
    return ctx.loaders.legalBasis.load(procedureId);
  }
}
