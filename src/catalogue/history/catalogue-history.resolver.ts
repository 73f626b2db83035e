import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Extensions, Info, Int, Query, Resolver } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { selectedFields } from '../../graphql/selection';
import type { Page } from '../../shared/page';
import type { CatalogueContext as Context } from '../catalogue.context';
import { DEFAULT_FEED_PAGE, MAX_FEED_PAGE } from './catalogue-history.service';
import { CatalogueChange, ProcedureVersion } from './procedure-version.type';

const ProcedureVersionConnection = Connection(ProcedureVersion, 'ProcedureVersion', 'version');
const CatalogueChangeConnection = Connection(CatalogueChange, 'CatalogueChange', 'change');

/** The client's selection on the procedure of each version or change; null when it selects none (then none is read). */
function procedureSelection(info: GraphQLResolveInfo): ReadonlySet<string> | null {
  return selectedFields(info, ['edges', 'node']).has('procedure') ? selectedFields(info, ['edges', 'node', 'procedure']) : null;
}

/**
 * The catalogue's history. Not kept in the response cache: new changes arrive at any time, and a
 * poller's request repeats until they do.
 */
@Resolver()
export class CatalogueHistoryResolver {
  @Query(() => ProcedureVersionConnection, {
    description:
      'Every version of a procedure, newest first, including those of a removed procedure; an empty connection for a code ' + 'the catalogue never had.',
  })
  procedureHistory(
    @Arg('code', { description: 'National procedure code, e.g. `1.001193`.' }) code: string,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many versions, 1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The cursor of the last version read.' }) after: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Page<ProcedureVersion> {
    return ctx.services.history.history(code, { first, after }, procedureSelection(info));
  }

  // The cost estimate counts a page as large as this field serves.
  @Extensions({ maxPageSize: MAX_FEED_PAGE })
  @Query(() => CatalogueChangeConnection, {
    description:
      'Every change of the catalogue in the order recorded (the change feed): creations, amendments, abolitions, removals ' +
      '(tombstones, kept forever) and restorations. Poll with the `endCursor` of the last page read (the `position` of the ' +
      'last change): each change is seen exactly once, even while several writers commit. Without `after`, from the first ' +
      'change: the feed alone rebuilds the catalogue. A change may take effect later than it is recorded (`effectiveFrom`).',
  })
  catalogueChanges(
    @Arg('after', () => String, { nullable: true, description: 'The position of the last change read; none to start from the beginning.' })
    after: string | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_FEED_PAGE, description: `How many changes, 1 to ${MAX_FEED_PAGE}.` }) first: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Page<CatalogueChange> {
    return ctx.services.history.changes({ first, after }, procedureSelection(info));
  }
}
