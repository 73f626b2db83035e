import { Field as GqlField, ID, ObjectType } from 'type-graphql';
import { Node } from '../graphql/node.type';

@ObjectType('Field', { simpleResolvers: true, implements: Node, description: 'A sector (lĩnh vực) of procedures, e.g. Hộ tịch (civil status).' })
export class FieldType implements Node {
  @GqlField(() => ID, { description: 'Global id.' })
  id!: string;

  @GqlField({ description: 'Stable ASCII code derived from the name, e.g. `ho-tich`.' })
  code!: string;

  @GqlField({ description: 'Vietnamese name, e.g. "Hộ tịch".' })
  name!: string;

  dbId!: number;
}
