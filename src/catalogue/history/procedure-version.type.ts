import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Procedure } from '../procedure.type';
import { ChangeKindEnum, type ChangeKind } from './change-kind';
import { LegalAct } from './legal-act.type';

/** What a version and a change of the feed have in common. */
@ObjectType()
abstract class RecordedChange {
  @Field(() => Int, { description: "The procedure's version this change made: 1, 2, … per procedure, in the order recorded." })
  version!: number;

  @Field(() => ChangeKindEnum, { description: 'How this version relates to the one before it.' })
  kind!: ChangeKind;

  @Field(() => GraphQLDateTime, { description: 'When this service recorded the change (transaction time).' })
  recordedAt!: Date;

  @Field(() => LegalAct, { nullable: true, description: 'The legal act that made the change; null when none was recorded.' })
  legalAct!: LegalAct | null;

  @Field(() => [String], {
    description: 'Names of the `Procedure` fields this change set: every field for CREATED and RESTORED, none for REMOVED.',
  })
  changedFields!: string[];

  /** The row of the version, to load `procedure` with; null for a removal. */
  procedureId!: number | null;

  @Field(() => Procedure, { nullable: true, description: 'The procedure as this version has it; null for REMOVED.' })
  procedure!: Procedure | null;
}

@ObjectType({ simpleResolvers: true, description: 'One version of a procedure: what it said, from when to when, and why.' })
export class ProcedureVersion extends RecordedChange {
  @Field(() => GraphQLDate, { description: 'First day this version is in force (Asia/Ho_Chi_Minh calendar; valid time).' })
  validFrom!: string;

  @Field(() => GraphQLDate, {
    nullable: true,
    description: 'First day it no longer is (the next version takes over); null while no later change is recorded.',
  })
  validTo!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One change of the catalogue, in the order recorded (the change feed).' })
export class CatalogueChange extends RecordedChange {
  @Field({ description: 'Opaque position of this change in the feed: pass it as `after` to read the changes recorded after it.' })
  position!: string;

  @Field({ description: 'National code of the procedure changed.' })
  procedureCode!: string;

  @Field(() => GraphQLDate, { description: 'First day the change is in force (it may lie in the future: a scheduled change).' })
  effectiveFrom!: string;
}
