import { CITIZEN_QUERIES } from '../support/citizen-queries';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const SEARCH = `query ($q: String, $first: Int, $after: String, $last: Int, $before: String, $filter: ProcedureFilter, $orderBy: ProcedureOrder) {
  procedures(search: $q, first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor searchRank nameHighlight { text matched } node { code name level } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function top(q: string, n = 3): Promise<string[]> {
  const { data, errors } = await t.query(SEARCH, { q, first: n });
  expect(errors).toBeUndefined();
  return data!.procedures.edges.map((e: any) => e.node.code);
}

describe('search ranking', () => {
  it.each(CITIZEN_QUERIES)('"$q" finds $code ($why)', async ({ q, code, within }) => {
    expect((await top(q, within)).slice(0, within)).toContain(code);
  });

  it('a form name finds the procedures that use the form', async () => {
    const { data } = await t.query(`{ procedures(search: "to khai dang ky khai sinh", first: 3) {
      edges { node { name requiredDocuments { name } } } } }`);
    for (const { node } of data!.procedures.edges) {
      expect(node.name).toMatch(/khai sinh/i);
      expect(node.requiredDocuments.map((d: any) => d.name).join(' ')).toMatch(/Tờ khai đăng ký khai sinh/);
    }
  });

  it('a field name finds the procedures of that field first', async () => {
    const { data } = await t.query(`{ procedures(search: "hộ tịch", first: 10) { edges { node { field { name } } } } }`);
    const fields = data!.procedures.edges.map((e: any) => e.node.field.name);
    expect(fields.filter((f: string) => f === 'Hộ tịch').length).toBeGreaterThanOrEqual(8);
  });

  describe('on procedures written to test one rule each', () => {
    beforeAll(async () => {
      // Names that fold to the same text, or share words, so each rule decides alone.
      const names: [string, string, string | null][] = [
        ['T.0001', 'Cấp phép bán hàng rong quokka', null],
        ['T.0002', 'Cấp phép bàn hàng rong quokka', null],
        ['T.0003', 'Đăng ký wombat numbat', null],
        ['T.0004', 'Wombat khai báo về numbat', null],
        ['T.0005', 'Thẩm định hồ sơ kiểm định capybara', null],
        ['T.0006', 'Cấp chứng chỉ hành nghề', 'Thẩm định hồ sơ kiểm định capybara'],
        ['T.0007', 'Xác nhận axolotl', null],
        ['T.0008', 'Xác nhận axolotl', null],
      ];
      for (const [code, name, document] of names) {
        await t.db.sql.rows(
          `INSERT INTO procedure (code, version, valid_from, name, level, field_id, implementing_agency_id, status, effective_from, is_one_stop,
                                  is_interconnected, online_service_level, is_representative, updated_at, content_hash)
           SELECT $1, 1, '2025-01-01', $2, 'COMMUNE', f.id, a.id, 'PUBLIC', '2025-01-01', true, false, 'NONE', true, now(), 'test'
             FROM field f, agency a WHERE f.code = 'ho-tich' AND a.code = '20.UBND-XA'`,
          [code, name],
        );
        if (document) {
          await t.db.sql.rows(
            `INSERT INTO required_document (procedure_id, position, name, originals, copies, is_required)
             SELECT id, 0, $2, 1, 0, true FROM procedure WHERE code = $1`,
            [code, document],
          );
        }
      }
      await t.db.sql.rows(`SELECT refresh_procedure_derived(array_agg(id)) FROM procedure WHERE code LIKE 'T.%'`);
    });

    it("the user's exact diacritics beat a folded match", async () => {
      expect(await top('bán hàng rong quokka', 2)).toEqual(['T.0001', 'T.0002']);
      expect(await top('bàn hàng rong quokka', 2)).toEqual(['T.0002', 'T.0001']);
    });

    it('a phrase beats the same words scattered', async () => {
      expect(await top('wombat numbat', 2)).toEqual(['T.0003', 'T.0004']);
    });

    it('a name match beats a document-name match', async () => {
      expect(await top('thẩm định hồ sơ kiểm định capybara', 2)).toEqual(['T.0005', 'T.0006']);
    });

    it('ties break the same way every time', async () => {
      const first = await top('xac nhan axolotl', 2);
      expect(first.sort()).toEqual(['T.0007', 'T.0008']);
      for (let i = 0; i < 3; i++) expect(await top('xac nhan axolotl', 2)).toEqual(await top('xac nhan axolotl', 2));
    });
  });
});

describe('vocabulary', () => {
  it('holds every word the search index has, so completions of a half-typed word miss nothing', async () => {
    const missing = await t.db.sql.rows<{ word: string }>(
      `SELECT DISTINCT word FROM procedure_search s, unnest(tsvector_to_array(s.text_vector)) AS word
        WHERE NOT EXISTS (SELECT 1 FROM search_term WHERE term = word) LIMIT 5`,
    );
    expect(missing).toEqual([]);
  });

  it('finds with a half-typed last word everything its prefix finds', async () => {
    for (const [q, words] of [
      ['dang ky khai si', 'dang & ki & khai & si:*'],
      ['giay phep xay d', 'giai & phep & xai & d:*'],
    ]) {
      const { data } = await t.query(SEARCH, { q, first: 100 });
      const found = data!.procedures.edges.map((e: any) => e.node.code);
      const byPrefix = await t.db.sql.rows<{ code: string }>(
        `SELECT p.code FROM procedure p JOIN procedure_search s ON s.procedure_id = p.id WHERE s.text_vector @@ $1::tsquery`,
        [words],
      );
      expect(byPrefix.length).toBeGreaterThan(0);
      expect(byPrefix.length).toBeLessThanOrEqual(100);
      expect(found).toEqual(expect.arrayContaining(byPrefix.map((r) => r.code)));
    }
  });
});

describe('documents', () => {
  it('a phrase of a required document finds the procedures that require it, below name matches', async () => {
    const { data } = await t.query(SEARCH, { q: 'giấy chứng sinh', first: 50 });
    const codes = data!.procedures.edges.map((e: any) => e.node.code);
    const requiring = await t.db.sql.rows<{ code: string }>(
      `SELECT DISTINCT p.code FROM procedure p JOIN required_document d ON d.procedure_id = p.id
        WHERE vn_words(d.name) LIKE '% giai chung sinh%'`,
    );
    expect(requiring.length).toBeGreaterThan(0);
    for (const { code } of requiring) expect(codes).toContain(code);
  });

  it('a phrase in the documents of more than 2% of the catalogue is too general to search documents', async () => {
    // "bản sao" (a copy) heads documents of hundreds of procedures: those that merely require a
    // copy of something are not results for "bản sao".
    const [{ requiring, total }] = await t.db.sql.rows<{ requiring: number; total: number }>(
      `SELECT count(DISTINCT d.procedure_id)::int AS requiring, (SELECT count(*)::int FROM procedure) AS total
         FROM required_document d WHERE vn_words(d.name) LIKE '% ban sao%'`,
    );
    expect(requiring).toBeGreaterThan(0.02 * total);
    const { data } = await t.query(SEARCH, { q: 'bản sao', first: 100 });
    const codes: string[] = data!.procedures.edges.map((e: any) => e.node.code);
    const documentOnly = await t.db.sql.rows<{ code: string }>(
      `SELECT p.code FROM procedure p JOIN field f ON f.id = p.field_id JOIN agency a ON a.id = p.implementing_agency_id
        WHERE p.code = ANY($1)
          AND NOT vn_words(p.name || ' ' || f.name || ' ' || a.name || ' ' || array_to_string(p.results, ' ')) LIKE '% ban % sao%'
          AND NOT vn_words(p.name || ' ' || f.name || ' ' || a.name || ' ' || array_to_string(p.results, ' ')) LIKE '% sao % ban%'`,
      [codes],
    );
    expect(codes.length).toBeGreaterThan(0);
    expect(documentOnly).toEqual([]);
  });

  it('counts the procedures that use each document', async () => {
    const wrong = await t.db.sql.rows<{ words: string }>(
      `SELECT d.words FROM search_document d
        WHERE d.uses <> (SELECT count(*) FROM procedure_search s WHERE d.id = ANY (s.document_ids))`,
    );
    expect(wrong).toEqual([]);
  });
});

describe('search results', () => {
  it('highlights the matched words of the name, as plain text', async () => {
    const { data } = await t.query(SEARCH, { q: 'dang ky khai si', first: 1 });
    const [edge] = data!.procedures.edges;
    expect(edge.nameHighlight.map((s: any) => s.text).join('')).toBe(edge.node.name);
    expect(edge.nameHighlight.filter((s: any) => s.matched).map((s: any) => s.text)).toEqual(['Đăng', 'ký', 'khai', 'sinh']);
    expect(edge.searchRank).toBeGreaterThan(0);
  });

  it('has no rank or highlight without a search', async () => {
    const { data } = await t.query(SEARCH, { first: 1 });
    expect(data!.procedures.edges[0]).toMatchObject({ searchRank: null, nameHighlight: null });
  });

  it('treats empty and blank searches as no search', async () => {
    const [{ n }] = await t.db.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM procedure');
    for (const q of ['', '   ', '\t\n']) {
      const { data, errors } = await t.query(SEARCH, { q, first: 1 });
      expect(errors).toBeUndefined();
      expect(data!.procedures.totalCount).toBe(n);
      expect(data!.procedures.edges[0].searchRank).toBeNull();
    }
  });

  it.each([
    ["'; DROP TABLE procedure; --", 'sql'],
    ['khai & sinh | !ket <-> hon', 'tsquery operators'],
    ['khai:* sinh:A', 'tsquery weights'],
    ['%_\\', 'LIKE wildcards'],
    ['👶 khai sinh 🎉', 'emoji'],
    ['"dang ky" (khai) [sinh]', 'quotes and brackets'],
  ])('input with %s is text, not syntax (%s)', async (q) => {
    const response = await t.query(SEARCH, { q, first: 3 });
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    const [{ n }] = await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE code NOT LIKE 'T.%'`);
    expect(n).toBe(1823);
    expect(t.loggedErrors).toEqual([]);
  });

  it('emoji around words still find the words', async () => {
    expect(await top('👶 khai sinh 🎉', 3)).toContain('1.001193');
  });

  it('accepts 200 characters and refuses 201', async () => {
    const long = 'đăng ký khai sinh '.repeat(20).slice(0, 200);
    const ok = await t.query(SEARCH, { q: long, first: 1 });
    expect(ok.errors).toBeUndefined();
    const tooLong = await t.query(SEARCH, { q: `${long}x`, first: 1 });
    expect(tooLong.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0].message).toMatch(/at most 200 characters/);
  });

  it('combines with filters', async () => {
    const { data } = await t.query(SEARCH, { q: 'giay phep', first: 100, filter: { levels: ['PROVINCE'], isOneStop: true } });
    expect(data!.procedures.totalCount).toBeGreaterThan(0);
    const codes = data!.procedures.edges.map((e: any) => e.node.code);
    const rows = await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE code = ANY($1) AND level = 'PROVINCE' AND is_one_stop`, [
      codes,
    ]);
    expect(rows[0].n).toBe(codes.length);
  });

  it('an explicit order wins over relevance', async () => {
    const { data } = await t.query(SEARCH, { q: 'khai sinh', first: 50, orderBy: { field: 'CODE', direction: 'ASC' } });
    const codes = data!.procedures.edges.map((e: any) => e.node.code);
    expect(codes).toEqual([...codes].sort());
  });

  it.each([7, 25])('pages through all results by relevance in pages of %i, both ways, each once', async (size) => {
    const q = 'giay phep';
    const all = await t.query(SEARCH, { q, first: 100 });
    const total = all.data!.procedures.totalCount;
    expect(total).toBeGreaterThan(100);
    const forward: any[] = [];
    let after: string | null = null;
    do {
      const { data }: any = await t.query(SEARCH, { q, first: size, after });
      forward.push(...data.procedures.edges);
      after = data.procedures.pageInfo.hasNextPage ? data.procedures.pageInfo.endCursor : null;
    } while (after);
    expect(forward).toHaveLength(total);
    expect(new Set(forward.map((e) => e.node.code)).size).toBe(total);
    const ranks = forward.map((e) => e.searchRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));

    const backward: any[] = [];
    let before: string | null = null;
    do {
      const { data }: any = await t.query(SEARCH, { q, last: size, before });
      backward.unshift(...data.procedures.edges);
      before = data.procedures.pageInfo.hasPreviousPage ? data.procedures.pageInfo.startCursor : null;
    } while (before);
    expect(backward.map((e) => e.node.code)).toEqual(forward.map((e) => e.node.code));
  });

  it('refuses a relevance cursor of another search', async () => {
    const { data } = await t.query(SEARCH, { q: 'khai sinh', first: 1 });
    const other = await t.query(SEARCH, { q: 'ket hon', first: 1, after: data!.procedures.edges[0].cursor });
    expect(other.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('type-ahead', () => {
  const SUGGEST = `query ($p: String!, $first: Int) { procedureSuggestions(prefix: $p, first: $first) { code name level nameHighlight { text matched } } }`;

  it('suggests the procedure as the user types', async () => {
    for (const prefix of ['dang ky khai s', 'Đăng ký khai sinh', 'DANG KY KHAI SINH']) {
      const { data, errors } = await t.query(SUGGEST, { p: prefix });
      expect(errors).toBeUndefined();
      expect(data!.procedureSuggestions[0]).toMatchObject({ code: '1.001193', name: 'Đăng ký khai sinh', level: 'COMMUNE' });
    }
  });

  it('returns 8 by default and at most `first`', async () => {
    expect((await t.query(SUGGEST, { p: 'da' })).data!.procedureSuggestions).toHaveLength(8);
    expect((await t.query(SUGGEST, { p: 'cap', first: 3 })).data!.procedureSuggestions).toHaveLength(3);
  });

  it('finds words inside the name, not only at its start', async () => {
    const { data } = await t.query(SUGGEST, { p: 'tinh trang hon' });
    expect(data!.procedureSuggestions.map((s: any) => s.code)).toContain('1.004873');
  });

  it('completes codes', async () => {
    const { data } = await t.query(SUGGEST, { p: '1.00119' });
    expect(data!.procedureSuggestions[0].code).toBe('1.001193');
  });

  it('marks the typed words', async () => {
    const { data } = await t.query(SUGGEST, { p: 'ket ho' });
    const suggestion = data!.procedureSuggestions[0];
    expect(suggestion.nameHighlight.map((s: any) => s.text).join('')).toBe(suggestion.name);
    expect(suggestion.nameHighlight.filter((s: any) => s.matched).map((s: any) => s.text.toLowerCase())).toEqual(['kết', 'hôn']);
  });

  it.each([
    ['k', /at least 2/],
    [' x ', /at least 2/],
    ['x'.repeat(101), /at most 100/],
  ])('refuses prefix %j', async (p, message) => {
    const { errors } = await t.query(SUGGEST, { p });
    expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors![0].message).toMatch(message);
  });

  it('refuses first outside 1..20', async () => {
    for (const first of [0, 21]) {
      const { errors } = await t.query(SUGGEST, { p: 'dang', first });
      expect(errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('returns nothing, not an error, for punctuation', async () => {
    const { data, errors } = await t.query(SUGGEST, { p: '!!' });
    expect(errors).toBeUndefined();
    expect(data!.procedureSuggestions).toEqual([]);
  });
});

describe('a search asked again', () => {
  // "Đăng ký kết hôn": a name with neither "khai" nor "sinh", renamed below, then named back.
  const TARGET = '1.000894';
  /** Renames the procedure as the catalogue's writer does: its search projection and the vocabulary follow (and the version moves). */
  const rename = async (name: string) => {
    await t.db.sql.rows(`UPDATE procedure SET name = $2 WHERE code = $1`, [TARGET, name]);
    await t.db.sql.rows(`SELECT refresh_procedure_derived(array_agg(id)) FROM procedure WHERE code = $1`, [TARGET]);
  };

  it('is read with its remembered vocabulary until the catalogue changes, then with the new one', async () => {
    const { data: named } = await t.query(`{ procedure(code: "${TARGET}") { name } }`);
    const name: string = named!.procedure.name;
    expect(name).not.toMatch(/khai|sinh/i);
    // "sibh" is no word of the catalogue: the search reads as "khai sinh", a typo corrected.
    const before = await t.query(SEARCH, { q: 'khai sibh', first: 5 });
    expect(before.data!.procedures.edges.map((e: any) => e.node.code)).not.toContain(TARGET);
    expect(before.data!.procedures.totalCount).toBeGreaterThan(1);
    try {
      await rename(`${name} khai sibh`);
      // Other variables, so that no kept answer can answer: the words are the ones remembered.
      const after = await t.query(SEARCH, { q: 'khai sibh', first: 6 });
      expect(after.errors).toBeUndefined();
      expect(after.data!.procedures.edges.map((e: any) => e.node.code)).toEqual([TARGET]);
      expect(after.data!.procedures.totalCount).toBe(1);
    } finally {
      await rename(name);
    }
    const back = await t.query(SEARCH, { q: 'khai sibh', first: 7 });
    expect(back.data!.procedures.edges.map((e: any) => e.node.code)).not.toContain(TARGET);
  });
});
