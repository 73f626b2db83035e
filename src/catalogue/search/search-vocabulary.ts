import type { Sql } from '../../db/sql';
import { parseSearch, type SearchQuery } from './search-query';

/** Below this trigram similarity a "correction" is a different word, not a typo. */
const MIN_SIMILARITY = 0.2;
/** More words than this complete the last word: it is read as a prefix instead (see SearchQuery.completions). */
const MAX_COMPLETIONS = 20;

/**
 * A phrase whose documents are required by more than this share of the catalogue's procedures is
 * too general to point to a document ("hồ sơ", "bản sao", "giấy phép" head a good part of every
 * document list); then documents are not searched, and the words still find names, fields,
 * agencies and results. A share, not a number, so that a search means the same in a province's
 * catalogue and in a national one.
 */
export const MAX_DOCUMENT_SHARE = 0.02;

/**
 * Reads the catalogue's version (for caches of what it answers) and replaces words it does not
 * contain by the most similar word it does ("sibh" -> "sinh"), looked up in search_term (a few
 * thousand syllables, so the cost does not grow with the catalogue). The last word counts as known
 * when some word starts with it (it may be half-typed); those words are its completions. A word
 * with no similar word is dropped, unless every word is, so one stray word does not empty the
 * result. A corrected search has no exact spelling to prefer.
 */
async function correctTypos(sql: Sql, search: SearchQuery): Promise<SearchQuery> {
  const rows = await sql.rows<{ known: boolean; correction: string | null; completions: string[] | null; version: number }>(
    `SELECT k.known, c.completions, (SELECT version FROM catalogue_version) AS version,
            CASE WHEN k.known THEN NULL ELSE (
              SELECT s.term FROM search_term s
               WHERE similarity(s.term, t.token) >= $3
               ORDER BY similarity(s.term, t.token) DESC, s.term LIMIT 1) END AS correction
       FROM unnest($1::text[]) WITH ORDINALITY AS t(token, ord)
      CROSS JOIN LATERAL (SELECT array_agg(term) AS completions
                            FROM (SELECT s.term FROM search_term s WHERE t.ord = $2 AND s.term LIKE t.token || '%'
                                   ORDER BY s.term LIMIT $4 + 1) x) c
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM search_term s WHERE s.term = t.token)
                              OR c.completions IS NOT NULL AS known) k
      ORDER BY t.ord`,
    [search.tokens, search.tokens.length, MIN_SIMILARITY, MAX_COMPLETIONS],
  );
  const completions = rows.at(-1)!.completions;
  const read = {
    ...search,
    catalogueVersion: rows[0].version,
    completions: completions && completions.length <= MAX_COMPLETIONS ? completions : null,
  };
  if (rows.every((r) => r.known)) return read;
  const corrected = rows.flatMap((r, i) => (r.known ? [search.tokens[i]] : r.correction ? [r.correction] : []));
  return { ...read, tokens: corrected.length ? corrected : search.tokens, exactWords: null, completions: null };
}

/**
 * The required documents (search_document) whose name has the words as a phrase, when there are
 * two words or more and the phrase is specific enough (above; the catalogue's size is the
 * planner's estimate, which is all a share needs). Their ids go into the search statements as
 * values, so that the planner sees how common they are.
 */
async function findDocuments(sql: Sql, tokens: string[]): Promise<number[]> {
  if (tokens.length < 2) return [];
  const row = await sql.one<{ ids: number[] }>(
    `SELECT CASE WHEN coalesce(sum(uses), 0) <= $2 * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'procedure_search'::regclass)
                 THEN coalesce(array_agg(id ORDER BY id), '{}') ELSE '{}' END AS ids
       FROM search_document WHERE uses > 0 AND strpos(words, $1) > 0`,
    [` ${tokens.join(' ')}`, MAX_DOCUMENT_SHARE],
  );
  return row!.ids;
}

/**
 * Reads a parsed search against the catalogue's vocabulary: typos, and documents. Both are looked
 * up at once, the documents for the words as typed; the rare corrected search looks its documents
 * up again.
 */
export async function resolveSearch(sql: Sql, search: SearchQuery): Promise<SearchQuery> {
  if (search.tokens.length === 0) return search;
  const [corrected, documents] = await Promise.all([correctTypos(sql, search), findDocuments(sql, search.tokens)]);
  const same = corrected.tokens.join(' ') === search.tokens.join(' ');
  return { ...corrected, documentIds: same ? documents : await findDocuments(sql, corrected.tokens) };
}

/** Parses what the user typed and reads it against the vocabulary: the search every list and count works with. */
export async function readSearch(sql: Sql, input: string | null | undefined): Promise<SearchQuery | null> {
  const parsed = parseSearch(input);
  return parsed && resolveSearch(sql, parsed);
}
