import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Fee } from './fee.type';
import { ProcedureChannel } from './procedure-channel.type';

@Resolver(() => ProcedureChannel)
export class ProcedureChannelResolver {
  @FieldResolver(() => [Fee])
  fees(@Root('dbId') channelId: number, @Ctx() ctx: Context) {
    return ctx.loaders.fees.load(channelId);
  }
}
