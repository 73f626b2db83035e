import { GraphQLDate } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Extensions, Info, Query, Resolver } from 'type-graphql';
import type { CatalogueContext as Context } from './catalogue.context';
import { Connection } from '../graphql/connection';
import type { Page } from '../shared/page';
import { connectionJson } from '../db/keyset-json';
import { checkInput } from '../graphql/argument-validation';
import { answersAsJson } from '../graphql/json-answer';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';
import { selectedFields } from '../graphql/selection';
import { ProcedureEdgeSearchFields } from './procedure-edge.type';
import { procedureJson, procedurePageNode } from './procedure-json.sql';
import { asOfDay } from './as-of';
import { parseSearch } from './search/search-query';
import { AS_OF, ProcedureFilter, ProcedureOrder, ProceduresArgs } from './procedure.inputs';
import { Procedure } from './procedure.type';

const ProcedureConnection = Connection(Procedure, 'Procedure', 'procedure', ProcedureEdgeSearchFields);

/** `procedure` answered as JSON built in one statement, for the selections procedureJson builds. */
const procedureAsJson = answersAsJson<Context>((selection) => {
  const json = procedureJson(selection);
  return json && ((args, ctx) => ctx.services.procedures.findJsonByCode(args.code as string, json, asOfDay(args.asOf as Date | null, ctx.today)));
});

/**
 * The arguments as type-graphql hands them to `procedures` (its classes' instances), checked as it
 * checks them (see checkInput); coerced, they are plain objects.
 */
async function checkedProceduresArgs(args: Record<string, unknown>): Promise<ProceduresArgs> {
  const { filter, orderBy } = args;
  const checked = Object.assign(new ProceduresArgs(), args, {
    filter: filter && Object.assign(new ProcedureFilter(), filter),
    orderBy: orderBy && Object.assign(new ProcedureOrder(), orderBy),
  });
  await checkInput(checked);
  return checked;
}

/** `procedures` answered as JSON built in one statement, for the selections connectionJson and procedurePageNode build. */
const proceduresAsJson = answersAsJson<Context>((selection) => {
  const json = connectionJson(selection, procedurePageNode);
  return (
    json &&
    (async (args, ctx) => {
      // A search is executed (its order and edges are its own): left before its arguments are checked, which execution does.
      if (parseSearch(args.search as string | null | undefined)) return undefined;
      const checked = await checkedProceduresArgs(args);
      return ctx.services.procedures.listJson(checked, json, asOfDay(checked.asOf, ctx.today));
    })
  );
});

@Resolver(() => Procedure)
export class ProcedureResolver {
  @Extensions({ ...CACHED_UNTIL_CATALOGUE_CHANGES, ...procedureAsJson })
  @Query(() => Procedure, {
    nullable: true,
    description: 'One procedure by its national code, as in force on `asOf`; null when there is none (or none in force).',
  })
  procedure(
    @Arg('code', { description: 'National procedure code, e.g. `1.001193`.' }) code: string,
    @Arg('asOf', () => GraphQLDate, { nullable: true, description: AS_OF }) asOf: Date | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return ctx.services.procedures.findByCode(code, selectedFields(info), asOfDay(asOf, ctx.today));
  }

  @Extensions({ ...CACHED_UNTIL_CATALOGUE_CHANGES, ...proceduresAsJson })
  @Query(() => ProcedureConnection, {
    description:
      'Procedures of the catalogue, filtered, searched and ordered, one keyset page at a time. With `search` and no ' +
      '`orderBy`, the most relevant come first.',
  })
  procedures(@Args() args: ProceduresArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Page<Procedure>> {
    return ctx.services.procedures.list(args, selectedFields(info, ['edges', 'node']), asOfDay(args.asOf, ctx.today));
  }
}
