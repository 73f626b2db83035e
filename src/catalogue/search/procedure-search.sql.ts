import type { SqlParams } from '../../db/sql-params';
import type { SearchQuery } from './search-query';

/**
 * SQL over the search projection (`procedure_search s`, see the SearchProjection migration).
 * Every user value goes through a parameter; tokens are [a-z0-9] only and exact words letters and
 * digits only, so the tsquery text built from them has no operators but the ones written here.
 */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** Every word of the search, the last as a prefix (it may be half-typed), in the name, field, agency or results. */
function wordsMatch(search: SearchQuery, params: SqlParams): string {
  const { tokens, completions } = search;
  const last = completions ? `(${completions.join(' | ')})` : `${tokens.at(-1)}:*`;
  return `s.text_vector @@ ${params.add([...tokens.slice(0, -1), last].join(' & '))}::tsquery`;
}

/** A required document's name has the words as a phrase (resolveSearch found which). */
function documentsMatch(search: SearchQuery, params: SqlParams): string {
  return `s.document_ids && ${params.add(search.documentIds)}::int[]`;
}

/**
 * Which procedures a word search finds: all its words in the name, field, agency or results, or
 * its words as a phrase in a required document's name.
 */
export function searchMatch(search: SearchQuery, params: SqlParams): string {
  const words = wordsMatch(search, params);
  return search.documentIds.length ? `(${words} OR ${documentsMatch(search, params)})` : words;
}

/**
 * How a list or count over `procedure p` keeps what a search finds: a word search joins the
 * projection for its match condition; a code search keeps the codes that start with the input.
 */
export function searchSource(search: SearchQuery, params: SqlParams): { join: string; conditions: string[] } {
  if (search.codePrefix) return { join: '', conditions: [`p.code LIKE ${params.add(`${escapeLike(search.codePrefix)}%`)}`] };
  return { join: ' JOIN procedure_search s ON s.procedure_id = p.id', conditions: [searchMatch(search, params)] };
}

/**
 * A name test comes in two forms that mean the same:
 * - 'evaluate': starts_with() or strpos(), about three times cheaper per row than LIKE; for
 *   classifying rows already found;
 * - 'plan': for choosing how to read a relevance class, what the planner can estimate and find
 *   through an index. A start is a LIKE pattern (estimated from the column's histogram, found by
 *   the prefix index). A phrase or a set of words is a lookup in the index of the name's words
 *   (vn_word_set) or word pairs (vn_word_pairs), behind a strpos() test that is cheap to check
 *   before the lookup's function on a row read in length order. The planner takes such a test for
 *   a third of the rows, where a LIKE pattern would count the class's selectivity twice and make
 *   a class of thousands look like a handful.
 */
export type TestForm = 'plan' | 'evaluate';

function starts(column: string, words: string[], params: SqlParams, form: TestForm): string {
  const text = ` ${words.join(' ')}`;
  return form === 'plan' ? `s.${column} LIKE ${params.add(`${escapeLike(text)}%`)}` : `starts_with(s.${column}, ${params.add(text)})`;
}

function contains(column: string, words: string[], params: SqlParams): string {
  return `strpos(s.${column}, ${params.add(` ${words.join(' ')}`)}) > 0`;
}

/** The name's words include these, the last as a prefix (name_words, or name_lower for the exact spelling). */
function nameWordsLookup(column: 'name_words' | 'name_lower', words: string[], params: SqlParams): string {
  const last = words.length - 1;
  // Quoted, a word with diacritics is a lexeme as it is.
  const query = words.map((word, i) => `'${word}'${i === last ? ':*' : ''}`).join(' & ');
  return `vn_word_set(s.${column}) @@ ${params.add(query)}::tsquery`;
}

/** The name has the consecutive word pairs of a phrase ("khai_sinh", the last as a prefix); one word is a word. */
function namePhraseLookup(column: 'name_words' | 'name_lower', words: string[], folded: string[], params: SqlParams): string {
  if (words.length === 1) return nameWordsLookup(column, words, params);
  const pairs = folded.slice(1).map((word, i) => `${folded[i]}_${word}`);
  const query = pairs.map((pair, i) => (i === pairs.length - 1 ? `${pair}:*` : pair)).join(' & ');
  return `vn_word_pairs(s.name_words) @@ ${params.add(query)}::tsquery`;
}

/** The name starts with the words (folded; the last may be half-typed). */
export function nameStartsWith(search: SearchQuery, params: SqlParams, form: TestForm = 'plan'): string {
  return starts('name_words', search.tokens, params, form);
}

/** The name has the words as a phrase (folded, or `exact` as typed; the last one may be half-typed). */
export function nameHasPhrase(search: SearchQuery, params: SqlParams, form: TestForm = 'plan', exact = false): string {
  // The exact spelling folds to the words, so its phrase has their pairs.
  const [column, words] = exact ? (['name_lower', search.exactWords!] as const) : (['name_words', search.tokens] as const);
  const test = contains(column, words, params);
  return form === 'plan' ? `${test} AND ${namePhraseLookup(column, words, search.tokens, params)}` : test;
}

/** The name has every word, in any order (the last one may be half-typed). */
function nameHasWords(search: SearchQuery, params: SqlParams, form: TestForm): string {
  const { tokens } = search;
  const last = tokens.length - 1;
  if (form === 'plan') {
    const longest = tokens.slice(0, -1).reduce((a, b) => (b.length > a.length ? b : a), '');
    return `${contains('name_words', [`${longest} `], params)} AND ${nameWordsLookup('name_words', tokens, params)}`;
  }
  return tokens.map((token, i) => contains('name_words', [i === last ? token : `${token} `], params)).join(' AND ');
}

/** The relevance classes, best first (see tierConditions); `searchRank` shows them as 6 (best) down to 0. */
export const Tier = { EXACT_START: 0, EXACT_PHRASE: 1, START: 2, PHRASE: 3, DOCUMENT: 4, NAME_WORDS: 5, ANY: 6 } as const;
export const TIER_COUNT = 7;

/**
 * Relevance classes of a word search, best first, each as a condition on `s` (in the given form,
 * see TestForm); a procedure's class is the first condition it meets. Null where a class cannot
 * occur for this search, so nobody reads for it. In order, the name:
 *  0. starts with the words as typed, diacritics included;
 *  1. has them as a phrase, as typed;
 *  2. starts with the words (folded);
 *  3. has them as a phrase (folded);
 * then 4. a required document's name has them as a phrase; 5. the name has every word, in any
 * order; 6. the rest: every word in the name, field, agency or results together.
 * Within a class the shorter name comes first (the words are more of it), then the lower id.
 */
export function tierConditions(search: SearchQuery, params: SqlParams, form: TestForm): (string | null)[] {
  const { tokens, exactWords } = search;
  return [
    exactWords && starts('name_lower', exactWords, params, form),
    exactWords && nameHasPhrase(search, params, form, true),
    nameStartsWith(search, params, form),
    nameHasPhrase(search, params, form),
    search.documentIds.length ? documentsMatch(search, params) : null,
    // One word in the name is class 3 already.
    tokens.length > 1 ? nameHasWords(search, params, form) : null,
    'true',
  ];
}

/**
 * The sort key a class is read by. Plain, the planner may walk the length index and stop after a
 * few rows; `+ 0` makes it find the rows through another index and sort them. The planner chooses
 * well from its estimates, except where the rows it needs all sit far along the length order
 * while its estimate assumes them spread evenly: a document's procedures, and the names that start
 * with three words or more (few, and long by construction). Those classes are always found and
 * sorted.
 */
export function classOrder(search: SearchQuery, tier: number): string {
  const found = tier === Tier.DOCUMENT || ((tier === Tier.START || tier === Tier.EXACT_START) && search.tokens.length >= 3);
  return `length(s.name_words)${found ? ' + 0' : ''}, s.procedure_id`;
}

/** A procedure's class as one expression: the first condition that holds. */
export function tierExpression(conditions: (string | null)[]): string {
  const cases = conditions.map((condition, tier) => (condition ? `WHEN ${condition} THEN ${tier} ` : '')).join('');
  return `CASE ${cases}END`;
}

/** `searchRank` of an edge: higher is better; the class, plus a fraction that prefers short names. */
export function searchRank(tier: number, nameLength: number): number {
  return TIER_COUNT - 1 - tier + Math.round(1e6 / (1 + nameLength)) / 1e6;
}

/** `searchRank` of a code search: above every word match, the code itself highest. */
export function codeSearchRank(code: string, prefix: string): number {
  return code === prefix ? TIER_COUNT + 1 : TIER_COUNT;
}
