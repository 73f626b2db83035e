import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

describe('looking things up', () => {
  it('returns a real procedure with its whole record', async () => {
    const { data, errors } = await t.query(`{
      procedure(code: "1.001193") {
        id code name nameEn level isOneStop isRepresentative status effectiveFrom updatedAt
        field { id code name } implementingAgency { code level unit { code name } }
        channels { channel processingTime { value unit description } fees { kind amountVnd description } }
        requiredDocuments { name originals copies isRequired } steps { position description }
        subjects results legalBasis { number title }
      } }`);
    expect(errors).toBeUndefined();
    const p = data!.procedure;
    expect(p).toMatchObject({ code: '1.001193', name: 'Đăng ký khai sinh', nameEn: 'Birth registration', level: 'COMMUNE', isRepresentative: false });
    expect(p.field.name).toBe('Hộ tịch');
    expect(p.implementingAgency).toMatchObject({ level: 'COMMUNE', unit: { code: '20' } });
    expect(p.channels.map((c: any) => c.channel)).toContain('IN_PERSON');
    expect(p.steps.map((s: any) => s.position)).toEqual(p.steps.map((_: unknown, i: number) => i + 1));
    expect(p.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives every scalar of a record as the database holds it, on a page and by code', async () => {
    const SCALARS = `code name version nameEn level isOneStop isInterconnected onlineServiceLevel subjects results conditions
      announcementDecision status effectiveFrom effectiveTo updatedAt minProcessingDays isFree minFeeVnd isRepresentative representativeFields`;
    const COLUMNS = `code, name, version, name_en AS "nameEn", level, is_one_stop AS "isOneStop", is_interconnected AS "isInterconnected",
      online_service_level AS "onlineServiceLevel", subjects, results, conditions, announcement_decision AS "announcementDecision",
      status, effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", updated_at AS "updatedAt",
      min_processing_days::float8 AS "minProcessingDays", is_free AS "isFree", min_fee_vnd::float8 AS "minFeeVnd",
      is_representative AS "isRepresentative", representative_fields AS "representativeFields"`;
    // Records with each kind of value: part days, a fee, conditions; then the page they start.
    const rows = await t.db.sql.rows<Record<string, unknown>>(
      `(SELECT ${COLUMNS} FROM procedure WHERE min_processing_days % 1 <> 0 ORDER BY name, id LIMIT 1)
       UNION ALL (SELECT ${COLUMNS} FROM procedure WHERE min_fee_vnd > 0 AND conditions IS NOT NULL ORDER BY name, id LIMIT 1)`,
    );
    const expected = rows.map((row) => ({ ...row, code: row.code as string, updatedAt: (row.updatedAt as Date).getTime() }));
    const read = (node: any) => ({ ...node, updatedAt: Date.parse(node.updatedAt) });
    const { data, errors } = await t.query(
      `query ($a: String!, $b: String!) { a: procedure(code: $a) { ${SCALARS} } b: procedure(code: $b) { ${SCALARS} }
         page: procedures(first: 1, search: $a) { edges { node { ${SCALARS} } } } }`,
      { a: expected[0].code, b: expected[1].code },
    );
    expect(errors).toBeUndefined();
    expect([read(data!.a), read(data!.b), read(data!.page.edges[0].node)]).toEqual([expected[0], expected[1], expected[0]]);
  });

  it("a page's procedures carry their global ids when asked for", async () => {
    const { data, errors } = await t.query(`{ procedures(first: 3) { edges { node { id code } } } }`);
    expect(errors).toBeUndefined();
    const nodes = data!.procedures.edges.map((e: { node: { id: string; code: string } }) => e.node);
    expect(nodes).toHaveLength(3);
    for (const node of nodes) expect(Buffer.from(node.id, 'base64url').toString()).toBe(`Procedure:${node.code}`);
  });

  it('resolves global ids of every kind with node()', async () => {
    const { data } = await t.query(`{
      procedure(code: "1.001193") { id field { id } implementingAgency { id unit { id } } } }`);
    const p = data!.procedure;
    const NODE = `query ($id: ID!) { node(id: $id) { __typename id
      ... on Procedure { code } ... on Field { code } ... on Agency { code } ... on AdministrativeUnit { code } } }`;
    for (const [id, typename] of [
      [p.id, 'Procedure'],
      [p.field.id, 'Field'],
      [p.implementingAgency.id, 'Agency'],
      [p.implementingAgency.unit.id, 'AdministrativeUnit'],
    ]) {
      const { data: found, errors } = await t.query(NODE, { id });
      expect(errors).toBeUndefined();
      expect(found!.node).toMatchObject({ __typename: typename, id });
    }
    const missing = await t.query(NODE, { id: Buffer.from('Procedure:0.000000').toString('base64url') });
    expect(missing.data!.node).toBeNull();
  });

  it('lists every field with its procedure count', async () => {
    const { data } = await t.query(`{ fields { code name procedureCount } }`);
    const [{ n }] = await t.db.sql.rows<{ n: number }>('SELECT count(*)::int AS n FROM field');
    expect(data!.fields).toHaveLength(n);
    expect(data!.fields.reduce((sum: number, f: any) => sum + f.procedureCount, 0)).toBe(1823);
  });

  it('pages agencies by level', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total: number;
    do {
      const { data, errors }: any = await t.query(
        `query ($after: String) { agencies(level: COMMUNE, first: 40, after: $after) {
           totalCount edges { node { code level unit { level } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      total = data.agencies.totalCount;
      for (const { node } of data.agencies.edges) {
        expect(node.level).toBe('COMMUNE');
        seen.push(node.code);
      }
      after = data.agencies.pageInfo.hasNextPage ? data.agencies.pageInfo.endCursor : null;
    } while (after);
    const [{ n }] = await t.db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM agency WHERE level = 'COMMUNE'`);
    expect(total).toBe(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('lists units under a parent, with the real official codes', async () => {
    const { data } = await t.query(`{
      administrativeUnit(code: "20") { name level parent { code } }
      administrativeUnits(parentCode: "178", first: 100) { totalCount edges { node { code name level parent { code } } } } }`);
    expect(data!.administrativeUnit).toEqual({ name: 'Tỉnh Lạng Sơn', level: 'PROVINCE', parent: null });
    const wards = data!.administrativeUnits.edges.map((e: any) => e.node);
    expect(wards[0]).toEqual({ code: '05971', name: 'Phường Hoàng Văn Thụ', level: 'COMMUNE', parent: { code: '178' } });
    expect(data!.administrativeUnits.totalCount).toBe(wards.length);
  });

  it('counts units by level as in the reference data', async () => {
    const { data } = await t.query(`{
      p: administrativeUnits(level: PROVINCE) { totalCount }
      d: administrativeUnits(level: DISTRICT) { totalCount }
      c: administrativeUnits(level: COMMUNE) { totalCount } }`);
    expect([data!.p.totalCount, data!.d.totalCount, data!.c.totalCount]).toEqual([3, 43, 813]);
  });
});
