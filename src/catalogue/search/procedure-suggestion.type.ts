import { Field, ObjectType } from 'type-graphql';
import { AdministrativeLevel } from '../../shared/levels';
import { HighlightSegment } from './highlight-segment.type';

@ObjectType({ simpleResolvers: true, description: 'A short match for a search box that completes as the user types.' })
export class ProcedureSuggestion {
  @Field({ description: 'National procedure code.' })
  code!: string;

  @Field({ description: 'Official Vietnamese name.' })
  name!: string;

  @Field(() => AdministrativeLevel, { description: 'Tier that handles the procedure.' })
  level!: AdministrativeLevel;

  @Field(() => [HighlightSegment], { description: 'The name with the typed words marked.' })
  nameHighlight!: HighlightSegment[];
}
