import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { ChangeAuthor } from '../write/catalogue-record';
import { CatalogueChange } from './procedure-version.type';

type Origin = ChangeAuthor['origin'];
const ChangeOriginEnum = { SEED: 'SEED', EDIT: 'EDIT', IMPORT: 'IMPORT' } as const satisfies Record<Origin, Origin>;
registerEnumType(ChangeOriginEnum, {
  name: 'ChangeOrigin',
  description: 'How a change came in.',
  valuesConfig: {
    SEED: { description: "The service's seed data (see isRepresentative) or a migration." },
    EDIT: { description: "A catalogue mutation, by an agency's or the province's key." },
    IMPORT: { description: 'An import of national procedure packages.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One difference from the version before, at the finest level that says what changed.' })
export class AuditFieldChange {
  @Field({ description: 'The field of Procedure it belongs to.' })
  field!: string;

  @Field({ description: 'Where: `channels[ONLINE].fees[0].amountVnd`, `requiredDocuments["Tờ khai"].copies`, `legalBasis["60/2014/QH13"]`.' })
  path!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value before; null for a new item.' })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after; null for an item that is gone.' })
  after!: unknown;

  @Field({ description: 'The same in words, e.g. `fee 1 on the ONLINE channel: 50,000 VND → 100,000 VND`.' })
  summary!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An agency or office that made a change (through its key).' })
export class AuditAgency {
  @Field({ description: 'Agency code.' })
  code!: string;

  @Field({ description: 'Agency name.' })
  name!: string;
}

@ObjectType({
  simpleResolvers: true,
  description: 'One change of the catalogue with who made it and what it changed, value by value. Names agencies and the names of their keys, never people.',
})
export class CatalogueAuditEntry extends CatalogueChange {
  @Field(() => ChangeOriginEnum, { description: 'How the change came in.' })
  origin!: Origin;

  @Field(() => String, { nullable: true, description: 'The name of the key that made it (or of the import tool); null for the seed.' })
  author!: string | null;

  @Field(() => AuditAgency, {
    nullable: true,
    description: "The agency of an agency key; null for the province's keys, imports from the command line and the seed.",
  })
  authorAgency!: AuditAgency | null;

  @Field(() => [AuditFieldChange], {
    description: 'Every difference from the version before, lists compared item by item; for CREATED each field with its value, for REMOVED none.',
  })
  changes!: AuditFieldChange[];
}
