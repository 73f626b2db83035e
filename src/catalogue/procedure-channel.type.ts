import { Field, ObjectType } from 'type-graphql';
import { ChannelKind } from '../shared/channels';
import { Fee } from './fee.type';
import { ProcessingTime } from './processing-time.type';

@ObjectType({ simpleResolvers: true, description: 'One way of carrying out a procedure, with its own processing time and fees.' })
export class ProcedureChannel {
  @Field(() => ChannelKind, { description: 'In person, online or by post.' })
  channel!: ChannelKind;

  @Field(() => ProcessingTime, { description: 'Processing time on this channel.' })
  processingTime!: ProcessingTime;

  @Field(() => [Fee], { description: 'Fees and charges on this channel; an amount of 0 means free.' })
  fees!: Fee[];
}
