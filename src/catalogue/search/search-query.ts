import crypto from 'node:crypto';
import { badInput } from '../../shared/errors';
import { hasDiacritics, lowerWords, searchTokens } from './vietnamese-text';

export const MAX_SEARCH_LENGTH = 200;
/** More words than this add nothing to ranking and only cost time; the rest are ignored. */
const MAX_TOKENS = 12;
/** Looks like a procedure code or the start of one: `1.001193`, `1.00`, `R.0001`, `X07.1.0011`. */
const CODE_PATTERN = /^[0-9a-z]{1,4}\.[0-9a-z.]*$|^[0-9]{1,2}$/i;

/** What the user typed, parsed once into the forms the SQL needs. */
export interface SearchQuery {
  /**
   * Folded words ([a-z0-9] only, so nothing built from them can be SQL or tsquery syntax), in
   * order; the last one may be half-typed. Typo correction replaces unknown words.
   */
  tokens: string[];
  /**
   * The words as typed, lower case, with their diacritics; null when they carry none (or do not
   * fold to `tokens`, as after a typo correction).
   */
  exactWords: string[] | null;
  /**
   * The catalogue's words that complete the last word (see resolveSearch), when there are few: the
   * word index finds them one by one faster than it scans for a prefix. Null: read it as a prefix.
   */
  completions: string[] | null;
  /** Required documents whose name has the words as a phrase (see resolveSearch); empty before. */
  documentIds: number[];
  /** The catalogue_version the search was read against (see resolveSearch); null before. */
  catalogueVersion: number | null;
  /** Set when the input looks like a procedure code. */
  codePrefix: string | null;
  /** Short hash of the normalised input: a relevance cursor is only valid for the same search. */
  fingerprint: string;
}

/** Parses a search string; null when there is nothing to search (empty or only punctuation). */
export function parseSearch(input: string | null | undefined, argument = 'search'): SearchQuery | null {
  if (input == null) return null;
  if (input.length > MAX_SEARCH_LENGTH) throw badInput(`${argument} must be at most ${MAX_SEARCH_LENGTH} characters`, argument);
  const trimmed = input.normalize('NFC').trim().replace(/\s+/g, ' ');
  const compactCode = trimmed.replace(/\s+/g, '');
  const codePrefix = CODE_PATTERN.test(compactCode) ? compactCode.toUpperCase() : null;
  // A code is looked up as a code: its digits as words would only find unrelated numbers.
  const tokens = codePrefix ? [] : searchTokens(trimmed).slice(0, MAX_TOKENS);
  if (tokens.length === 0 && !codePrefix) return null;
  // Without diacritics there is no spelling to prefer: the user's words fold like every name's.
  // The spelling is kept only when it folds to exactly the words searched, so that a name with
  // the exact spelling always has the words too.
  const typed = lowerWords(trimmed).slice(0, MAX_TOKENS);
  const exactWords = hasDiacritics(trimmed) && searchTokens(typed.join(' ')).join(' ') === tokens.join(' ') ? typed : null;
  return {
    tokens,
    exactWords,
    completions: null,
    documentIds: [],
    catalogueVersion: null,
    codePrefix,
    // What decides the order: the words and the spelling (typo correction follows from them).
    fingerprint: crypto
      .createHash('sha1')
      .update(JSON.stringify([tokens, exactWords, codePrefix]))
      .digest('base64url')
      .slice(0, 10),
  };
}
