import { LRUCache } from 'lru-cache';
import type { Sql } from '../../db/sql';
import { SqlParams } from '../../db/sql-params';
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
 * The required documents (search_document) whose name has the words as a phrase ($phrase), when
 * the phrase is specific enough (above; the catalogue's size is the planner's estimate, which is
 * all a share needs): a subquery giving their ids. The ids go into the search statements as
 * values, so that the planner sees how common they are. A phrase is folded words and spaces, so it
 * holds no LIKE wildcard, and the pattern is found through the words' trigram index (a scan of
 * every document's words was half of the vocabulary statement's time).
 */
const documentsWithPhrase = (phrase: string, share: string) =>
  `SELECT CASE WHEN coalesce(sum(uses), 0) <= ${share} * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'procedure_search'::regclass)
               THEN coalesce(array_agg(id ORDER BY id), '{}') ELSE '{}' END AS ids
     FROM search_document WHERE uses > 0 AND words LIKE '%' || ${phrase} || '%'`;

/** A phrase is two words or more: one word is found in names, fields, agencies and results alone. */
const phraseOf = (tokens: string[]) => (tokens.length >= 2 ? ` ${tokens.join(' ')}` : null);

/**
 * Reads, in one statement, the catalogue's version (for caches of what it answers), the
 * documents with the words as a phrase, and the words it does not contain, each with the most
 * similar word it does ("sibh" -> "sinh"), looked up in search_term (a few thousand syllables, so
 * the cost does not grow with the catalogue). The last word counts as known when some word starts
 * with it (it may be half-typed); those words are its completions. A word with no similar word is
 * dropped, unless every word is, so one stray word does not empty the result. A corrected search
 * has no exact spelling to prefer, and its documents are looked up again for its own words.
 */
async function readVocabulary(sql: Sql, search: SearchQuery): Promise<SearchQuery> {
  const { tokens } = search;
  const params = new SqlParams();
  const phrase = phraseOf(tokens);
  const documents = phrase ? `(${documentsWithPhrase(params.add(phrase), params.add(MAX_DOCUMENT_SHARE))})` : "'{}'::int[]";
  const minSimilarity = params.add(MIN_SIMILARITY);
  // The words as a VALUES list, not unnest() of an array: the planner then knows how many there are
  // and keeps one plan for the statement (for an array it guesses ten, and would plan every time).
  const words = tokens.map((token, i) => `(${i + 1}, ${params.add(token)}::text)`).join(', ');
  const rows = await sql.rows<{ known: boolean; correction: string | null; completions: string[] | null; version: number; documents: number[] }>(
    `SELECT k.known, c.completions, (SELECT version FROM catalogue_version) AS version, ${documents} AS documents,
            CASE WHEN k.known THEN NULL ELSE (
              SELECT s.term FROM search_term s
               WHERE similarity(s.term, t.token) >= ${minSimilarity}
               ORDER BY similarity(s.term, t.token) DESC, s.term LIMIT 1) END AS correction
       FROM (VALUES ${words}) AS t(ord, token)
       LEFT JOIN search_term e ON e.term = t.token
      -- The words that start with the last one: a range of the prefix index ([a-z0-9] sort before '{').
      CROSS JOIN LATERAL (SELECT array_agg(term) AS completions
                            FROM (SELECT s.term FROM search_term s
                                   WHERE t.ord = ${tokens.length} AND s.term ~>=~ t.token AND s.term ~<~ (t.token || '{')
                                   ORDER BY s.term LIMIT ${MAX_COMPLETIONS + 1}) x) c
      CROSS JOIN LATERAL (SELECT e.term IS NOT NULL OR c.completions IS NOT NULL AS known) k
      ORDER BY t.ord`,
    params.values,
  );
  const completions = rows.at(-1)!.completions;
  const read = {
    ...search,
    catalogueVersion: rows[0].version,
    completions: completions && completions.length <= MAX_COMPLETIONS ? completions : null,
    documentIds: rows[0].documents,
  };
  if (rows.every((r) => r.known)) return read;
  const corrected = rows.flatMap((r, i) => (r.known ? [search.tokens[i]] : r.correction ? [r.correction] : []));
  // Every word dropped: the words as typed (a correction is a known word, never the word itself).
  if (corrected.length === 0) return { ...read, exactWords: null, completions: null };
  return { ...read, tokens: corrected, exactWords: null, completions: null, documentIds: await findDocuments(sql, corrected) };
}

/** The documents with the words as a phrase (see documentsWithPhrase). */
async function findDocuments(sql: Sql, tokens: string[]): Promise<number[]> {
  const phrase = phraseOf(tokens);
  if (!phrase) return [];
  const row = await sql.one<{ ids: number[] }>(documentsWithPhrase('$1', '$2'), [phrase, MAX_DOCUMENT_SHARE]);
  return row!.ids;
}

/**
 * Reads a parsed search against the catalogue's vocabulary: its version, typos and documents (see
 * readVocabulary).
 */
export async function resolveSearch(sql: Sql, search: SearchQuery): Promise<SearchQuery> {
  return search.tokens.length === 0 ? search : readVocabulary(sql, search);
}

/** Parses what the user typed and reads it against the vocabulary: the search every list and count works with. */
export async function readSearch(sql: Sql, input: string | null | undefined): Promise<SearchQuery | null> {
  const parsed = parseSearch(input);
  return parsed && resolveSearch(sql, parsed);
}

/** The SQLSTATE of catalogue_version_is when the catalogue is no longer at the version asked (see the CatalogueVersionCheck migration). */
const CATALOGUE_CHANGED = 'VC001';

/** True when a statement failed because the catalogue changed since the vocabulary it was built from was read. */
export const isCatalogueChanged = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === CATALOGUE_CHANGED;

/** The condition that holds a statement to the catalogue's version `version` (it fails otherwise, see isCatalogueChanged). */
export const atCatalogueVersion = (version: number, params: SqlParams): string => `catalogue_version_is(${params.add(version)})`;

/** A search read against the vocabulary, and whether it was read by an earlier request (its version then still to be checked). */
export interface VocabularyRead {
  search: SearchQuery;
  remembered: boolean;
}

/**
 * Searches read against the vocabulary (see readVocabulary), by their words, so that a search asked
 * again, on another page or with another filter, costs its page statement alone. What the
 * vocabulary says holds for one version of the catalogue: a statement built from a remembered one
 * carries atCatalogueVersion, and when the catalogue has changed since, the search is read again
 * (see ProcedureSearchService). The least recently used go first past `capacity` (each a few
 * hundred bytes); a capacity of 0 keeps none.
 */
export class Vocabularies {
  private readonly entries: LRUCache<string, SearchQuery> | null;

  constructor(capacity: number) {
    this.entries = capacity > 0 ? new LRUCache({ max: capacity }) : null;
  }

  /** The search as an earlier request read it for the same words, or read now. */
  async read(sql: Sql, parsed: SearchQuery): Promise<VocabularyRead> {
    const remembered = this.entries?.get(keyOf(parsed));
    return remembered ? { search: remembered, remembered: true } : { search: await this.readAgain(sql, parsed), remembered: false };
  }

  /** The search read now, and remembered for the requests after. */
  async readAgain(sql: Sql, parsed: SearchQuery): Promise<SearchQuery> {
    const search = await resolveSearch(sql, parsed);
    if (search.catalogueVersion !== null) this.entries?.set(keyOf(parsed), search);
    return search;
  }
}

/** What a search's vocabulary depends on: its words and their spelling (a code search reads none). */
const keyOf = ({ tokens, exactWords }: SearchQuery) => JSON.stringify([tokens, exactWords]);
