import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description:
    'A piece of a highlighted text. Concatenating the pieces gives the text back; render `matched` pieces ' +
    'emphasised. Plain text, never markup, so it is safe to render.',
})
export class HighlightSegment {
  @Field({ description: 'The text of this piece, verbatim.' })
  text!: string;

  @Field({ description: 'True when this piece matched a searched word.' })
  matched!: boolean;
}
