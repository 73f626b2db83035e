import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node.type';
import { AdministrativeLevel } from '../shared/levels';

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A province, district-level or commune-level unit.' })
export class AdministrativeUnit implements Node {
  @Field(() => ID, { description: 'Global id.' })
  id!: string;

  @Field({ description: 'Official statistics code (e.g. `20` for Lạng Sơn, `05971` for a ward); keep leading zeros.' })
  code!: string;

  @Field({ description: 'Vietnamese name with its kind, e.g. "Huyện Tràng Định".' })
  name!: string;

  @Field({
    description:
      'Kind of unit: tinh (province), tptw (centrally governed city), huyen (rural district), quan (urban district), ' +
      'thi_xa (town), tp (provincial city), xa (commune), phuong (ward), thi_tran (township).',
  })
  kind!: string;

  @Field(() => AdministrativeLevel, { description: 'Tier of the unit.' })
  level!: AdministrativeLevel;

  @Field(() => AdministrativeUnit, { nullable: true, description: 'The unit one tier up; null for a province.' })
  parent!: AdministrativeUnit | null;

  dbId!: number;
  parentId!: number | null;
}
