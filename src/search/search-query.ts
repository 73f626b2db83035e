import crypto from 'node:crypto';
import { badInput } from '../graphql/errors';
import { foldVietnamese, lowerVietnamese, searchTokens } from './vietnamese-text';

export const MAX_SEARCH_LENGTH = 200;
/** More words than this add nothing to ranking and only cost time; the rest are ignored. */
const MAX_TOKENS = 12;
/** Looks like a procedure code or the start of one: `1.001193`, `1.00`, `R.0001`, `X07.1.0011`. */
const CODE_PATTERN = /^[0-9a-z]{1,4}\.[0-9a-z.]*$|^[0-9]{1,2}$/i;

/** What the user typed, parsed once into the forms the SQL needs. */
export interface SearchQuery {
  /** Folded words, in order (after typo correction, once corrected). */
  tokens: string[];
  /** Folded words joined by single spaces: the phrase to look for in the folded name. */
  phrase: string;
  /** Lower-cased input with the user's own diacritics, spaces collapsed. */
  exact: string;
  /** tsquery text: every word required, the last one also as a prefix (half-typed). */
  tsquery: string;
  /** The same words restricted to the name (weight A). */
  nameTsquery: string;
  /** The words adjacent and in order, anywhere (name, field, agency, documents); null for one word. */
  phraseTsquery: string | null;
  /** Set when the input looks like a procedure code. */
  codePrefix: string | null;
  /** Short hash of the normalised input: a relevance cursor is only valid for the same search. */
  fingerprint: string;
}

/**
 * The forms derived from the words. Tokens contain only [a-z0-9], so the tsquery text built
 * from them cannot carry operators.
 */
export function withTokens(search: Omit<SearchQuery, 'phrase' | 'tsquery' | 'nameTsquery' | 'phraseTsquery'>, tokens: string[]): SearchQuery {
  const last = tokens.length - 1;
  const term = (weight: string, operator = ' & ') =>
    tokens.map((w, i) => (i === last ? `${w}:*${weight}` : weight ? `${w}:${weight}` : w)).join(operator);
  return {
    ...search,
    tokens,
    phrase: tokens.join(' '),
    tsquery: term(''),
    nameTsquery: term('A'),
    phraseTsquery: tokens.length > 1 ? term('', ' <-> ') : null,
  };
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
  return withTokens(
    {
      tokens,
      exact: lowerVietnamese(trimmed),
      codePrefix,
      fingerprint: crypto.createHash('sha1').update(foldVietnamese(trimmed)).digest('base64url').slice(0, 10),
    },
    tokens,
  );
}
