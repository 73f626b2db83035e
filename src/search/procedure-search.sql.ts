import type { SqlParams } from '../db/sql-params';
import type { SearchQuery } from './search-query';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * Which procedures a search finds: all words (the last as a prefix) anywhere in the weighted
 * document, or a code. Typos are corrected before (see typo-corrector.ts).
 */
export function searchCondition(search: SearchQuery, params: SqlParams): string {
  const alternatives: string[] = [];
  if (search.tokens.length) {
    alternatives.push(`p.search_vector @@ to_tsquery('simple', ${params.add(search.tsquery)})`);
  }
  if (search.codePrefix) alternatives.push(`p.code LIKE ${params.add(`${escapeLike(search.codePrefix)}%`)}`);
  return `(${alternatives.join(' OR ')})`;
}

/**
 * Relevance, highest first. The terms, by weight:
 * - the code itself (100) or a code prefix (50): a pasted code goes straight to its procedure;
 * - the name being the phrase (8) or starting with it (4), the phrase in the name (6), every word
 *   in the name (6): a phrase in the name beats the same words scattered or found only in documents;
 * - the words as a phrase anywhere, e.g. a document name (7): "giấy chứng sinh" finds the procedure
 *   that asks for that document before names that merely contain the three syllables;
 * - the user's own diacritics in the name (3): "Đăng ký kết hôn" prefers the exact spelling over
 *   names that only fold to it;
 * - ts_rank_cd with weights name 1.0, field 0.4, agency 0.2, documents 0.1, scaled to 0..1
 *   (normalisation 32) so that many mentions in long document lists cannot outweigh the name (x4);
 * - the share of the name the phrase covers (x4): "Đăng ký khai tử" is a better answer to
 *   "khai tu" than a long inter-connected procedure that mentions it among other things;
 * - minus a thousandth per character of the name, so the shorter of two equal matches wins.
 * Rounded to 6 decimals so the value in a cursor compares exactly; ids break remaining ties.
 */
export function rankExpression(search: SearchQuery, params: SqlParams): string {
  const terms: string[] = [];
  if (search.codePrefix) {
    terms.push(
      `CASE WHEN p.code = ${params.add(search.codePrefix)} THEN 100 ` +
        `WHEN p.code LIKE ${params.add(`${escapeLike(search.codePrefix)}%`)} THEN 50 ELSE 0 END`,
    );
  }
  if (search.tokens.length) {
    const phrase = params.add(search.phrase);
    terms.push(
      `CASE WHEN p.search_vector @@ to_tsquery('simple', ${params.add(search.nameTsquery)}) THEN 6 ELSE 0 END`,
      `CASE WHEN p.search_name LIKE '%' || ${phrase} || '%' THEN 6 ELSE 0 END`,
      `CASE WHEN p.search_name = ${phrase} THEN 8 WHEN p.search_name LIKE ${phrase} || '%' THEN 4 ELSE 0 END`,
      ...(search.phraseTsquery
        ? [`CASE WHEN p.search_vector @@ to_tsquery('simple', ${params.add(search.phraseTsquery)}) THEN 7 ELSE 0 END`]
        : []),
      `CASE WHEN lower(p.name) LIKE ${params.add(`%${escapeLike(search.exact)}%`)} THEN 3 ELSE 0 END`,
      `4 * ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, to_tsquery('simple', ${params.add(search.tsquery)}), 32)`,
      `4 * length(${phrase}) / greatest(length(p.search_name), length(${phrase}))`,
    );
  }
  terms.push('- length(p.search_name) / 1000.0');
  return `round((${terms.join(' + ')})::numeric, 6)`;
}
