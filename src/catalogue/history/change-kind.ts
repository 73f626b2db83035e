import { registerEnumType } from 'type-graphql';

/** How a change relates to the procedure's previous version. */
const CHANGE_KINDS = ['CREATED', 'AMENDED', 'ABOLISHED', 'REMOVED', 'RESTORED'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The same values as a GraphQL enum. */
export const ChangeKindEnum = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, kind])) as { [K in ChangeKind]: K };

registerEnumType(ChangeKindEnum, {
  name: 'ChangeKind',
  description: 'How a change relates to the version before it.',
  valuesConfig: {
    CREATED: { description: 'The procedure enters the catalogue.' },
    AMENDED: { description: 'Fields of the procedure change (`changedFields` names them).' },
    ABOLISHED: { description: 'The procedure is abolished (status ABOLISHED); its record stays published.' },
    REMOVED: { description: 'The procedure leaves the catalogue: no version is in force from this day (a tombstone).' },
    RESTORED: { description: 'A removed procedure returns to the catalogue.' },
  },
});
