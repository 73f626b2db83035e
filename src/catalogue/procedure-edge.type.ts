import { Field, Float, ObjectType } from 'type-graphql';
import { HighlightSegment } from '../search/highlight-segment.type';

/** What a procedure list adds to each edge beyond node and cursor: why it was found. */
@ObjectType({ description: "Fields that a procedure search adds to each edge." })
export class ProcedureEdgeSearchFields {
  @Field(() => Float, {
    nullable: true,
    description: 'Relevance of this procedure to `search` (higher is better); null without a search.',
  })
  searchRank!: number | null;

  @Field(() => [HighlightSegment], {
    nullable: true,
    description: 'The name split into pieces, with the words that matched `search` marked; null without a search.',
  })
  nameHighlight!: HighlightSegment[] | null;
}
