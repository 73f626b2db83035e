import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moves search out of the wide procedure row into a narrow projection, so that search at the
 * size of a national catalogue (about 90,000 procedures) reads a few megabytes, not the whole
 * catalogue, and so that common syllables of document lists no longer bloat the word index.
 *
 * - vn_words(text): the folded words (vn_fold) separated by single spaces, with a space before
 *   and after, so that `LIKE '% khai sinh%'` is a match on word boundaries. vn_lower_words(text)
 *   is the same with the original diacritics (lower case, NFC): "the user's exact spelling".
 * - procedure_search: one row per procedure, kept by refresh_procedure_derived():
 *   name_words / name_lower (the name as above), text_vector (every folded word of the name,
 *   field, agency and results, without positions: the ranking uses the name columns, so the
 *   vector only has to say which words occur, and stays small), and document_ids (the required
 *   documents' names, as ids of search_document).
 * - search_document: each distinct folded document name once, with the number of procedures
 *   that require it (uses). Documents are matched as a phrase against this small dictionary, then
 *   to procedures through document_ids, instead of putting "bản sao", "tờ khai", "giấy" of every
 *   document list into the word index; uses tells a specific phrase from a general one.
 * - search_term keeps the vocabulary for typo correction (now fed from the projection).
 * - catalogue_version counts the changes to the catalogue (a statement trigger on every catalogue
 *   table), so that a server can keep counts of what does not change, such as how many procedures
 *   "giấy phép" finds, and know exactly when they become wrong.
 * - Indexes for the two ways a relevance class is read (see ProcedureSearchService): in name-length
 *   order, from an index that carries every column a class tests (no table access at all), or,
 *   when the class is small, through the prefix indexes and the indexes of the name's words
 *   (vn_word_set, folded and exact) and word pairs (vn_word_pairs: a phrase; trigrams never span
 *   words, so they cannot find one, and folded trigrams of common syllables select nothing).
 *   Statistics targets are raised on the name columns: the planner picks between the two from
 *   these histograms.
 */
/** Every table whose content a list, search or count reads. */
const CATALOGUE_TABLES = [
  'procedure', 'procedure_channel', 'channel_fee', 'required_document', 'procedure_step', 'procedure_legal_basis',
  'field', 'agency', 'administrative_unit', 'procedure_search', 'search_document',
];

export class SearchProjection1732400000000 implements MigrationInterface {
  name = 'SearchProjection1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX procedure_search_vector_idx, procedure_search_name_trgm_idx, procedure_search_name_prefix_idx;
      ALTER TABLE procedure DROP COLUMN search_vector, DROP COLUMN search_name;

      CREATE FUNCTION vn_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT ' ' || btrim(regexp_replace(public.vn_fold(normalize($1, NFC)), '[^a-z0-9]+', ' ', 'g')) || ' ' $$;

      -- Words separated by single spaces, as a tsvector of those words (no parser: they are
      -- split already, and an exact spelling keeps its diacritics).
      CREATE FUNCTION vn_word_set(text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT array_to_tsvector(string_to_array(btrim($1), ' ')) $$;

      -- The name's consecutive word pairs ("khai_sinh"): indexed, they find a phrase in a name
      -- directly, where the words alone would find every name that has them somewhere.
      CREATE FUNCTION vn_word_pairs(text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT array_to_tsvector(coalesce(array_agg(w[i] || '_' || w[i + 1]), '{}'))
                FROM (SELECT string_to_array(btrim($1), ' ') AS w) x, generate_series(1, cardinality(x.w) - 1) AS i $$;

      CREATE FUNCTION vn_lower_words(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT ' ' || btrim(regexp_replace(lower(normalize($1, NFC)), '[^[:alnum:]]+', ' ', 'g')) || ' ' $$;

      CREATE TABLE search_document (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        words text NOT NULL UNIQUE,
        uses integer NOT NULL DEFAULT 0
      );

      CREATE TABLE procedure_search (
        procedure_id integer PRIMARY KEY REFERENCES procedure (id) ON DELETE CASCADE,
        name_words text NOT NULL,
        name_lower text NOT NULL,
        text_vector tsvector NOT NULL,
        document_ids integer[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX procedure_search_text_idx ON procedure_search USING gin (text_vector);
      CREATE INDEX procedure_search_documents_idx ON procedure_search USING gin (document_ids);
      CREATE INDEX procedure_search_prefix_idx ON procedure_search (name_words text_pattern_ops) INCLUDE (procedure_id);
      CREATE INDEX procedure_search_lower_prefix_idx ON procedure_search (name_lower text_pattern_ops) INCLUDE (procedure_id);
      CREATE INDEX procedure_search_name_words_idx ON procedure_search USING gin (vn_word_set(name_words));
      CREATE INDEX procedure_search_lower_words_idx ON procedure_search USING gin (vn_word_set(name_lower));
      CREATE INDEX procedure_search_pairs_idx ON procedure_search USING gin (vn_word_pairs(name_words));
      CREATE INDEX procedure_search_length_idx ON procedure_search (length(name_words), procedure_id)
        INCLUDE (name_words, name_lower, text_vector, document_ids);
      ALTER TABLE procedure_search ALTER COLUMN name_words SET STATISTICS 1000, ALTER COLUMN name_lower SET STATISTICS 1000;
    `);

    await q.query(`
      CREATE TABLE catalogue_version (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        version bigint NOT NULL DEFAULT 0
      );
      INSERT INTO catalogue_version DEFAULT VALUES;

      CREATE FUNCTION bump_catalogue_version() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalogue_version SET version = version + 1;
        RETURN NULL;
      END $$;
    `);
    for (const table of CATALOGUE_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_changes_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`);
    }

    await q.query(`
      -- A full pass (one scan of the projection): documents stop being used when procedures change
      -- or go, and counting them all is simpler than keeping differences right.
      CREATE FUNCTION refresh_search_document_uses() RETURNS void
      LANGUAGE sql AS $$
        UPDATE search_document d SET uses = c.n
          FROM (SELECT d.id, coalesce(u.n, 0) AS n
                  FROM search_document d
                  LEFT JOIN (SELECT unnest(document_ids) AS id, count(*)::int AS n FROM procedure_search GROUP BY 1) u
                    ON u.id = d.id) c
         WHERE d.id = c.id AND d.uses <> c.n;
      $$;

      CREATE OR REPLACE FUNCTION refresh_procedure_derived(ids integer[]) RETURNS void
      LANGUAGE sql AS $$
        -- The ids are joined as a set: "= ANY(ids)" on a parameter array is a linear scan per
        -- row, which made refreshing a 90,000-procedure catalogue take minutes.
        WITH target AS (
          SELECT DISTINCT id FROM unnest(ids) AS u(id)
        ), channel_totals AS (
          SELECT c.procedure_id,
                 CASE c.time_unit WHEN 'HOUR' THEN c.time_value / 8 ELSE c.time_value END AS days,
                 CASE WHEN bool_or(f.id IS NOT NULL AND f.amount_vnd IS NULL) THEN NULL
                      ELSE coalesce(sum(f.amount_vnd), 0) END AS fee_total,
                 bool_and(f.amount_vnd IS NOT NULL AND f.amount_vnd = 0 OR f.id IS NULL) AS channel_free
          FROM target t
          JOIN procedure_channel c ON c.procedure_id = t.id
          LEFT JOIN channel_fee f ON f.channel_id = c.id
          GROUP BY c.id
        ), per_procedure AS (
          SELECT t.id, min(ct.days) AS min_days, min(ct.fee_total) AS min_fee,
                 coalesce(bool_and(ct.channel_free), true) AS all_free
          FROM target t LEFT JOIN channel_totals ct ON ct.procedure_id = t.id
          GROUP BY t.id
        )
        -- Unchanged rows are not rewritten: no dead tuples, no needless WAL.
        UPDATE procedure p
           SET min_processing_days = pp.min_days, min_fee_vnd = pp.min_fee, is_free = pp.all_free
          FROM per_procedure pp
         WHERE p.id = pp.id
           AND (p.min_processing_days, p.min_fee_vnd, p.is_free) IS DISTINCT FROM (pp.min_days, pp.min_fee, pp.all_free);

        INSERT INTO search_document (words)
        SELECT DISTINCT vn_words(d.name)
          FROM unnest(ids) AS u(id) JOIN required_document d ON d.procedure_id = u.id
        ON CONFLICT (words) DO NOTHING;

        INSERT INTO procedure_search AS s (procedure_id, name_words, name_lower, text_vector, document_ids)
        SELECT p.id, vn_words(p.name), vn_lower_words(p.name),
               strip(to_tsvector('simple',
                 vn_words(p.name) || vn_words(f.name) || vn_words(a.name) || vn_words(array_to_string(p.results, ' ')))),
               coalesce(docs.ids, '{}')
          FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) t
          JOIN procedure p ON p.id = t.id
          JOIN field f ON f.id = p.field_id
          JOIN agency a ON a.id = p.implementing_agency_id
          LEFT JOIN LATERAL (
            SELECT array_agg(DISTINCT sd.id ORDER BY sd.id) AS ids
              FROM required_document d JOIN search_document sd ON sd.words = vn_words(d.name)
             WHERE d.procedure_id = p.id
          ) docs ON true
        ON CONFLICT (procedure_id) DO UPDATE
           SET name_words = excluded.name_words, name_lower = excluded.name_lower,
               text_vector = excluded.text_vector, document_ids = excluded.document_ids
         WHERE (s.name_words, s.name_lower, s.text_vector, s.document_ids)
               IS DISTINCT FROM (excluded.name_words, excluded.name_lower, excluded.text_vector, excluded.document_ids);

        INSERT INTO search_term (term)
        SELECT DISTINCT term FROM (
          SELECT unnest(tsvector_to_array(s.text_vector)) AS term
            FROM unnest(ids) AS u(id) JOIN procedure_search s ON s.procedure_id = u.id
          UNION ALL
          SELECT regexp_split_to_table(btrim(sd.words), ' ')
            FROM unnest(ids) AS u(id) JOIN procedure_search s ON s.procedure_id = u.id
            JOIN search_document sd ON sd.id = ANY (s.document_ids)
        ) words
        WHERE term <> ''
        ON CONFLICT DO NOTHING;

        SELECT refresh_search_document_uses();
      $$;

      SELECT refresh_procedure_derived(array_agg(id)) FROM procedure;
      ANALYZE procedure_search;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to the previous migration's state: search columns on procedure, filled again by that
    // migration's refresh_procedure_derived(), restated here (a landed migration is not edited, so
    // it cannot lend its text).
    for (const table of CATALOGUE_TABLES) await q.query(`DROP TRIGGER ${table}_changes_catalogue ON ${table}`);
    await q.query(`
      DROP TABLE catalogue_version;
      DROP FUNCTION bump_catalogue_version();
      DROP TABLE procedure_search;
      DROP TABLE search_document;
      DROP FUNCTION refresh_search_document_uses();
      DROP FUNCTION vn_word_pairs(text);
      DROP FUNCTION vn_word_set(text);
      DROP FUNCTION vn_lower_words(text);
      DROP FUNCTION vn_words(text);
      ALTER TABLE procedure ADD COLUMN search_name text, ADD COLUMN search_vector tsvector;
      CREATE INDEX procedure_search_vector_idx ON procedure USING gin (search_vector);
      CREATE INDEX procedure_search_name_trgm_idx ON procedure USING gin (search_name public.gin_trgm_ops);
      CREATE INDEX procedure_search_name_prefix_idx ON procedure (search_name text_pattern_ops, id);
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
}
