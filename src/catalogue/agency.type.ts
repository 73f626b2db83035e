import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node.type';
import { AdministrativeLevel } from '../shared/levels';
import { AdministrativeUnit } from '../units/administrative-unit.type';

@ObjectType({
  simpleResolvers: true,
  implements: Node,
  description:
    'A body that handles procedures: a provincial department, or a People\'s Committee. "Ủy ban nhân dân cấp huyện/xã" ' +
    'stand for every district or commune committee of the province, as the catalogue names them.',
})
export class Agency implements Node {
  @Field(() => ID, { description: 'Global id.' })
  id!: string;

  @Field({ description: 'Stable code of the agency.' })
  code!: string;

  @Field({ description: 'Vietnamese name.' })
  name!: string;

  @Field(() => AdministrativeLevel, { description: 'Tier of government the agency belongs to.' })
  level!: AdministrativeLevel;

  @Field(() => AdministrativeUnit, { description: 'The administrative unit the agency serves.' })
  unit!: AdministrativeUnit;

  dbId!: number;
  unitId!: number;
}
