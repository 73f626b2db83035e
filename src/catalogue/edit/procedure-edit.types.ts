import { GraphQLDate } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ChangeKindEnum, type ChangeKind } from '../history/change-kind';
import { Procedure } from '../procedure.type';
import type { EditProblemCode } from './procedure-edit.checks';
import type { EditOutcome } from './catalogue-edit.service';

const EditOutcomeEnum = { CHANGED: 'CHANGED', UNCHANGED: 'UNCHANGED', REJECTED: 'REJECTED', CONFLICT: 'CONFLICT' } as const satisfies Record<
  EditOutcome,
  EditOutcome
>;
registerEnumType(EditOutcomeEnum, {
  name: 'ProcedureEditOutcome',
  description: 'What a catalogue edit did.',
  valuesConfig: {
    CHANGED: { description: 'Written: a new version (or a removal), a change in the feed and an entry in the audit trail.' },
    UNCHANGED: { description: 'The edit says what the procedure says already; nothing written.' },
    REJECTED: { description: 'A value is wrong (see errors); nothing written.' },
    CONFLICT: { description: 'expectedVersion is not the latest version (see version): someone changed it since; nothing written.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One thing wrong with an edit.' })
export class ProcedureEditError {
  @Field(() => String, {
    description:
      'REQUIRED, TOO_LONG, OUT_OF_RANGE, TOO_MANY, DUPLICATE, INVALID_VALUE, INVALID_URL, UNKNOWN_REFERENCE, CONFLICT, REMOVED, NOT_REMOVED, ABOLISHED or TOO_EARLY.',
  })
  code!: EditProblemCode;

  @Field(() => String, { description: 'The input at fault, as a path: `patch.channels[1].fees[0].amountVnd`.' })
  field!: string;

  @Field(() => String, { description: 'What is wrong, in words.' })
  message!: string;
}

@ObjectType({ description: 'What a catalogue edit did. Nothing was written unless the outcome is CHANGED.' })
export class ProcedureEditResult {
  @Field(() => EditOutcomeEnum, { description: 'What happened.' })
  outcome!: EditOutcome;

  @Field(() => String, { description: 'The procedure code.' })
  code!: string;

  @Field(() => Int, { nullable: true, description: "The procedure's latest version after the edit (for CONFLICT: the version to read and redo the edit on)." })
  version!: number | null;

  @Field(() => ChangeKindEnum, { nullable: true, description: 'The change recorded (CHANGED only).' })
  kind!: ChangeKind | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'First day the change is in force (CHANGED only).' })
  validFrom!: string | null;

  @Field(() => [String], { description: 'Fields the change touched, by their names on Procedure (CHANGED only).' })
  changedFields!: string[];

  @Field(() => [ProcedureEditError], { description: 'Every problem found, for REJECTED and CONFLICT.' })
  errors!: ProcedureEditError[];

  @Field(() => Procedure, { nullable: true, description: 'The procedure as in force on validFrom (or today), after the edit; null when removed.' })
  procedure?: Procedure | null;
}
