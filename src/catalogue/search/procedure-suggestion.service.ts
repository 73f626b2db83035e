import type { Sql } from '../../db/sql';
import { inForceOn } from '../in-force.sql';
import { SqlParams } from '../../db/sql-params';
import { badInput } from '../../shared/errors';
import { classOrder, nameHasPhrase, nameStartsWith, searchSource, Tier } from './procedure-search.sql';
import type { ProcedureSuggestion } from './procedure-suggestion.type';
import { parseSearch } from './search-query';
import { highlightName } from './vietnamese-text';

export const MIN_PREFIX_LENGTH = 2;
export const MAX_SUGGESTIONS = 20;
export const MAX_PREFIX_LENGTH = 100;

export class ProcedureSuggestionService {
  constructor(private readonly sql: Sql) {}

  /**
   * In one statement: codes that start with the prefix (in code order), then names that start
   * with the typed words, then names that have them further on (from the start of a word, the
   * last one half-typed), each shortest first. Each part reads at most `first` rows, from whichever
   * index suits it (the planner picks the name-length index for a common prefix like "cấp", the
   * prefix or word-pair index for a rare one), so every keystroke costs about the same. Typos are
   * not corrected here: the user is still typing, and the search itself corrects them.
   */
  async suggest(prefix: string, first: number, today: string): Promise<ProcedureSuggestion[]> {
    if (first < 1 || first > MAX_SUGGESTIONS) throw badInput(`first must be between 1 and ${MAX_SUGGESTIONS}`, 'first');
    if (prefix.length > MAX_PREFIX_LENGTH) throw badInput(`prefix must be at most ${MAX_PREFIX_LENGTH} characters`, 'prefix');
    if (prefix.trim().length < MIN_PREFIX_LENGTH) {
      throw badInput(`prefix must have at least ${MIN_PREFIX_LENGTH} characters`, 'prefix');
    }
    const search = parseSearch(prefix, 'prefix');
    if (!search) return [];
    const params = new SqlParams();
    const limit = params.add(first);
    const parts: string[] = [];
    if (search.codePrefix) {
      const { conditions } = searchSource(search, params);
      parts.push(`SELECT p.id, 0 AS part, row_number() OVER (ORDER BY p.code) AS rank
                    FROM procedure p WHERE ${[...conditions, inForceOn(today)].join(' AND ')} ORDER BY p.code LIMIT ${limit}`);
    } else {
      // The names further on are only read when too few names start with the words; the versions in force today only.
      const inForce = inForceOn(today, 's');
      parts.push(
        `SELECT s.procedure_id AS id, 1 AS part, length(s.name_words) AS rank
           FROM procedure_search s WHERE ${nameStartsWith(search, params)} AND ${inForce}
          ORDER BY ${classOrder(search, Tier.START)} LIMIT ${limit}`,
        `SELECT s.procedure_id AS id, 2 AS part, length(s.name_words) AS rank
           FROM procedure_search s WHERE ${nameHasPhrase(search, params)} AND ${inForce} AND (SELECT count(*) FROM part_0) < ${limit}
          ORDER BY ${classOrder(search, Tier.PHRASE)} LIMIT ${limit}`,
      );
    }
    const rows = await this.sql.rows<Omit<ProcedureSuggestion, 'nameHighlight'>>(
      `WITH ${parts.map((part, i) => `part_${i} AS MATERIALIZED (${part})`).join(', ')}
       SELECT p.code, p.name, p.level
         FROM (SELECT id, min(part) AS part, min(rank) AS rank
                 FROM (${parts.map((_, i) => `SELECT * FROM part_${i}`).join(' UNION ALL ')}) hit GROUP BY id) hit
         JOIN procedure p ON p.id = hit.id
        ORDER BY hit.part, hit.rank, hit.id
        LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => ({ ...row, nameHighlight: highlightName(row.name, search.tokens) }));
  }
}
