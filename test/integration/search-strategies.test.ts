import { vietnamDay } from '../../src/shared/clock';
import { ProcedureService } from '../../src/catalogue/procedure.service';
import type { ProceduresArgs } from '../../src/catalogue/procedure.inputs';
import { ProcedureSearchService } from '../../src/catalogue/search/procedure-search.service';
import { CITIZEN_QUERIES } from '../support/citizen-queries';
import { createTestDatabase, type TestDatabase } from '../support/test-cluster';

/**
 * A search page is read in one of two ways (ProcedureSearchService): ranking every match, or
 * reading each relevance class in name-length order. At the seed's size every search takes the
 * first way, so these tests make a service that always takes the second (a small-result limit
 * of 0) and check that both give the same list, page by page, in both directions.
 */
let db: TestDatabase;
let rankAll: ProcedureService;
let byClass: ProcedureService;

beforeAll(async () => {
  db = await createTestDatabase();
  rankAll = new ProcedureService(db.sql);
  byClass = new ProcedureService(db.sql, new ProcedureSearchService(db.sql, undefined, undefined, 0));
});
afterAll(() => db?.drop());

interface Listed {
  codes: string[];
  ranks: number[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

async function list(service: ProcedureService, args: ProceduresArgs): Promise<Listed> {
  const page = await service.list(args, new Set(), vietnamDay(new Date()));
  const [edges, pageInfo, totalCount] = await Promise.all([page.edges, page.pageInfo, page.totalCount]);
  return {
    codes: edges.map((e) => e.node.code),
    ranks: edges.map((e) => (e as unknown as { searchRank: number }).searchRank),
    cursors: edges.map((e) => e.cursor),
    hasNextPage: pageInfo.hasNextPage,
    hasPreviousPage: pageInfo.hasPreviousPage,
    totalCount,
  };
}

/** Pages forward through a search with both services, comparing each page; returns every code. */
async function pageThrough(search: string, size: number, pages: number, filter?: ProceduresArgs['filter']): Promise<string[]> {
  const codes: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < pages; i++) {
    const args: ProceduresArgs = { search, first: size, after, filter };
    const [a, b] = await Promise.all([list(rankAll, args), list(byClass, args)]);
    expect(b).toEqual(a);
    codes.push(...a.codes);
    if (!a.hasNextPage) break;
    after = a.cursors.at(-1)!;
  }
  return codes;
}

const WORD_QUERIES = CITIZEN_QUERIES.map((c) => c.q).filter((q) => !/^\s*\d/.test(q));
const BROAD = ['giấy phép', 'giay phep', 'đăng ký', 'cấp', 'hộ tịch', 'chứng thực', 'đất đai', 'cáp', 'phep giay', 'kinh doanh'];

describe('reading a search by relevance class gives the list ranking every match gives', () => {
  it.each([...WORD_QUERIES, ...BROAD])('"%s", first pages of 20', async (q) => {
    const codes = await pageThrough(q, 20, 3);
    expect(codes.length).toBeGreaterThan(0);
  });

  it.each(['giay phep', 'đăng ký', 'hộ tịch'])('"%s" to the end, in pages of 37', async (q) => {
    const codes = await pageThrough(q, 37, 100);
    expect(new Set(codes).size).toBe(codes.length);
    const { totalCount } = await list(rankAll, { search: q, first: 1 });
    expect(codes).toHaveLength(totalCount);
  });

  it('with a filter', async () => {
    const filter = { levels: ['PROVINCE' as never], isOneStop: true };
    const codes = await pageThrough('giấy phép', 25, 4, filter);
    const rows = await db.sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM procedure WHERE code = ANY($1) AND level = 'PROVINCE' AND is_one_stop`, [
      codes,
    ]);
    expect(rows[0].n).toBe(codes.length);
  });

  it('backwards from a cursor deep in the list, and the last page', async () => {
    const forward = await list(rankAll, { search: 'giấy phép', first: 100 });
    const cursor = forward.cursors[60];
    const args: ProceduresArgs = { search: 'giấy phép', last: 15, before: cursor };
    const [a, b] = await Promise.all([list(rankAll, args), list(byClass, args)]);
    expect(b).toEqual(a);
    expect(a.codes).toEqual(forward.codes.slice(45, 60));
    const [lastA, lastB] = await Promise.all([list(rankAll, { search: 'giấy phép', last: 5 }), list(byClass, { search: 'giấy phép', last: 5 })]);
    expect(lastB).toEqual(lastA);
    expect(lastA.hasNextPage).toBe(false);
  });
});
