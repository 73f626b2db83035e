import { Field, Float, ObjectType } from 'type-graphql';
import { HighlightSegment } from './search/highlight-segment.type';

/** What a procedure list adds to each edge beyond node and cursor: why it was found. */
@ObjectType({ simpleResolvers: true, description: 'Fields that a procedure search adds to each edge.' })
export class ProcedureEdgeSearchFields {
  @Field(() => Float, {
    nullable: true,
    description:
      'Relevance to `search`, higher first. The whole part is the match class: 6 the name starts with the words as ' +
      'typed (diacritics included), 5 has them as a phrase as typed, 4 starts with them, 3 has them as a phrase, 2 a ' +
      'required document has them as a phrase, 1 the name has every word, 0 the words are in the name, field, agency ' +
      'or results together; 7 and 8 are a code search (8 the code itself). The fraction prefers shorter names. ' +
      'Null without a search, and for a word search read in another `orderBy`.',
  })
  searchRank!: number | null;

  @Field(() => [HighlightSegment], {
    nullable: true,
    description: 'The name split into pieces, with the words that matched `search` marked; null without a search.',
  })
  nameHighlight!: HighlightSegment[] | null;
}
