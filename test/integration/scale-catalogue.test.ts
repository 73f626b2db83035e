import { parseArgs, removeScaledCatalogue, scaleCatalogue } from '../../tools/scale-catalogue';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

const BASE = 1823;
const FACTOR = 3;

/** Row counts of the procedure and its children, as numbers. */
async function counts(db: TestDatabase) {
  const row = await db.sql.one<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM procedure) AS procedures,
            (SELECT count(*)::int FROM procedure_channel) AS channels,
            (SELECT count(*)::int FROM channel_fee) AS fees,
            (SELECT count(*)::int FROM required_document) AS documents,
            (SELECT count(*)::int FROM procedure_step) AS steps,
            (SELECT count(*)::int FROM procedure_legal_basis) AS legal_basis,
            (SELECT count(*)::int FROM procedure_search) AS search_rows`,
  );
  return row!;
}

describe('scale-catalogue', () => {
  let db: TestDatabase;
  let base: Record<string, number>;

  beforeAll(async () => {
    db = await createTestDatabase();
    base = await counts(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('starts from the seed catalogue', () => {
    expect(base.procedures).toBe(BASE);
    // every child table has rows, or "3 × 0 = 0" would prove nothing
    for (const value of Object.values(base)) expect(value).toBeGreaterThan(0);
  });

  /** Scales (through the catalogue writer, as its role) and checks that every table holds `factor` times its base rows. */
  async function scaleAndCount(factor = FACTOR) {
    const result = await db.roles.catalogue.transaction((client) => scaleCatalogue(client, factor));
    expect(result.procedures).toBe(factor * BASE);
    const after = await counts(db);
    for (const [table, count] of Object.entries(base)) expect([table, after[table]]).toEqual([table, factor * count]);
  }

  const version = async () => (await db.sql.one<{ version: number }>('SELECT version FROM catalogue_version'))!.version;

  it('multiplies procedures and every child table by the factor', scaleAndCount);

  it('names copies X<kk>.<code>, representative, with their own content hash', async () => {
    const rows = await db.sql.rows<{ code: string; is_representative: boolean; content_hash: string; base_hash: string }>(
      `SELECT c.code, c.is_representative, c.content_hash, b.content_hash AS base_hash
         FROM procedure c JOIN procedure b ON b.code = '1.001193'
        WHERE c.code IN ('X01.1.001193', 'X02.1.001193')
        ORDER BY c.code`,
    );
    expect(rows.map((r) => r.code)).toEqual(['X01.1.001193', 'X02.1.001193']);
    for (const row of rows) {
      expect(row.is_representative).toBe(true);
      expect(row.content_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.content_hash).not.toBe(row.base_hash);
    }
    expect(rows[0].content_hash).not.toBe(rows[1].content_hash);
    const { n } = (await db.sql.one<{ n: number }>(`SELECT count(DISTINCT content_hash)::int AS n FROM procedure`))!;
    expect(n).toBe(FACTOR * BASE);
  });

  it('copies every column and child of the original, and the derived list helpers', async () => {
    // Any copy whose columns (other than its own code, flag and hash) or children differ from its original.
    const mismatches = await db.sql.rows<{ code: string }>(
      `WITH pairs AS (
         SELECT c.id AS copy_id, b.id AS base_id, c.code
           FROM procedure c JOIN procedure b ON b.code = substring(c.code FROM '^X[0-9]+\\.(.*)$')
          WHERE c.code LIKE 'X%'
       )
       SELECT x.code FROM pairs x
         JOIN procedure c ON c.id = x.copy_id
         JOIN procedure b ON b.id = x.base_id
        WHERE (c.name, c.name_en, c.level, c.field_id, c.implementing_agency_id, c.status, c.effective_from,
               c.effective_to, c.is_one_stop, c.is_interconnected, c.online_service_level, c.legacy_online_level,
               c.subjects, c.conditions, c.results, c.announcement_decision, c.updated_at,
               c.min_processing_days, c.is_free, c.min_fee_vnd)
              IS DISTINCT FROM
              (b.name, b.name_en, b.level, b.field_id, b.implementing_agency_id, b.status, b.effective_from,
               b.effective_to, b.is_one_stop, b.is_interconnected, b.online_service_level, b.legacy_online_level,
               b.subjects, b.conditions, b.results, b.announcement_decision, b.updated_at,
               b.min_processing_days, b.is_free, b.min_fee_vnd)
           OR (SELECT array_agg((channel, time_value, time_unit, time_description) ORDER BY channel)
                 FROM procedure_channel WHERE procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT array_agg((channel, time_value, time_unit, time_description) ORDER BY channel)
                 FROM procedure_channel WHERE procedure_id = b.id)::text
           OR (SELECT array_agg((pc.channel, f.position, f.kind, f.amount_vnd, f.description) ORDER BY pc.channel, f.position)
                 FROM procedure_channel pc JOIN channel_fee f ON f.channel_id = pc.id WHERE pc.procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT array_agg((pc.channel, f.position, f.kind, f.amount_vnd, f.description) ORDER BY pc.channel, f.position)
                 FROM procedure_channel pc JOIN channel_fee f ON f.channel_id = pc.id WHERE pc.procedure_id = b.id)::text
           OR (SELECT array_agg((position, case_name, name, originals, copies, is_required, form_name, form_url) ORDER BY position)
                 FROM required_document WHERE procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT array_agg((position, case_name, name, originals, copies, is_required, form_name, form_url) ORDER BY position)
                 FROM required_document WHERE procedure_id = b.id)::text
           OR (SELECT array_agg((position, case_name, description) ORDER BY position)
                 FROM procedure_step WHERE procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT array_agg((position, case_name, description) ORDER BY position)
                 FROM procedure_step WHERE procedure_id = b.id)::text
           OR (SELECT array_agg((legal_document_id, position) ORDER BY position)
                 FROM procedure_legal_basis WHERE procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT array_agg((legal_document_id, position) ORDER BY position)
                 FROM procedure_legal_basis WHERE procedure_id = b.id)::text
           OR (SELECT (name_words, name_lower, text_vector, document_ids) FROM procedure_search WHERE procedure_id = c.id)::text
              IS DISTINCT FROM
              (SELECT (name_words, name_lower, text_vector, document_ids) FROM procedure_search WHERE procedure_id = b.id)::text
        LIMIT 5`,
    );
    expect(mismatches).toEqual([]);
    const { pairs } = (await db.sql.one<{ pairs: number }>(
      `SELECT count(*)::int AS pairs FROM procedure c
         JOIN procedure b ON b.code = substring(c.code FROM '^X[0-9]+\\.(.*)$') WHERE c.code LIKE 'X%'`,
    ))!;
    expect(pairs).toBe((FACTOR - 1) * BASE);
  });

  it('a copy has the name, level and one-stop flag of its original', async () => {
    const rows = await db.sql.rows<{ code: string; name: string; level: string; is_one_stop: boolean }>(
      `SELECT code, name, level, is_one_stop FROM procedure WHERE code IN ('1.001193', 'X02.1.001193') ORDER BY code`,
    );
    expect(rows).toHaveLength(2);
    const [original, copy] = rows;
    expect(copy).toEqual({ ...original, code: 'X02.1.001193' });
  });

  it('counts the copies among the procedures that use each document', async () => {
    const wrong = await db.sql.rows<{ words: string }>(
      `SELECT d.words FROM search_document d
        WHERE d.uses <> (SELECT count(*) FROM procedure_search s WHERE d.id = ANY (s.document_ids))`,
    );
    expect(wrong).toEqual([]);
    const [{ max }] = await db.sql.rows<{ max: number }>(`SELECT max(uses)::int AS max FROM search_document`);
    expect(max % FACTOR).toBe(0);
  });

  it('is idempotent: a second run with the same factor changes nothing, not even the catalogue version', async () => {
    const before = await version();
    await scaleAndCount();
    expect(await version()).toBe(before);
  });

  it('another factor adds or removes copies', async () => {
    await scaleAndCount(FACTOR + 1);
    await scaleAndCount(FACTOR);
  });

  it('removeScaledCatalogue brings the catalogue back to its base size', async () => {
    const removed = await db.roles.catalogue.transaction((client) => removeScaledCatalogue(client));
    expect(removed).toBe((FACTOR - 1) * BASE);
    expect(await counts(db)).toEqual(base);
  });

  it('rejects a factor outside 2..200', async () => {
    for (const factor of [1, 201, 2.5]) {
      await expect(db.roles.catalogue.transaction((client) => scaleCatalogue(client, factor))).rejects.toThrow(/2 to 200/);
    }
    expect((await counts(db)).procedures).toBe(BASE);
  });

  it('parses the command line', () => {
    expect(parseArgs([])).toEqual({ factor: 50, remove: false });
    expect(parseArgs(['--factor', '7'])).toEqual({ factor: 7, remove: false });
    expect(parseArgs(['--factor=200'])).toEqual({ factor: 200, remove: false });
    expect(parseArgs(['--remove'])).toEqual({ factor: 50, remove: true });
    expect(() => parseArgs(['--factor', '1'])).toThrow(/2 to 200/);
    expect(() => parseArgs(['--factor', 'ten'])).toThrow(/2 to 200/);
    expect(() => parseArgs(['--factor'])).toThrow(/got nothing/);
    expect(() => parseArgs(['--fator', '3'])).toThrow(/unknown argument/);
  });
});
