import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
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

export const ProcedureConnection = Connection(Procedure, 'Procedure', 'procedure', ProcedureEdgeSearchFields);

@Resolver(() => Procedure)
export class ProcedureResolver {
  @Query(() => Procedure, { nullable: true, description: 'One procedure by its national code; null when there is none.' })
  procedure(@Arg('code', { description: 'National procedure code, e.g. `1.001193`.' }) code: string, @Ctx() ctx: Context) {
    return ctx.services.procedures.findByCode(code);
  }

  @Query(() => ProcedureConnection, {
    description:
      'Procedures of the catalogue, filtered, searched and ordered, one keyset page at a time. With `search` and no ' +
      '`orderBy`, the most relevant come first.',
  })
  procedures(@Args() args: ProceduresArgs, @Ctx() ctx: Context): Promise<Page<Procedure>> {
    return ctx.services.procedures.list(args);
  }

  @FieldResolver(() => FieldType)
  field(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.field.load(procedure.fieldId);
  }

  @FieldResolver(() => Agency)
  implementingAgency(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(procedure.agencyId);
  }

  @FieldResolver(() => [ProcedureChannel])
  channels(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.channels.load(procedure.dbId);
  }

  @FieldResolver(() => [RequiredDocument])
  requiredDocuments(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.requiredDocuments.load(procedure.dbId);
  }

  @FieldResolver(() => [ProcedureStep])
  steps(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.steps.load(procedure.dbId);
  }

  @FieldResolver(() => [LegalDocument])
  legalBasis(@Root() procedure: Procedure, @Ctx() ctx: Context) {
    return ctx.loaders.legalBasis.load(procedure.dbId);
  }
}
