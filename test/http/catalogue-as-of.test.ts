import { CatalogueWriter } from '../../src/catalogue/write/catalogue-writer';
import { procedureRecord } from '../support/builders';
import { createTestApp, type TestApp } from '../support/test-app';

/** The server's clock: 1 March 2026 in Vietnam, moved by the tests. */
let now = new Date('2026-03-01T12:00:00+07:00');
let t: TestApp;

const ACT = {
  number: '99/QĐ-UBND-THU',
  title: 'Quyết định công bố thủ tục hành chính được sửa đổi (thử nghiệm)',
  issuer: 'Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn',
  issuedOn: '2026-02-20',
  isRepresentative: true,
};
const RENAMED = 'Đăng ký khai sinh (sửa đổi từ 1/7/2026)';

beforeAll(async () => {
  t = await createTestApp({ clock: () => now });
  const writer = new CatalogueWriter(t.db.roles.catalogue, () => now);
  // Recorded on 1 March: a renaming in force from 1 July, and a removal in force from 1 June.
  await writer.write({
    legalActs: [ACT],
    procedures: [procedureRecord('1.001193', { name: RENAMED, enactedBy: { legalAct: ACT.number, validFrom: '2026-07-01' } })],
  });
  await writer.write({ replacing: { codePrefix: 'R.000010' }, enactedBy: { legalAct: ACT.number, validFrom: '2026-06-01' } });
});
afterAll(() => t.close());

const NAME = `query ($asOf: Date) { procedure(code: "1.001193", asOf: $asOf) { name } }`;
const REMOVED = `query ($asOf: Date) { procedure(code: "R.000010", asOf: $asOf) { code } }`;
const SUMMARY = `query ($asOf: Date) { catalogueSummary(asOf: $asOf) { total byLevel { level count } } }`;
const PAGE = `query ($asOf: Date, $after: String) {
  procedures(first: 100, after: $after, orderBy: { field: CODE, direction: ASC }, asOf: $asOf) {
    totalCount edges { node { code } } pageInfo { hasNextPage endCursor }
  }
}`;

const nameOn = async (asOf?: string) => (await t.query(NAME, { asOf })).data!.procedure?.name as string | undefined;

interface ProcedurePage {
  procedures: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every code in force on `asOf`, page by page, and the total the pages report. */
async function allCodes(asOf: string): Promise<{ codes: string[]; totalCount: number }> {
  const codes: string[] = [];
  const totals = new Set<number>();
  for (let after: string | null = null, more = true; more;) {
    const response: Awaited<ReturnType<typeof t.query<ProcedurePage>>> = await t.query<ProcedurePage>(PAGE, { asOf, after });
    expect(response.errors).toBeUndefined();
    const { totalCount, edges, pageInfo } = response.data!.procedures;
    totals.add(totalCount);
    codes.push(...edges.map((e) => e.node.code));
    after = pageInfo.endCursor;
    more = pageInfo.hasNextPage;
  }
  // Every page reports the same total.
  expect(totals.size).toBe(1);
  return { codes, totalCount: [...totals][0] };
}

describe('the catalogue as of a day', () => {
  it('answers a procedure as in force on the day asked, today by default', async () => {
    expect(await nameOn()).toBe('Đăng ký khai sinh');
    expect(await nameOn('2026-06-30')).toBe('Đăng ký khai sinh');
    expect(await nameOn('2026-07-01')).toBe(RENAMED);
    expect((await t.query(REMOVED, { asOf: '2026-05-31' })).data!.procedure).toEqual({ code: 'R.000010' });
    expect((await t.query(REMOVED, { asOf: '2026-06-01' })).data!.procedure).toBeNull();
  });

  it('counts and pages through the procedures in force on that day, with every page consistent', async () => {
    const before = await t.query(SUMMARY, { asOf: '2026-05-31' });
    const after = await t.query(SUMMARY, { asOf: '2026-06-01' });
    expect(before.data!.catalogueSummary.total).toBe(1823);
    expect(after.data!.catalogueSummary.total).toBe(1822);
    const { count: removedLevelBefore } = before.data!.catalogueSummary.byLevel.find((l: { level: string }) => l.level === 'PROVINCE');
    const { count: removedLevelAfter } = after.data!.catalogueSummary.byLevel.find((l: { level: string }) => l.level === 'PROVINCE');
    const level = await t.db.sql.one<{ level: string }>(`SELECT level FROM procedure WHERE code = 'R.000010' LIMIT 1`);
    expect(removedLevelBefore - removedLevelAfter).toBe(level!.level === 'PROVINCE' ? 1 : 0);

    const june = await allCodes('2026-06-01');
    expect(june.codes).toHaveLength(1822);
    expect(june.totalCount).toBe(1822);
    expect(new Set(june.codes).size).toBe(1822);
    expect(june.codes).not.toContain('R.000010');

    // Before the seed's first announcement (2021) nothing was in force; in between, what had been announced.
    expect(await allCodes('2020-12-31')).toEqual({ codes: [], totalCount: 0 });
    const announced = await t.db.sql.one<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE version = 1 AND valid_from <= '2023-06-30'`);
    const mid2023 = await allCodes('2023-06-30');
    expect(mid2023.codes).toHaveLength(announced!.n);
    expect(mid2023.totalCount).toBe(announced!.n);
  });

  it('takes a scheduled change into account from midnight of its day, with no stale cached answer', async () => {
    now = new Date('2026-06-30T23:59:00+07:00');
    expect(await nameOn()).toBe('Đăng ký khai sinh');
    expect(await nameOn()).toBe('Đăng ký khai sinh'); // now from the response cache
    expect((await t.query(SUMMARY)).data!.catalogueSummary.total).toBe(1822);
    now = new Date('2026-07-01T00:00:01+07:00');
    expect(await nameOn()).toBe(RENAMED);
    now = new Date('2026-03-01T12:00:00+07:00');
  });

  it('keeps search counts and facets per day: a removal taking effect at midnight leaves the counts', async () => {
    const { name } = (await t.db.sql.one<{ name: string }>(`SELECT name FROM procedure WHERE code = 'R.000010' LIMIT 1`))!;
    const COUNTS = `query ($q: String) { procedures(search: $q, first: 1) { totalCount } catalogueSummary(search: $q) { total } }`;
    const counts = async () => {
      const { data, errors } = await t.query(COUNTS, { q: name });
      expect(errors).toBeUndefined();
      return [data!.procedures.totalCount, data!.catalogueSummary.total];
    };
    now = new Date('2026-05-31T23:59:00+07:00');
    const before = await counts();
    expect(before[0]).toBeGreaterThan(0);
    expect(await counts()).toEqual(before); // from the count caches now
    now = new Date('2026-06-01T00:00:01+07:00');
    expect(await counts()).toEqual([before[0] - 1, before[1] - 1]);
    now = new Date('2026-03-01T12:00:00+07:00');
  });

  it('suggests, as the user types, the procedures in force today only', async () => {
    const { name } = (await t.db.sql.one<{ name: string }>(`SELECT name FROM procedure WHERE code = 'R.000010' LIMIT 1`))!;
    const SUGGEST = `query ($p: String!) { procedureSuggestions(prefix: $p, first: 20) { code } }`;
    const suggested = async () => ((await t.query(SUGGEST, { p: name })).data!.procedureSuggestions as { code: string }[]).map((s) => s.code);
    expect(await suggested()).toContain('R.000010');
    now = new Date('2026-06-01T00:00:01+07:00');
    expect(await suggested()).not.toContain('R.000010');
    now = new Date('2026-03-01T12:00:00+07:00');
  });

  it.each([
    ['before 1945', '1944-12-31', /asOf must be a day from 1945-01-01 to 2036-03-01/],
    ['more than ten years ahead', '2036-03-02', /asOf must be a day from 1945-01-01/],
  ])('refuses a day %s', async (_, asOf, message) => {
    const { status, errors } = await t.query(NAME, { asOf });
    expect(status).toBe(200);
    expect(errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(message), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });

  it('refuses a day that is not one', async () => {
    const { status, errors } = await t.query(NAME, { asOf: '2026-02-30' });
    expect(status).toBe(400);
    expect(errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(t.loggedErrors).toEqual([]);
  });
});
