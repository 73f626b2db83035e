import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the catalogue writer writes (src/catalogue/write). */
const WRITTEN = [
  'administrative_unit', 'field', 'agency', 'legal_document', 'procedure', 'procedure_channel', 'channel_fee',
  'required_document', 'procedure_step', 'procedure_legal_basis',
];
/**
 * What refresh_procedure_derived() and refresh_search_document_uses() write, and what the version
 * triggers write: they run with the privileges of the role that calls them. Rows of
 * procedure_search go with their procedure by ON DELETE CASCADE, which runs as the table's owner.
 */
const DERIVED: Record<string, string> = {
  procedure_search: 'SELECT, INSERT, UPDATE',
  search_document: 'SELECT, INSERT, UPDATE',
  search_term: 'SELECT, INSERT',
  catalogue_version: 'SELECT, UPDATE',
};
/** Every table whose changes bump catalogue_version (SearchProjection and CatalogueVersionCoverage). */
const VERSIONED = [...WRITTEN, 'procedure_search', 'search_document', 'search_term'];
const EVENTS = [
  { event: 'INSERT', rows: 'NEW' },
  { event: 'UPDATE', rows: 'NEW' },
  { event: 'DELETE', rows: 'OLD' },
];

/**
 * refresh_procedure_derived() as SearchProjection has it computes the words of a text (vn_words,
 * a regular expression over unaccent) once per procedure that shows it, and a document name's
 * words once more per procedure in a join: a field's name once for each of its procedures, a
 * document required by thousands of procedures thousands of times. Here each distinct text of
 * the refreshed procedures is folded once. The rows it writes are the same.
 */
const DERIVED_ONCE_PER_TEXT = `
  CREATE OR REPLACE FUNCTION refresh_procedure_derived(ids integer[]) RETURNS void
  LANGUAGE sql AS $$
    -- The list helpers: as SearchProjection has them.
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
    UPDATE procedure p
       SET min_processing_days = pp.min_days, min_fee_vnd = pp.min_fee, is_free = pp.all_free
      FROM per_procedure pp
     WHERE p.id = pp.id
       AND (p.min_processing_days, p.min_fee_vnd, p.is_free) IS DISTINCT FROM (pp.min_days, pp.min_fee, pp.all_free);

    INSERT INTO search_document (words)
    SELECT DISTINCT vn_words(n.name)
      FROM (SELECT DISTINCT d.name FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) t
              JOIN required_document d ON d.procedure_id = t.id) n
    ON CONFLICT (words) DO NOTHING;

    -- MATERIALIZED: a text's words are computed once where they are defined, not again in every
    -- join condition and output column that uses them.
    INSERT INTO procedure_search AS s (procedure_id, name_words, name_lower, text_vector, document_ids)
    WITH target AS (
      SELECT DISTINCT id FROM unnest(ids) AS u(id)
    ), written AS (
      SELECT p.id, p.name, array_to_string(p.results, ' ') AS results, p.field_id, p.implementing_agency_id AS agency_id
        FROM target t JOIN procedure p ON p.id = t.id
    ), names AS MATERIALIZED (
      SELECT name, vn_words(name) AS words, vn_lower_words(name) AS lower_words FROM (SELECT DISTINCT name FROM written) n
    ), results AS MATERIALIZED (
      SELECT results, vn_words(results) AS words FROM (SELECT DISTINCT results FROM written) r
    ), fields AS MATERIALIZED (
      SELECT id, vn_words(name) AS words FROM field WHERE id IN (SELECT field_id FROM written)
    ), agencies AS MATERIALIZED (
      SELECT id, vn_words(name) AS words FROM agency WHERE id IN (SELECT agency_id FROM written)
    ), document_words AS MATERIALIZED (
      SELECT name, vn_words(name) AS words
        FROM (SELECT DISTINCT d.name FROM target t JOIN required_document d ON d.procedure_id = t.id) n
    ), documents AS (
      SELECT d.procedure_id, array_agg(DISTINCT sd.id ORDER BY sd.id) AS ids
        FROM target t
        JOIN required_document d ON d.procedure_id = t.id
        JOIN document_words w ON w.name = d.name
        JOIN search_document sd ON sd.words = w.words
       GROUP BY d.procedure_id
    )
    SELECT w.id, n.words, n.lower_words, strip(to_tsvector('simple', n.words || f.words || a.words || r.words)),
           coalesce(docs.ids, '{}')
      FROM written w
      JOIN names n ON n.name = w.name
      JOIN results r ON r.results = w.results
      JOIN fields f ON f.id = w.field_id
      JOIN agencies a ON a.id = w.agency_id
      LEFT JOIN documents docs ON docs.procedure_id = w.id
    ON CONFLICT (procedure_id) DO UPDATE
       SET name_words = excluded.name_words, name_lower = excluded.name_lower,
           text_vector = excluded.text_vector, document_ids = excluded.document_ids
     WHERE (s.name_words, s.name_lower, s.text_vector, s.document_ids)
           IS DISTINCT FROM (excluded.name_words, excluded.name_lower, excluded.text_vector, excluded.document_ids);

    -- The words of each document the procedures use once, not once per procedure that uses it.
    INSERT INTO search_term (term)
    SELECT DISTINCT term FROM (
      SELECT unnest(tsvector_to_array(s.text_vector)) AS term
        FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) t JOIN procedure_search s ON s.procedure_id = t.id
      UNION ALL
      SELECT regexp_split_to_table(btrim(sd.words), ' ')
        FROM search_document sd
       WHERE sd.id IN (SELECT unnest(s.document_ids)
                         FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) t JOIN procedure_search s ON s.procedure_id = t.id)
    ) words
    WHERE term <> ''
    ON CONFLICT DO NOTHING;

    SELECT refresh_search_document_uses();
  $$;`;

/** SearchProjection's definition, restated for down() (a landed migration cannot lend its text). */
const DERIVED_PER_PROCEDURE = `
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
  $$;`;

/**
 * The catalogue writer's role, a catalogue version that counts changes, not statements, and a
 * derivation of the search projection fast enough for bulk writes (see DERIVED_ONCE_PER_TEXT).
 *
 * - `procedures_catalogue` writes the catalogue tables and what their derived search projection
 *   and version need, reads what it checks references against, and nothing else: no dossiers, API
 *   keys, rollups or published figures. Created once per cluster, granted this database's tables,
 *   like LeastPrivilegeRoles' roles. It may also keep the seed's checksum in seed_run, but only its
 *   own row ('catalogue'; a row policy, which the owner is not subject to).
 * - ANALYZE needs the table's owner (before PostgreSQL 17's MAINTAIN); the writer asks for it
 *   through analyze_catalogue_search(), which runs as the owner and analyzes the projection only.
 * - catalogue_version went up once per statement, even a statement that changed no row (an upsert
 *   that found everything equal), and several times per transaction. It now goes up once per
 *   transaction that changed at least one row of a catalogue table: the triggers look at the rows
 *   a statement changed (transition tables), and the version row remembers the transaction that
 *   last raised it. An unchanged write leaves it as it was; a write of one record raises it by one.
 */
export class CatalogueWriter1732650000000 implements MigrationInterface {
  name = 'CatalogueWriter1732650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'procedures_catalogue') THEN CREATE ROLE procedures_catalogue NOLOGIN; END IF;
      IF NOT pg_has_role(current_user, 'procedures_catalogue', 'MEMBER') THEN GRANT procedures_catalogue TO CURRENT_USER; END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO procedures_catalogue`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${WRITTEN.join(', ')} TO procedures_catalogue`);
    for (const [table, privileges] of Object.entries(DERIVED)) await q.query(`GRANT ${privileges} ON ${table} TO procedures_catalogue`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON seed_run TO procedures_catalogue`);
    await q.query(`ALTER TABLE seed_run ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY seed_run_catalogue ON seed_run TO procedures_catalogue
                   USING (name = 'catalogue') WITH CHECK (name = 'catalogue')`);

    await q.query(`CREATE FUNCTION analyze_catalogue_search() RETURNS void
                   LANGUAGE sql SECURITY DEFINER SET search_path = public
                   AS $$ ANALYZE procedure_search, search_document $$`);
    await q.query(`REVOKE ALL ON FUNCTION analyze_catalogue_search() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION analyze_catalogue_search() TO procedures_catalogue`);

    await q.query(`
      ALTER TABLE catalogue_version ADD COLUMN changed_in xid8;

      CREATE FUNCTION count_catalogue_change() RETURNS void
      LANGUAGE sql AS $$
        UPDATE catalogue_version SET version = version + 1, changed_in = pg_current_xact_id()
         WHERE changed_in IS DISTINCT FROM pg_current_xact_id()
      $$;

      CREATE OR REPLACE FUNCTION bump_catalogue_version() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM count_catalogue_change();
        RETURN NULL;
      END $$;

      CREATE FUNCTION bump_catalogue_version_if_changed() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT FROM changed_rows) THEN PERFORM count_catalogue_change(); END IF;
        RETURN NULL;
      END $$;
    `);
    for (const table of VERSIONED) {
      await q.query(`DROP TRIGGER ${table}_changes_catalogue ON ${table}`);
      // A trigger with transition tables serves one event only.
      for (const { event, rows } of EVENTS) {
        await q.query(`CREATE TRIGGER ${table}_${event.toLowerCase()}_changes_catalogue AFTER ${event} ON ${table}
                       REFERENCING ${rows} TABLE AS changed_rows
                       FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version_if_changed()`);
      }
      await q.query(`CREATE TRIGGER ${table}_truncate_changes_catalogue AFTER TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`);
    }
    await q.query(DERIVED_ONCE_PER_TEXT);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(DERIVED_PER_PROCEDURE);
    for (const table of VERSIONED) {
      for (const event of [...EVENTS.map((e) => e.event), 'TRUNCATE']) {
        await q.query(`DROP TRIGGER ${table}_${event.toLowerCase()}_changes_catalogue ON ${table}`);
      }
      await q.query(`CREATE TRIGGER ${table}_changes_catalogue AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version()`);
    }
    await q.query(`
      CREATE OR REPLACE FUNCTION bump_catalogue_version() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalogue_version SET version = version + 1;
        RETURN NULL;
      END $$;
      DROP FUNCTION bump_catalogue_version_if_changed();
      DROP FUNCTION count_catalogue_change();
      ALTER TABLE catalogue_version DROP COLUMN changed_in;
      DROP FUNCTION analyze_catalogue_search();
      DROP POLICY seed_run_catalogue ON seed_run;
      ALTER TABLE seed_run DISABLE ROW LEVEL SECURITY;
    `);
    // Other databases of the cluster may still use the role: only this database's grants go.
    await q.query(`REVOKE ALL ON ${[...WRITTEN, ...Object.keys(DERIVED), 'seed_run'].join(', ')} FROM procedures_catalogue`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM procedures_catalogue`);
  }
}
