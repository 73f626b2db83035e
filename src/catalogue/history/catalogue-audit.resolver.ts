import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { selectedFields } from '../../graphql/selection';
import type { Page } from '../../shared/page';
import type { CatalogueContext as Context } from '../catalogue.context';
import { CatalogueAuditEntry } from './catalogue-audit.type';

const CatalogueAuditConnection = Connection(CatalogueAuditEntry, 'CatalogueAuditEntry', 'entry');

/** The public audit trail. Not kept in the response cache, like the feed it reads. */
@Resolver()
export class CatalogueAuditResolver {
  @Query(() => CatalogueAuditConnection, {
    description:
      'The audit trail of the catalogue, newest first: every change with when, which key (its name) and agency, the action, ' +
      'the legal act and each changed value before and after (lists compared item by item). Open data: it names agencies and ' +
      'keys, never people.',
  })
  catalogueAudit(
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many entries, 1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The position of the last entry read: older entries follow.' }) after: string | null,
    @Arg('procedureCode', () => String, { nullable: true, description: "Only this procedure's changes." }) procedureCode: string | null,
    @Arg('agencyCode', () => String, { nullable: true, description: 'Only changes of procedures this agency implements.' }) agencyCode: string | null,
    @Arg('since', () => GraphQLDateTime, { nullable: true, description: 'Only changes recorded at or after this time.' }) since: Date | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Page<CatalogueAuditEntry> {
    const selected = selectedFields(info, ['edges', 'node']).has('procedure') ? selectedFields(info, ['edges', 'node', 'procedure']) : null;
    return ctx.services.audit.entries({ first, after }, { procedureCode, agencyCode, since }, selected);
  }
}
