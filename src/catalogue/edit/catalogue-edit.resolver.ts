import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { selectedFields } from '../../graphql/selection';
import type { CatalogueContext as Context } from '../catalogue.context';
import { Procedure } from '../procedure.type';
import type { EditResult } from './catalogue-edit.service';
import { LegalActInput, ProcedureInput, ProcedurePatch } from './procedure-edit.inputs';
import { ProcedureEditResult } from './procedure-edit.types';

const KEY = 'Authorization: Bearer <catalogue key>';
const ACT = 'The legal act that makes the change (the announcement decision); none when the change has none.';
const EXPECTED = 'The version the edit was prepared on (`Procedure.version`); another version means someone changed it since: CONFLICT, nothing written.';
const FROM = "First day the change is in force (default today, Vietnam's calendar); not before the procedure's latest change.";

const toResult = (result: EditResult): ProcedureEditResult => ({ ...result, errors: result.problems });

/**
 * The catalogue's edits for agencies' systems. Each answers what it did; a wrong value is answered
 * with every problem and its path, a stale version with CONFLICT, and nothing is written then.
 */
@Resolver(() => ProcedureEditResult)
export class CatalogueEditResolver {
  @Mutation(() => ProcedureEditResult, { description: `Adds a procedure to the catalogue (a province key: ${KEY}).` })
  async createProcedure(
    @Arg('input', () => ProcedureInput, { description: 'The procedure: code, name, level, field, implementingAgency and effectiveFrom at least.' })
    input: ProcedureInput,
    @Arg('legalAct', () => LegalActInput, { nullable: true, description: ACT }) legalAct: LegalActInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProcedureEditResult> {
    const principal = await ctx.services.apiKeys.authenticateCatalogue(ctx.authorization);
    return toResult(await ctx.services.edits.create(principal, input, { legalAct }));
  }

  @Mutation(() => ProcedureEditResult, {
    description: `Changes fields of a procedure (an agency key for its agency's procedures, or a province key: ${KEY}); fields left out keep their values.`,
  })
  async updateProcedure(
    @Arg('code', () => String, { description: 'National procedure code.' }) code: string,
    @Arg('expectedVersion', () => Int, { description: EXPECTED }) expectedVersion: number,
    @Arg('patch', () => ProcedurePatch, { description: 'The fields to set; a list replaces the whole list.' }) patch: ProcedurePatch,
    @Arg('legalAct', () => LegalActInput, { nullable: true, description: ACT }) legalAct: LegalActInput | null,
    @Arg('effectiveFrom', () => GraphQLDate, { nullable: true, description: FROM }) effectiveFrom: Date | null,
    @Ctx() ctx: Context,
  ): Promise<ProcedureEditResult> {
    const principal = await ctx.services.apiKeys.authenticateCatalogue(ctx.authorization);
    return toResult(await ctx.services.edits.update(principal, code, expectedVersion, patch, { legalAct, effectiveFrom }));
  }

  @Mutation(() => ProcedureEditResult, {
    description: `Abolishes a procedure from a day on: its record stays published with status ABOLISHED (an agency key for its agency's procedures, or a province key: ${KEY}).`,
  })
  async abolishProcedure(
    @Arg('code', () => String, { description: 'National procedure code.' }) code: string,
    @Arg('expectedVersion', () => Int, { description: EXPECTED }) expectedVersion: number,
    @Arg('effectiveFrom', () => GraphQLDate, { nullable: true, description: FROM }) effectiveFrom: Date | null,
    @Arg('legalAct', () => LegalActInput, { nullable: true, description: ACT }) legalAct: LegalActInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProcedureEditResult> {
    const principal = await ctx.services.apiKeys.authenticateCatalogue(ctx.authorization);
    return toResult(await ctx.services.edits.abolish(principal, code, expectedVersion, { legalAct, effectiveFrom }));
  }

  @Mutation(() => ProcedureEditResult, {
    description: `Removes a procedure from the catalogue from today (a tombstone in the feed; its history stays). A province key: ${KEY}.`,
  })
  async removeProcedure(
    @Arg('code', () => String, { description: 'National procedure code.' }) code: string,
    @Arg('expectedVersion', () => Int, { description: EXPECTED }) expectedVersion: number,
    @Arg('legalAct', () => LegalActInput, { nullable: true, description: ACT }) legalAct: LegalActInput | null,
    @Ctx() ctx: Context,
  ): Promise<ProcedureEditResult> {
    const principal = await ctx.services.apiKeys.authenticateCatalogue(ctx.authorization);
    return toResult(await ctx.services.edits.remove(principal, code, expectedVersion, { legalAct }));
  }

  @Mutation(() => ProcedureEditResult, {
    description: `Brings a removed procedure back with its last content, changed by \`patch\` when given. A province key: ${KEY}.`,
  })
  async restoreProcedure(
    @Arg('code', () => String, { description: 'National procedure code.' }) code: string,
    @Arg('expectedVersion', () => Int, { description: `${EXPECTED} For a removed procedure: the version of its removal.` }) expectedVersion: number,
    @Arg('patch', () => ProcedurePatch, { nullable: true, description: 'Fields to set on the way back.' }) patch: ProcedurePatch | null,
    @Arg('legalAct', () => LegalActInput, { nullable: true, description: ACT }) legalAct: LegalActInput | null,
    @Arg('effectiveFrom', () => GraphQLDate, { nullable: true, description: FROM }) effectiveFrom: Date | null,
    @Ctx() ctx: Context,
  ): Promise<ProcedureEditResult> {
    const principal = await ctx.services.apiKeys.authenticateCatalogue(ctx.authorization);
    return toResult(await ctx.services.edits.restore(principal, code, expectedVersion, patch, { legalAct, effectiveFrom }));
  }

  @FieldResolver(() => Procedure, { nullable: true })
  procedure(@Root() result: ProcedureEditResult, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    if (result.version === null || result.kind === 'REMOVED') return null;
    const day = result.validFrom && result.validFrom > ctx.today ? result.validFrom : ctx.today;
    return ctx.services.procedures.findByCode(result.code, selectedFields(info), day);
  }
}
