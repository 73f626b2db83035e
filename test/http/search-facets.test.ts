import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const FACETS = `query ($search: String, $filter: ProcedureFilter) {
  catalogueSummary(search: $search, filter: $filter) {
    total
    byLevel { level count }
    byField { field { code } count }
    byOnlineServiceLevel { onlineServiceLevel count }
    byOneStop { isOneStop count }
    byLevelAndOneStop { level isOneStop count }
  }
  procedures(search: $search, filter: $filter, first: 1) { totalCount }
}`;

/** Every procedure a search finds, read through the API page by page (no filter). */
async function found(search: string): Promise<string[]> {
  const codes: string[] = [];
  let after: string | null = null;
  do {
    const { data }: any = await t.query(
      `query ($q: String, $after: String) { procedures(search: $q, first: 100, after: $after) {
         edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
      { q: search, after },
    );
    codes.push(...data.procedures.edges.map((e: any) => e.node.code));
    after = data.procedures.pageInfo.hasNextPage ? data.procedures.pageInfo.endCursor : null;
  } while (after);
  return codes;
}

/** Independent SQL for one facet: the found set, every filter condition but the facet's own. */
const CONDITIONS: Record<string, (f: any) => string | null> = {
  levels: (f) => (f.levels ? `level IN (${f.levels.map((l: string) => `'${l}'`).join(',')})` : null),
  fieldCodes: (f) => (f.fieldCodes ? `field_id IN (SELECT id FROM field WHERE code IN (${f.fieldCodes.map((c: string) => `'${c}'`).join(',')}))` : null),
  onlineServiceLevels: (f) => (f.onlineServiceLevels ? `online_service_level IN (${f.onlineServiceLevels.map((l: string) => `'${l}'`).join(',')})` : null),
  isOneStop: (f) => (f.isOneStop === undefined ? null : `is_one_stop = ${f.isOneStop}`),
  isFree: (f) => (f.isFree === undefined ? null : `is_free = ${f.isFree}`),
};

async function count(codes: string[], filter: any, groupBy: string, ignore: string[]) {
  const where = Object.entries(CONDITIONS)
    .filter(([key]) => !ignore.includes(key))
    .map(([, condition]) => condition(filter))
    .filter(Boolean);
  const rows = await t.db.sql.rows<{ key: string; n: number }>(
    `SELECT ${groupBy} AS key, count(*)::int AS n FROM procedure
      WHERE code = ANY($1) ${where.map((w) => `AND ${w}`).join(' ')} GROUP BY 1`,
    [codes],
  );
  return Object.fromEntries(rows.map((r) => [String(r.key), r.n]));
}

const CASES = [
  { search: 'giay phep', filter: { levels: ['PROVINCE'], isOneStop: true } },
  { search: 'dang ky', filter: { levels: ['COMMUNE', 'DISTRICT'], onlineServiceLevels: ['FULL'] } },
  { search: 'chung thuc', filter: { fieldCodes: ['chung-thuc'], isFree: false } },
  { search: 'cap lai', filter: { isOneStop: false, isFree: true } },
  { search: 'khai sinh', filter: {} },
];

describe('catalogueSummary with a search (facets)', () => {
  it.each(CASES)('$search with $filter equals independent counts', async ({ search, filter }) => {
    const codes = await found(search);
    expect(codes.length).toBeGreaterThan(0);
    const { data, errors } = await t.query(FACETS, { search, filter });
    expect(errors).toBeUndefined();
    const s = data!.catalogueSummary;

    const all = await count(codes, filter, `'all'`, []);
    expect(s.total).toBe(all.all ?? 0);
    expect(data!.procedures.totalCount).toBe(s.total);

    const byLevel = await count(codes, filter, 'level', ['levels']);
    for (const c of s.byLevel) expect(c.count).toBe(byLevel[c.level] ?? 0);
    const byField = await count(codes, filter, '(SELECT code FROM field WHERE id = field_id)', ['fieldCodes']);
    expect(Object.fromEntries(s.byField.map((c: any) => [c.field.code, c.count]))).toEqual(byField);
    const byOnline = await count(codes, filter, 'online_service_level', ['onlineServiceLevels']);
    for (const c of s.byOnlineServiceLevel) expect(c.count).toBe(byOnline[c.onlineServiceLevel] ?? 0);
    const byOneStop = await count(codes, filter, 'is_one_stop', ['isOneStop']);
    for (const c of s.byOneStop) expect(c.count).toBe(byOneStop[String(c.isOneStop)] ?? 0);
    const cross = await count(codes, filter, `level || ':' || is_one_stop`, ['levels', 'isOneStop']);
    for (const c of s.byLevelAndOneStop) expect(c.count).toBe(cross[`${c.level}:${c.isOneStop}`] ?? 0);
  });

  it('a facet that excludes everything still shows the other choices', async () => {
    const { data } = await t.query(FACETS, { search: '1.001193', filter: { levels: ['PROVINCE'] } });
    const s = data!.catalogueSummary;
    expect(s.total).toBe(0);
    expect(s.byLevel).toEqual([
      { level: 'PROVINCE', count: 0 },
      { level: 'DISTRICT', count: 0 },
      { level: 'COMMUNE', count: 1 },
    ]);
  });
});

describe('counts kept until the catalogue changes', () => {
  it('a new procedure shows in the next count and summary of the same search', async () => {
    const QUERY = `query ($q: String) { procedures(search: $q, first: 1) { totalCount } catalogueSummary(search: $q) { total } }`;
    const before = (await t.query(QUERY, { q: 'giấy phép' })).data!;
    expect(before.procedures.totalCount).toBeGreaterThan(0);
    expect((await t.query(QUERY, { q: 'giấy phép' })).data).toEqual(before);

    await t.db.sql.rows(
      `INSERT INTO procedure (code, version, valid_from, name, level, field_id, implementing_agency_id, status, effective_from, is_one_stop,
                              is_interconnected, online_service_level, is_representative, updated_at, content_hash)
       SELECT 'T.CACHE', 1, '2025-01-01', 'Cấp giấy phép thử nghiệm', 'COMMUNE', f.id, a.id, 'PUBLIC', '2025-01-01', true, false, 'NONE',
              true, now(), 'test'
         FROM field f, agency a WHERE f.code = 'ho-tich' AND a.code = '20.UBND-XA'`,
    );
    await t.db.sql.rows(`SELECT refresh_procedure_derived(array_agg(id)) FROM procedure WHERE code = 'T.CACHE'`);

    const after = (await t.query(QUERY, { q: 'giấy phép' })).data!;
    expect(after.procedures.totalCount).toBe(before.procedures.totalCount + 1);
    expect(after.catalogueSummary.total).toBe(before.catalogueSummary.total + 1);
  });
});
