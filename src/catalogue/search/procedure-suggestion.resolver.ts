import { Arg, Ctx, Extensions, Int, Query, Resolver } from 'type-graphql';
import type { CatalogueContext as Context } from '../catalogue.context';
import { ProcedureSuggestion } from './procedure-suggestion.type';
import { MAX_PREFIX_LENGTH, MAX_SUGGESTIONS, MIN_PREFIX_LENGTH } from './procedure-suggestion.service';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../../graphql/response-cache';

@Resolver()
export class ProcedureSuggestionResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => [ProcedureSuggestion], {
    description:
      'Type-ahead: procedures whose code starts with what the user typed, then those whose name does, then those ' +
      'whose name has it further on (from the start of a word; the last word possibly half-typed), shortest names ' +
      'first. Cheap enough to call on every keystroke.',
  })
  procedureSuggestions(
    @Arg('prefix', { description: `What the user typed so far: ${MIN_PREFIX_LENGTH} to ${MAX_PREFIX_LENGTH} characters.` })
    prefix: string,
    @Arg('first', () => Int, { defaultValue: 8, description: `How many suggestions, 1 to ${MAX_SUGGESTIONS}.` })
    first: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.suggestions.suggest(prefix, first, ctx.today);
  }
}
