import type { Sql } from '../db/sql';
import { withTokens, type SearchQuery } from './search-query';

/** Below this trigram similarity a "correction" is a different word, not a typo. */
const MIN_SIMILARITY = 0.2;

/**
 * Replaces words the catalogue does not contain by the most similar word it does ("sibh" ->
 * "sinh"), in one statement over the vocabulary table. The last word counts as known when some
 * word starts with it (it may be half-typed). A word with no similar word is dropped, unless it is
 * the only one, so one stray word does not empty the result.
 */
export async function correctTypos(sql: Sql, search: SearchQuery): Promise<SearchQuery> {
  if (search.tokens.length === 0) return search;
  const rows = await sql.rows<{ ord: number; known: boolean; correction: string | null }>(
    `SELECT t.ord::int AS ord, k.known,
            CASE WHEN k.known THEN NULL ELSE (
              SELECT s.term FROM search_term s
               WHERE similarity(s.term, t.token) >= $3
               ORDER BY similarity(s.term, t.token) DESC, s.term LIMIT 1) END AS correction
       FROM unnest($1::text[]) WITH ORDINALITY AS t(token, ord)
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM search_term s WHERE s.term = t.token)
                              OR (t.ord = $2 AND EXISTS (SELECT 1 FROM search_term s WHERE s.term LIKE t.token || '%'))
                              AS known) k
      ORDER BY t.ord`,
    [search.tokens, search.tokens.length, MIN_SIMILARITY],
  );
  if (rows.every((r) => r.known)) return search;
  const corrected = rows.flatMap((r, i) => (r.known ? [search.tokens[i]] : r.correction ? [r.correction] : []));
  return withTokens(search, corrected.length ? corrected : search.tokens);
}
