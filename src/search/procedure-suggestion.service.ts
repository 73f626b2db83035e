import type { Sql } from '../db/sql';
import { SqlParams } from '../db/sql-params';
import { badInput } from '../graphql/errors';
import type { ProcedureSuggestion } from './procedure-suggestion.type';
import { parseSearch } from './search-query';
import { highlightName } from './vietnamese-text';

export const MIN_PREFIX_LENGTH = 2;
export const MAX_SUGGESTIONS = 20;
export const MAX_PREFIX_LENGTH = 100;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

export class ProcedureSuggestionService {
  constructor(private readonly sql: Sql) {}

  /**
   * Cheapest match first, in one statement: codes starting with the prefix, then names starting
   * with it (an index range scan on the folded name), then names with every typed word (the last
   * as a prefix). Under LIMIT, PostgreSQL stops reading the later branches once it has enough, so
   * a common prefix costs no more than a rare one.
   */
  async suggest(prefix: string, first: number): Promise<ProcedureSuggestion[]> {
    if (first < 1 || first > MAX_SUGGESTIONS) throw badInput(`first must be between 1 and ${MAX_SUGGESTIONS}`, 'first');
    if (prefix.length > MAX_PREFIX_LENGTH) throw badInput(`prefix must be at most ${MAX_PREFIX_LENGTH} characters`, 'prefix');
    if (prefix.trim().length < MIN_PREFIX_LENGTH) {
      throw badInput(`prefix must have at least ${MIN_PREFIX_LENGTH} characters`, 'prefix');
    }
    const search = parseSearch(prefix, 'prefix');
    if (!search) return [];
    const params = new SqlParams();
    const limit = params.add(first);
    const branches: string[] = [];
    if (search.codePrefix) {
      branches.push(`(SELECT id, code, name, level, search_name FROM procedure
                       WHERE code LIKE ${params.add(`${escapeLike(search.codePrefix)}%`)} ORDER BY code LIMIT ${limit})`);
    }
    if (search.tokens.length) {
      const phrase = params.add(search.phrase);
      branches.push(
        `(SELECT id, code, name, level, search_name FROM procedure
           WHERE search_name LIKE ${phrase} || '%' ORDER BY search_name, id LIMIT ${limit})`,
        `(SELECT id, code, name, level, search_name FROM procedure
           WHERE search_vector @@ to_tsquery('simple', ${params.add(search.nameTsquery)})
             AND NOT search_name LIKE ${phrase} || '%'
           ORDER BY length(search_name), search_name, id LIMIT ${limit})`,
      );
    }
    const rows = await this.sql.rows<{ code: string; name: string; level: ProcedureSuggestion['level'] }>(
      // UNION ALL keeps the branches in order (no parallel plan for these small LIMITs); the
      // branches cannot return the same row: codes do not start like names, and 3 excludes 2.
      `SELECT code, name, level FROM (${branches.join(' UNION ALL ')}) s LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => ({ ...row, nameHighlight: highlightName(row.name, search.tokens) }));
  }
}
