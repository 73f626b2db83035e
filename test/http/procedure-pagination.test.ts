import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String, $filter: ProcedureFilter, $orderBy: ProcedureOrder) {
  procedures(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function walk(direction: 'forward' | 'backward', size: number, orderBy?: unknown, filter?: unknown): Promise<string[]> {
  const codes: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 2000; pages++) {
    const variables: Record<string, unknown> =
      direction === 'forward' ? { first: size, after: cursor, orderBy, filter } : { last: size, before: cursor, orderBy, filter };
    const { data, errors } = await t.query(PAGE, variables);
    expect(errors).toBeUndefined();
    const { edges, pageInfo } = data!.procedures;
    expect(edges.length).toBeLessThanOrEqual(size);
    const page = edges.map((e: any) => e.node.code);
    if (direction === 'forward') codes.push(...page);
    else codes.unshift(...page);
    if (edges.length) {
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges.at(-1).cursor);
    }
    const more = direction === 'forward' ? pageInfo.hasNextPage : pageInfo.hasPreviousPage;
    if (!more) return codes;
    expect(edges.length).toBe(size);
    cursor = direction === 'forward' ? pageInfo.endCursor : pageInfo.startCursor;
  }
  throw new Error('pagination did not end');
}

/** The expected order, computed by PostgreSQL with the documented sort key and id tie-break. */
async function expected(orderSql: string, where = 'true'): Promise<string[]> {
  const rows = await t.db.sql.rows<{ code: string }>(`SELECT code FROM procedure WHERE ${where} ORDER BY ${orderSql}`);
  return rows.map((r) => r.code);
}

const ORDERS = [
  { orderBy: undefined, sql: 'name, id' },
  { orderBy: { field: 'CODE', direction: 'ASC' }, sql: 'code, id' },
  { orderBy: { field: 'NAME', direction: 'DESC' }, sql: 'name DESC, id DESC' },
  { orderBy: { field: 'UPDATED_AT', direction: 'DESC' }, sql: 'updated_at DESC, id DESC' },
  { orderBy: { field: 'PROCESSING_TIME', direction: 'ASC' }, sql: `coalesce(min_processing_days, 'Infinity'), id` },
];

describe('procedures pagination', () => {
  it.each([
    ['forward', 100],
    ['backward', 100],
    ['forward', 37],
    ['backward', 64],
  ] as const)('walking %s in pages of %i returns every procedure once, in order', async (direction, size) => {
    const codes = await walk(direction, size);
    expect(codes).toHaveLength(1823);
    expect(new Set(codes).size).toBe(1823);
    expect(codes).toEqual(await expected('name, id'));
  });

  it.each(ORDERS)('order $sql is stable and complete in both directions', async ({ orderBy, sql }) => {
    const want = await expected(sql, `level = 'DISTRICT'`);
    const filter = { levels: ['DISTRICT'] };
    expect(await walk('forward', 50, orderBy, filter)).toEqual(want);
    expect(await walk('backward', 23, orderBy, filter)).toEqual(want);
    // asking again gives the same order: ties are broken by id, not by chance
    expect(await walk('forward', 50, orderBy, filter)).toEqual(want);
  });

  it('the processing-time order puts unknown times last and is not all ties', async () => {
    const codes = await walk('forward', 100, { field: 'PROCESSING_TIME', direction: 'ASC' });
    const days = await t.db.sql.rows<{ code: string; d: number | null }>(`SELECT code, min_processing_days AS d FROM procedure`);
    const byCode = new Map(days.map((r) => [r.code, r.d]));
    const sequence = codes.map((c) => byCode.get(c) ?? Infinity);
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    expect(new Set(sequence).size).toBeGreaterThan(5);
  });

  it('defaults to 20 items and reports total and page flags', async () => {
    const { data } = await t.query(PAGE, {});
    expect(data!.procedures.edges).toHaveLength(20);
    expect(data!.procedures.totalCount).toBe(1823);
    expect(data!.procedures.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('continues from a cursor after the filter matched an empty page', async () => {
    const { data } = await t.query(PAGE, { filter: { statuses: ['ABOLISHED'] } });
    expect(data!.procedures).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});
