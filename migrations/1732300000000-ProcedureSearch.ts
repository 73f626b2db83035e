import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accent- and case-insensitive Vietnamese search over procedures.
 *
 * - vn_fold(): unaccent + lower, and y as i: Vietnamese writes the same syllable both ways
 *   (kí/ký, lí/lý, qui/quy), so a citizen's spelling must not decide what is found. unaccent() itself is only STABLE because it finds its dictionary
 *   through search_path; naming schema and dictionary fixes the result, so the wrapper may be
 *   IMMUTABLE and used in generated columns and indexes. It folds đ/Đ to d.
 * - search_name: the folded name (kept by refresh_procedure_derived(), like the vector: a
 *   generated column would tie TypeORM's schema comparison to the database name), with a trigram index for typos and partial syllables and a
 *   pattern index for "starts with" (type-ahead).
 * - search_term: every distinct folded word of the catalogue, with a trigram index. A typo is
 *   corrected against this small vocabulary (a few thousand syllables) rather than by comparing
 *   the query with every procedure name, so typo tolerance costs the same at any catalogue size.
 * - search_vector: `simple` configuration over folded text (no stemming or stop words: Vietnamese
 *   syllables are short and meaningful), weighted name A, field B, agency C, documents and
 *   results D. It spans several tables, so refresh_procedure_derived() maintains it.
 */
export class ProcedureSearch1732300000000 implements MigrationInterface {
  name = 'ProcedureSearch1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
      CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

      CREATE FUNCTION vn_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, $1)), 'y', 'i') $$;

      ALTER TABLE procedure
        ADD COLUMN search_name text,
        ADD COLUMN search_vector tsvector;

      CREATE INDEX procedure_search_vector_idx ON procedure USING gin (search_vector);
      CREATE INDEX procedure_search_name_trgm_idx ON procedure USING gin (search_name public.gin_trgm_ops);
      CREATE INDEX procedure_search_name_prefix_idx ON procedure (search_name text_pattern_ops, id);
      CREATE INDEX procedure_code_prefix_idx ON procedure (code text_pattern_ops);

      CREATE TABLE search_term (term text PRIMARY KEY);
      CREATE INDEX search_term_trgm_idx ON search_term USING gin (term public.gin_trgm_ops);
      CREATE INDEX search_term_prefix_idx ON search_term (term text_pattern_ops);
    `);

    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_procedure_derived(ids integer[]) RETURNS void
      LANGUAGE sql AS $$
        WITH channel_totals AS (
          SELECT c.procedure_id,
                 CASE c.time_unit WHEN 'HOUR' THEN c.time_value / 8 ELSE c.time_value END AS days,
                 CASE WHEN bool_or(f.id IS NOT NULL AND f.amount_vnd IS NULL) THEN NULL
                      ELSE coalesce(sum(f.amount_vnd), 0) END AS fee_total,
                 bool_and(f.amount_vnd IS NOT NULL AND f.amount_vnd = 0 OR f.id IS NULL) AS channel_free
          FROM procedure_channel c
          LEFT JOIN channel_fee f ON f.channel_id = c.id
          WHERE c.procedure_id = ANY(ids)
          GROUP BY c.id
        ), per_procedure AS (
          SELECT procedure_id, min(days) AS min_days, min(fee_total) AS min_fee,
                 bool_and(channel_free) AS all_free
          FROM channel_totals GROUP BY procedure_id
        ), texts AS (
          SELECT p.id,
                 setweight(to_tsvector('simple', vn_fold(p.name)), 'A') ||
                 setweight(to_tsvector('simple', vn_fold(f.name)), 'B') ||
                 setweight(to_tsvector('simple', vn_fold(a.name)), 'C') ||
                 setweight(to_tsvector('simple', vn_fold(
                   array_to_string(p.results, ' ') || ' ' ||
                   coalesce((SELECT string_agg(d.name, ' ') FROM required_document d WHERE d.procedure_id = p.id), '')
                 )), 'D') AS vector
          FROM procedure p
          JOIN field f ON f.id = p.field_id
          JOIN agency a ON a.id = p.implementing_agency_id
          WHERE p.id = ANY(ids)
        )
        UPDATE procedure p
           SET min_processing_days = pp.min_days,
               min_fee_vnd = pp.min_fee,
               is_free = coalesce(pp.all_free, true),
               search_name = vn_fold(p.name),
               search_vector = t.vector
          FROM texts t
          LEFT JOIN per_procedure pp ON pp.procedure_id = t.id
         WHERE p.id = t.id;

        INSERT INTO search_term (term)
        SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM procedure WHERE id = ANY(ids)
        ON CONFLICT DO NOTHING;
      $$;

      SELECT refresh_procedure_derived(array_agg(id)) FROM procedure;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE search_term;
      DROP INDEX procedure_code_prefix_idx, procedure_search_name_prefix_idx, procedure_search_name_trgm_idx,
                 procedure_search_vector_idx;
      ALTER TABLE procedure DROP COLUMN search_vector, DROP COLUMN search_name;
      DROP FUNCTION vn_fold(text);
    `);
  }
}
